use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That redis is enabled when `[orchestratai]` is.
  ///
  /// ## Why
  /// OrchestratAI's backend builds its semantic cache in Redis for every
  /// chat service, not only for `cag` agents
  /// (mario-digital/OrchestratAI `orchestratai_api/src/services/agent_service.py`);
  /// without `REDIS_HOST` it raises, and every chat request fails with 500.
  ///
  /// ## Example
  /// ```toml
  /// [orchestratai]
  /// vector_store = "chromadb"
  /// ```
  /// with no `[services.redis]`.
  ///
  /// ## Fix
  /// Enable redis: `[services.redis]`.
  pub struct OrchestratAiWithoutRedis {
    code: "SC306",
    name: "orchestratai-without-redis",
    severity: Error,
    summary: "OrchestratAI without redis",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  if cx.model.config.orchestratai.is_none() {
    return;
  }
  if cx.model.is_enabled("redis") || !cx.absent(["services", "redis"]) {
    return;
  }
  out.push(
    META
      .diagnostic(
        "OrchestratAI needs redis: its backend caches every chat there",
        cx.key(["orchestratai"]),
      )
      .label("needs redis")
      .help("enable redis with a `[services.redis]` table"),
  );
}
