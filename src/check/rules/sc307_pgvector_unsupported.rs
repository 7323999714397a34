use crate::{check::context::Context, config::orchestratai::VectorStore, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That `vector_store` is not `"pgvector"`.
  ///
  /// ## Why
  /// OrchestratAI has no pgvector code: `VECTOR_DB_BACKEND` is read nowhere,
  /// the chat route always builds a `ChromaVectorStore`, and its PostgreSQL
  /// code is used only by its local ingestion scripts, which the image does
  /// not contain (mario-digital/OrchestratAI ab84eeb,
  /// `orchestratai_api/src/api/routes/chat.py`, `src/storage/database.py`).
  /// With `pgvector` the backend would silently use an empty store inside
  /// its container.
  ///
  /// ## Example
  /// ```toml
  /// [orchestratai]
  /// vector_store = "pgvector"
  /// ```
  ///
  /// ## Fix
  /// Use `vector_store = "chromadb"`.
  pub struct PgvectorUnsupported {
    code: "SC307",
    name: "pgvector-unsupported",
    severity: Error,
    summary: "`vector_store = \"pgvector\"`, which OrchestratAI does not read",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let Some(orchestratai) = &cx.model.config.orchestratai else {
    return;
  };
  if orchestratai.vector_store != Some(VectorStore::Pgvector) {
    return;
  }
  out.push(
    META
      .diagnostic(
        "OrchestratAI has no pgvector store: its backend always uses ChromaDB",
        cx.value(["orchestratai", "vector_store"]),
      )
      .label("not read by OrchestratAI")
      .help("use `vector_store = \"chromadb\"`"),
  );
}
