use crate::{
  check::context::Context, check::rules::sc304_unconfigured_provider::models,
  diagnostic::Diagnostic,
};

crate::declare_rule! {
  /// ## What it checks
  /// That every model is written `provider/model`, such as `openai/gpt-4o` or
  /// `bedrock/anthropic.claude-3-haiku-20240307-v1:0`.
  ///
  /// ## Why
  /// The provider part says which credentials the backend uses; without it
  /// the model cannot be checked against the configured providers.
  ///
  /// ## Example
  /// ```toml
  /// [orchestratai.agents.billing]
  /// model = "gpt-4o-mini"
  /// ```
  ///
  /// ## Fix
  /// `model = "openai/gpt-4o-mini"`.
  pub struct InvalidModel {
    code: "SC313",
    name: "invalid-model",
    severity: Error,
    summary: "a model not written `provider/model`",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  for (path, model) in models(cx) {
    let valid = model.split_once('/').is_some_and(|(provider, name)| {
      !provider.is_empty() && !name.is_empty() && !name.chars().any(char::is_whitespace)
    });
    if !valid {
      out.push(
        META
          .diagnostic(
            format!("model {model:?} is not written `provider/model`"),
            cx.value(&path),
          )
          .label("expected `provider/model`")
          .help("prefix the model with its provider, such as `openai/gpt-4o-mini`"),
      );
    }
  }
}
