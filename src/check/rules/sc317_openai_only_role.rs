use crate::{check::context::Context, config::orchestratai::Strategy, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That the models of the roles OrchestratAI always runs on OpenAI are
  /// OpenAI models: a `rag` or `hybrid` agent's `model`, and
  /// `embedding_model`, which must also be an embedding model.
  ///
  /// ## Why
  /// The backend builds the `rag` and `hybrid` roles and the embeddings with
  /// its OpenAI provider unconditionally, and embeds only with a model whose
  /// name contains `embedding` (mario-digital/OrchestratAI
  /// `orchestratai_api/src/llm/provider_factory.py`, `src/llm/openai_provider.py`):
  /// a Bedrock id there is sent to OpenAI and fails.
  ///
  /// ## Example
  /// ```toml
  /// [orchestratai.agents.technical]
  /// strategy = "rag"
  /// model = "bedrock/anthropic.claude-3-haiku-20240307-v1:0"
  /// ```
  ///
  /// ## Fix
  /// Use an OpenAI model there, such as `openai/gpt-4o` (or, for
  /// `embedding_model`, `openai/text-embedding-3-large`).
  pub struct OpenaiOnlyRole {
    code: "SC317",
    name: "openai-only-role",
    severity: Error,
    summary: "a role OrchestratAI runs on OpenAI given another provider's model",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let Some(orchestratai) = &cx.model.config.orchestratai else {
    return;
  };
  for (id, agent) in &orchestratai.agents {
    let (Some(strategy), Some(model)) = (agent.strategy, &agent.model) else {
      continue;
    };
    if !matches!(strategy, Strategy::Rag | Strategy::Hybrid) || is_openai(model) {
      continue;
    }
    out.push(
      META
        .diagnostic(
          format!(
            "agent `{id}` uses `{}`, which OrchestratAI always runs on OpenAI, with `{model}`",
            strategy.as_str()
          ),
          cx.value(["orchestratai", "agents", id, "model"]),
        )
        .label("sent to OpenAI")
        .help("use an OpenAI model, such as `openai/gpt-4o`"),
    );
  }
  if let Some(model) = &orchestratai.embedding_model
    && !(is_openai(model) && model.contains("embedding"))
  {
    out.push(
      META
        .diagnostic(
          format!(
            "`embedding_model = \"{model}\"`: OrchestratAI embeds only with OpenAI embedding models"
          ),
          cx.value(["orchestratai", "embedding_model"]),
        )
        .label("not an OpenAI embedding model")
        .help("use `openai/text-embedding-3-large`, which its retrieval uses in any case"),
    );
  }
}

fn is_openai(model: &str) -> bool {
  model
    .split_once('/')
    .is_some_and(|(provider, _)| provider == "openai")
}
