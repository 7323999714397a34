use crate::{
  check::context::Context, check::suggest::closest, config::orchestratai::AGENT_COLORS,
  diagnostic::Diagnostic,
};

crate::declare_rule! {
  /// ## What it checks
  /// That each agent's `color` is one of OrchestratAI's: `cyan`, `green`,
  /// `blue`, `purple`.
  ///
  /// ## Why
  /// The chat UI styles agents from a fixed `AgentColor` enum; another colour
  /// renders unstyled or breaks the panel.
  ///
  /// ## Example
  /// ```toml
  /// [orchestratai.agents.billing]
  /// color = "red"
  /// ```
  ///
  /// ## Fix
  /// Use one of the four colours, each for one agent.
  pub struct UnknownAgentColor {
    code: "SC302",
    name: "unknown-agent-color",
    severity: Error,
    summary: "an agent colour OrchestratAI does not have",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let Some(orchestratai) = &cx.model.config.orchestratai else {
    return;
  };
  for (id, agent) in &orchestratai.agents {
    let Some(color) = &agent.color else {
      continue;
    };
    if AGENT_COLORS.contains(&color.as_str()) {
      continue;
    }
    let help = match closest(color, AGENT_COLORS.iter().copied()) {
      Some(suggestion) => format!("did you mean `{suggestion}`?"),
      None => format!("OrchestratAI's colours are `{}`", AGENT_COLORS.join("`, `")),
    };
    out.push(
      META
        .diagnostic(
          format!("agent `{id}` has unknown colour {color:?}"),
          cx.value(["orchestratai", "agents", id, "color"]),
        )
        .label("not an OrchestratAI colour")
        .help(help),
    );
  }
}
