use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That `[orchestratai.providers.openai]` is configured.
  ///
  /// ## Why
  /// Parts of OrchestratAI run on OpenAI whatever models the stack names:
  /// retrieval embeds with `text-embedding-3-large`
  /// (mario-digital/OrchestratAI `orchestratai_api/src/retrieval/chroma_store.py`),
  /// and the `rag` and `hybrid` roles and the semantic cache always use the
  /// OpenAI provider (`src/llm/provider_factory.py`). Without a key the first
  /// chat request fails.
  ///
  /// ## Example
  /// ```toml
  /// [orchestratai.providers.bedrock]
  /// region = "us-east-1"
  /// ```
  /// and no `[orchestratai.providers.openai]`.
  ///
  /// ## Fix
  /// ```toml
  /// [orchestratai.providers.openai]
  /// api_key = "{{ secrets.openai_api_key }}"
  /// ```
  pub struct OrchestratAiWithoutOpenai {
    code: "SC316",
    name: "orchestratai-without-openai",
    severity: Error,
    summary: "OrchestratAI without an OpenAI provider, which parts of it always use",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let Some(orchestratai) = &cx.model.config.orchestratai else {
    return;
  };
  if orchestratai.providers.openai.is_some() || !cx.absent(["orchestratai", "providers", "openai"])
  {
    return;
  }
  out.push(
    META
      .diagnostic(
        "OrchestratAI needs an OpenAI key: its retrieval, `rag` and `hybrid` roles and cache always run on OpenAI",
        cx.key(["orchestratai"]),
      )
      .label("no `[orchestratai.providers.openai]`")
      .help("add `[orchestratai.providers.openai]` with `api_key = \"{{ secrets.openai_api_key }}\"` and declare that secret"),
  );
}
