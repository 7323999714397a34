use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That an agent sets `prompt` or `prompt_file`, not both.
  ///
  /// ## Why
  /// One of them would be silently ignored, and the ignored one is usually
  /// the one just edited.
  ///
  /// ## Example
  /// ```toml
  /// [orchestratai.agents.billing]
  /// prompt = "You answer billing questions."
  /// prompt_file = "prompts/billing.md"
  /// ```
  ///
  /// ## Fix
  /// Keep one.
  pub struct PromptConflict {
    code: "SC314",
    name: "prompt-conflict",
    severity: Error,
    summary: "an agent with both `prompt` and `prompt_file`",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let Some(orchestratai) = &cx.model.config.orchestratai else {
    return;
  };
  for (id, agent) in &orchestratai.agents {
    if agent.prompt.is_some() && agent.prompt_file.is_some() {
      out.push(
        META
          .diagnostic(
            format!("agent `{id}` sets both `prompt` and `prompt_file`"),
            cx.key(["orchestratai", "agents", id, "prompt_file"]),
          )
          .label("one of the two would be ignored")
          .related(
            cx.key(["orchestratai", "agents", id, "prompt"]),
            "the inline prompt",
          )
          .help("keep either `prompt` or `prompt_file`"),
      );
    }
  }
}
