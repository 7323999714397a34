use crate::{
  check::context::Context, check::rules::sc304_unconfigured_provider::models,
  diagnostic::Diagnostic,
};

crate::declare_rule! {
  /// ## What it checks
  /// That every `bedrock/…` model is an Anthropic model on Bedrock
  /// (`bedrock/anthropic.…`).
  ///
  /// ## Why
  /// OrchestratAI picks the provider from the model id alone: Bedrock only
  /// when it holds `anthropic.` or `amazon.`, OpenAI otherwise, and its
  /// Bedrock provider writes Anthropic's message format
  /// (mario-digital/OrchestratAI `orchestratai_api/src/llm/provider_factory.py`,
  /// `src/llm/bedrock_provider.py`). A `meta.llama3…` id goes to OpenAI; an
  /// `amazon.…` one gets a body it cannot read.
  ///
  /// ## Example
  /// ```toml
  /// [orchestratai.orchestrator]
  /// guide_model = "bedrock/meta.llama3-8b-instruct-v1:0"
  /// ```
  ///
  /// ## Fix
  /// Use an Anthropic model on Bedrock, such as
  /// `bedrock/anthropic.claude-3-haiku-20240307-v1:0`, or an OpenAI model.
  pub struct UnroutableBedrockModel {
    code: "SC318",
    name: "unroutable-bedrock-model",
    severity: Error,
    summary: "a Bedrock model OrchestratAI cannot call",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  for (path, model) in models(cx) {
    let Some(("bedrock", name)) = model.split_once('/') else {
      continue;
    };
    if name.starts_with("anthropic.") || name.contains(".anthropic.") {
      continue;
    }
    out.push(
      META
        .diagnostic(
          format!("`{model}` is not an Anthropic model: OrchestratAI sends only those to Bedrock, in Anthropic's format"),
          cx.value(&path),
        )
        .label("not callable by OrchestratAI")
        .help("use an Anthropic model on Bedrock, such as `bedrock/anthropic.claude-3-haiku-20240307-v1:0`, or an OpenAI model"),
    );
  }
}
