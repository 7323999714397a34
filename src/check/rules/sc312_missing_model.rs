use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That the models OrchestratAI cannot run without are configured: the
  /// orchestrator's `analysis_model` and `guide_model`, a `model` for every
  /// agent, and `embedding_model` when a `vector_store` is set.
  ///
  /// ## Why
  /// The orchestrator routes every question with these models; the backend
  /// would fall back to defaults of a provider you may not have configured.
  ///
  /// ## Example
  /// ```toml
  /// [orchestratai.orchestrator]
  /// analysis_model = "openai/gpt-4o"
  /// ```
  ///
  /// ## Fix
  /// Add the missing model: `guide_model = "openai/gpt-4o-mini"`.
  pub struct MissingModel {
    code: "SC312",
    name: "missing-model",
    severity: Error,
    summary: "a model OrchestratAI needs is not configured",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let Some(orchestratai) = &cx.model.config.orchestratai else {
    return;
  };
  let orchestrator = &orchestratai.orchestrator;
  for (key, model) in [
    ("analysis_model", &orchestrator.analysis_model),
    ("guide_model", &orchestrator.guide_model),
  ] {
    if model.is_none() && cx.absent(["orchestratai", "orchestrator", key]) {
      out.push(
        META
          .diagnostic(format!("the orchestrator's `{key}` is not configured"), cx.value(["orchestratai", "orchestrator"]))
          .label(format!("`{key}` is missing"))
          .help(format!("add `{key} = \"openai/gpt-4o\"` (or another `provider/model`) to `[orchestratai.orchestrator]`")),
      );
    }
  }
  for (id, agent) in &orchestratai.agents {
    if agent.model.is_none() && cx.absent(["orchestratai", "agents", id, "model"]) {
      out.push(
        META
          .diagnostic(
            format!("agent `{id}` has no `model`"),
            cx.value(["orchestratai", "agents", id]),
          )
          .label("`model` is missing")
          .help("add `model = \"openai/gpt-4o-mini\"` (or another `provider/model`)"),
      );
    }
  }
  if orchestratai.vector_store.is_some()
    && orchestratai.embedding_model.is_none()
    && cx.absent(["orchestratai", "embedding_model"])
  {
    out.push(
      META
        .diagnostic(
          "`vector_store` is set but `embedding_model` is not",
          cx.value(["orchestratai", "vector_store"]),
        )
        .label("documents need an embedding model")
        .help("add `embedding_model = \"openai/text-embedding-3-large\"` to `[orchestratai]`"),
    );
  }
}
