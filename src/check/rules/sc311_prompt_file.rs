use crate::{
  check::context::Context, diagnostic::Diagnostic, files::reference_problem::ReferenceProblem,
  files::stack_file_reference,
};

crate::declare_rule! {
  /// ## What it checks
  /// That an agent's `prompt_file` names a file stackc may read: a relative
  /// path without `..`, to a regular file of at most 256 KiB of UTF-8 text
  /// inside the stack file's folder once symlinks are resolved, not inside a
  /// secret store (`.stackc/`) or the output directory, not a `.env`, and
  /// with a single name (no hard link, whose other name could be anywhere).
  ///
  /// ## Why
  /// The prompt is compiled into `orchestratai/agents.json`, a committed
  /// file; a missing file would leave the agent without its instructions,
  /// and a stack file from a pull request could otherwise copy the secret
  /// store, a deployment's `.env` or any file of the machine into it, or
  /// hang the build on a FIFO or a device.
  ///
  /// ## Example
  /// ```toml
  /// [orchestratai.agents.billing]
  /// prompt_file = "prompts/biling.md"
  /// # also refused: "/etc/passwd", "../other/prompt.md",
  /// # ".stackc/stack.secrets.toml", "deploy/.env", a symlink to /dev/zero,
  /// # a hard link to the secret store
  /// ```
  ///
  /// ## Fix
  /// Correct the path (it is relative to the directory of stack.toml), or
  /// write the prompt inline with `prompt`.
  pub struct PromptFile {
    code: "SC311",
    name: "prompt-file",
    severity: Error,
    summary: "a `prompt_file` that is missing, not UTF-8 or not a file the stack may read",
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
    let Err(problem) = stack_file_reference::read(cx.source.directory(), cx.output, file) else {
      continue;
    };
    let label = match &problem {
      ReferenceProblem::NotFound { looked_for } => format!("looked for {}", looked_for.display()),
      ReferenceProblem::TooLarge { .. } => "too large".to_owned(),
      ReferenceProblem::NotUtf8 => "not UTF-8 text".to_owned(),
      ReferenceProblem::Unreadable { .. } => "cannot be read".to_owned(),
      _ => "not a file the stack may read".to_owned(),
    };
    out.push(
      META
        .diagnostic(
          format!("prompt file {file:?} of agent `{id}` {problem}"),
          cx.value(["orchestratai", "agents", id, "prompt_file"]),
        )
        .label(label)
        .help(problem.help()),
    );
  }
}
