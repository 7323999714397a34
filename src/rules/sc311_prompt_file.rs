use crate::{diagnostic::Diagnostic, lint::Context};

crate::declare_rule! {
  /// ## What it checks
  /// That an agent's `prompt_file` exists, relative to the stack file, and is
  /// UTF-8 text.
  ///
  /// ## Why
  /// The prompt is compiled into `orchestratai/agents.json`; a missing file
  /// would leave the agent without its instructions.
  ///
  /// ## Example
  /// ```toml
  /// [orchestratai.agents.billing]
  /// prompt_file = "prompts/biling.md"
  /// ```
  ///
  /// ## Fix
  /// Correct the path (it is relative to the directory of stack.toml), or
  /// write the prompt inline with `prompt`.
  pub struct PromptFile {
    code: "SC311",
    name: "prompt-file",
    severity: Error,
    summary: "a `prompt_file` that is missing or not UTF-8",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let Some(orchestratai) = &cx.model.config.orchestratai else {
    return;
  };
  for (id, agent) in &orchestratai.agents {
    let Some(file) = &agent.prompt_file else {
      continue;
    };
    let path = cx.source.directory().join(file);
    let problem = match std::fs::read(&path) {
      Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
        Some("does not exist".to_owned())
      }
      Err(error) => Some(format!("cannot be read: {error}")),
      Ok(bytes) => match String::from_utf8(bytes) {
        Ok(_) => None,
        Err(_) => Some("is not UTF-8 text".to_owned()),
      },
    };
    if let Some(problem) = problem {
      out.push(
        META
          .diagnostic(format!("prompt file {file:?} of agent `{id}` {problem}"), cx.value(["orchestratai", "agents", id, "prompt_file"]))
          .label(format!("looked for {}", path.display()))
          .help("paths are relative to the directory of the stack file; or write the prompt inline with `prompt`"),
      );
    }
  }
}
