use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That `[orchestratai]` sets `vector_store = "chromadb"`.
  ///
  /// ## Why
  /// OrchestratAI's backend opens ChromaDB for every chat, whatever its agents
  /// (mario-digital/OrchestratAI `orchestratai_api/src/api/routes/chat.py`
  /// builds a `ChromaVectorStore` for each request's agent service); `cag`
  /// agents retrieve on a cache miss too. Without a ChromaDB server it falls
  /// back to an empty store inside its own container, lost at each restart.
  ///
  /// ## Example
  /// ```toml
  /// [orchestratai]
  /// subdomain = "chat"
  /// ```
  ///
  /// ## Fix
  /// Add `vector_store = "chromadb"` to `[orchestratai]`; stackc runs the
  /// ChromaDB server the backend's client speaks to.
  pub struct OrchestratAiWithoutChromadb {
    code: "SC305",
    name: "orchestratai-without-chromadb",
    severity: Error,
    summary: "OrchestratAI without `vector_store = \"chromadb\"`",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let Some(orchestratai) = &cx.model.config.orchestratai else {
    return;
  };
  if orchestratai.vector_store.is_some() || !cx.absent(["orchestratai", "vector_store"]) {
    return;
  }
  out.push(
    META
      .diagnostic(
        "`[orchestratai]` has no `vector_store`, and its backend opens ChromaDB for every chat",
        cx.key(["orchestratai"]),
      )
      .label("retrieves from ChromaDB")
      .help("add `vector_store = \"chromadb\"` to `[orchestratai]`"),
  );
}
