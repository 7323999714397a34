use crate::{
  check::context::Context, check::suggest::closest, config::orchestratai::AGENT_IDS,
  diagnostic::Diagnostic,
};

crate::declare_rule! {
  /// ## What it checks
  /// That each `[orchestratai.agents.ID]` uses one of OrchestratAI's agent ids:
  /// `orchestrator`, `billing`, `technical`, `policy`.
  ///
  /// ## Why
  /// OrchestratAI's frontend and backend share a fixed `AgentId` enum; an agent
  /// with another id is never loaded.
  ///
  /// ## Example
  /// ```toml
  /// [orchestratai.agents.sales]
  /// strategy = "rag"
  /// ```
  ///
  /// ## Fix
  /// Use one of the four ids.
  pub struct UnknownAgentId {
    code: "SC301",
    name: "unknown-agent-id",
    severity: Error,
    summary: "an agent id OrchestratAI does not have",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let Some(orchestratai) = &cx.model.config.orchestratai else {
    return;
  };
  for id in orchestratai.agents.keys() {
    if AGENT_IDS.contains(&id.as_str()) {
      continue;
    }
    let help = match closest(id, AGENT_IDS.iter().copied()) {
      Some(suggestion) => format!("did you mean `{suggestion}`?"),
      None => format!("OrchestratAI's agents are `{}`", AGENT_IDS.join("`, `")),
    };
    out.push(
      META
        .diagnostic(
          format!("unknown agent id `{id}`"),
          cx.key(["orchestratai", "agents", id]),
        )
        .label("not an OrchestratAI agent")
        .help(help),
    );
  }
}
