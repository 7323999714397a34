use {
  crate::{check::context::Context, diagnostic::Diagnostic},
  indexmap::IndexMap,
};

crate::declare_rule! {
  /// ## What it checks
  /// That no two agents share a colour.
  ///
  /// ## Why
  /// The colour is how a user tells, at a glance, which agent answered.
  ///
  /// ## Example
  /// ```toml
  /// [orchestratai.agents.billing]
  /// color = "green"
  /// [orchestratai.agents.policy]
  /// color = "green"
  /// ```
  ///
  /// ## Fix
  /// Give each agent its own colour.
  pub struct DuplicateAgentColor {
    code: "SC303",
    name: "duplicate-agent-color",
    severity: Error,
    summary: "two agents with one colour",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let Some(orchestratai) = &cx.model.config.orchestratai else {
    return;
  };
  let mut seen: IndexMap<&str, &str> = IndexMap::new();
  for (id, agent) in &orchestratai.agents {
    let Some(color) = agent.color.as_deref() else {
      continue;
    };
    match seen.get(color) {
      Some(first) => out.push(
        META
          .diagnostic(
            format!("agents `{first}` and `{id}` are both {color}"),
            cx.value(["orchestratai", "agents", id, "color"]),
          )
          .label(format!("`{id}` is {color}"))
          .related(
            cx.value(["orchestratai", "agents", first, "color"]),
            format!("`{first}` is {color} already"),
          )
          .help("give each agent its own colour: cyan, green, blue or purple"),
      ),
      None => {
        seen.insert(color, id);
      }
    }
  }
}
