use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// Agent settings that the OrchestratAI stackc deploys does not read:
  /// `name`, `color`, `temperature`, `top_k`, `prompt` and `prompt_file`.
  ///
  /// ## Why
  /// Its agents, their prompts, temperatures and colours are fixed in its
  /// code (mario-digital/OrchestratAI ab84eeb,
  /// `orchestratai_api/src/agents/orchestrator.py`,
  /// `orchestratai_client/src/lib/agent-models.ts`), and nothing reads
  /// `orchestratai/agents.json`, which stackc writes as a record of the
  /// settings. Only each agent's `model`, through its strategy's role model,
  /// reaches the backend.
  ///
  /// ## Example
  /// ```toml
  /// [orchestratai.agents.billing]
  /// temperature = 0.2
  /// ```
  ///
  /// ## Fix
  /// Remove the settings, or keep them knowingly as a record for a later
  /// OrchestratAI that reads `agents.json`.
  pub struct AgentSettingWithoutEffect {
    code: "SC319",
    name: "agent-setting-without-effect",
    severity: Warning,
    summary: "an agent setting OrchestratAI does not read",
  }
}

/// The agent keys nothing in OrchestratAI reads.
const UNREAD: &[&str] = &[
  "name",
  "color",
  "temperature",
  "top_k",
  "prompt",
  "prompt_file",
];

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let Some(orchestratai) = &cx.model.config.orchestratai else {
    return;
  };
  for id in orchestratai.agents.keys() {
    let set: Vec<&str> = UNREAD
      .iter()
      .copied()
      .filter(|key| cx.has(["orchestratai", "agents", id, key]))
      .collect();
    let Some(first) = set.first() else {
      continue;
    };
    out.push(
      META
        .diagnostic(
          format!(
            "agent `{id}`: {} {} no effect on OrchestratAI, whose agents are fixed in its code",
            set
              .iter()
              .map(|key| format!("`{key}`"))
              .collect::<Vec<_>>()
              .join(", "),
            if set.len() == 1 { "has" } else { "have" }
          ),
          cx.key(["orchestratai", "agents", id, first]),
        )
        .label("not read by OrchestratAI")
        .help("remove these settings, or keep them as a record in `orchestratai/agents.json`"),
    );
  }
}
