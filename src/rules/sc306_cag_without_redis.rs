use crate::{diagnostic::Diagnostic, lint::Context, orchestratai_config::Strategy};

crate::declare_rule! {
  /// ## What it checks
  /// That redis is enabled when an agent uses the `cag` strategy.
  ///
  /// ## Why
  /// Cache-augmented generation keeps its context in Redis; without it every
  /// question misses the cache, or the backend fails to start.
  ///
  /// ## Example
  /// ```toml
  /// [orchestratai.agents.billing]
  /// strategy = "cag"
  /// ```
  /// with no `[services.redis]`.
  ///
  /// ## Fix
  /// Enable redis: `[services.redis]`.
  pub struct CagWithoutRedis {
    code: "SC306",
    name: "cag-without-redis",
    severity: Error,
    summary: "a `cag` agent without redis",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let Some(orchestratai) = &cx.model.config.orchestratai else {
    return;
  };
  if cx.model.is_enabled("redis") || !cx.absent(["services", "redis"]) {
    return;
  }
  for (id, agent) in &orchestratai.agents {
    if agent.strategy == Some(Strategy::Cag) {
      out.push(
        META
          .diagnostic(
            format!("agent `{id}` uses `cag`, which needs redis"),
            cx.value(["orchestratai", "agents", id, "strategy"]),
          )
          .label("caches in redis")
          .help("enable redis with a `[services.redis]` table"),
      );
    }
  }
}
