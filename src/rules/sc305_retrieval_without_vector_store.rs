use crate::{diagnostic::Diagnostic, lint::Context};

crate::declare_rule! {
  /// ## What it checks
  /// That `[orchestratai]` sets `vector_store` when an agent uses the `rag` or
  /// `hybrid` strategy.
  ///
  /// ## Why
  /// Those strategies retrieve documents from the vector store; without one
  /// the agent answers from nothing.
  ///
  /// ## Example
  /// ```toml
  /// [orchestratai.agents.technical]
  /// strategy = "rag"
  /// ```
  ///
  /// ## Fix
  /// Add `vector_store = "pgvector"` (with services.postgresql) or
  /// `vector_store = "chromadb"` to `[orchestratai]`.
  pub struct RetrievalWithoutVectorStore {
    code: "SC305",
    name: "retrieval-without-vector-store",
    severity: Error,
    summary: "a `rag` or `hybrid` agent without `vector_store`",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let Some(orchestratai) = &cx.model.config.orchestratai else {
    return;
  };
  if orchestratai.vector_store.is_some() || !cx.absent(["orchestratai", "vector_store"]) {
    return;
  }
  for (id, agent) in &orchestratai.agents {
    let Some(strategy) = agent.strategy.filter(|s| s.retrieves()) else {
      continue;
    };
    out.push(
      META
        .diagnostic(
          format!(
            "agent `{id}` uses `{}` but `[orchestratai]` has no `vector_store`",
            strategy.as_str()
          ),
          cx.value(["orchestratai", "agents", id, "strategy"]),
        )
        .label("retrieves documents")
        .help(
          "add `vector_store = \"pgvector\"` or `vector_store = \"chromadb\"` to `[orchestratai]`",
        ),
    );
  }
}
