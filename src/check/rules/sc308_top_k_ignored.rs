use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That `top_k` is set only on agents that retrieve documents (`rag`,
  /// `hybrid`).
  ///
  /// ## Why
  /// `cag` and `direct` agents ignore it; setting it suggests a behaviour the
  /// agent does not have.
  ///
  /// ## Example
  /// ```toml
  /// [orchestratai.agents.billing]
  /// strategy = "cag"
  /// top_k = 5
  /// ```
  ///
  /// ## Fix
  /// Remove `top_k`, or change the strategy to `rag` or `hybrid`.
  pub struct TopKIgnored {
    code: "SC308",
    name: "top-k-ignored",
    severity: Warning,
    summary: "`top_k` on a strategy that ignores it",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let Some(orchestratai) = &cx.model.config.orchestratai else {
    return;
  };
  for (id, agent) in &orchestratai.agents {
    if let (Some(_), Some(strategy)) = (agent.top_k, agent.strategy)
      && !strategy.retrieves()
    {
      out.push(
        META
          .diagnostic(
            format!(
              "agent `{id}` sets `top_k`, which `{}` ignores",
              strategy.as_str()
            ),
            cx.key(["orchestratai", "agents", id, "top_k"]),
          )
          .label("ignored")
          .help("remove `top_k`, or use the `rag` or `hybrid` strategy"),
      );
    }
  }
}
