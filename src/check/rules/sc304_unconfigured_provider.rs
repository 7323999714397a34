use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That the provider of every model (`provider/model`: agents' `model`, the
  /// orchestrator's models, `embedding_model`) is configured under
  /// `[orchestratai.providers]`. stackc knows `openai` and `bedrock`.
  ///
  /// ## Why
  /// Without the provider's credentials the backend fails on the first
  /// question, not at start.
  ///
  /// ## Example
  /// ```toml
  /// [orchestratai.agents.billing]
  /// model = "bedrock/anthropic.claude-3-haiku-20240307-v1:0"
  /// ```
  /// with no `[orchestratai.providers.bedrock]`.
  ///
  /// ## Fix
  /// Configure the provider:
  /// ```toml
  /// [orchestratai.providers.bedrock]
  /// region = "us-east-1"
  /// access_key_id = "{{ secrets.aws_access_key_id }}"
  /// secret_access_key = "{{ secrets.aws_secret_access_key }}"
  /// ```
  pub struct UnconfiguredProvider {
    code: "SC304",
    name: "unconfigured-provider",
    severity: Error,
    summary: "a model whose provider is not configured",
  }
}

/// The providers stackc can configure.
pub const PROVIDERS: &[&str] = &["openai", "bedrock"];

/// Every model setting: `(path, model)`.
pub fn models(cx: &Context<'_>) -> Vec<(Vec<String>, String)> {
  let Some(orchestratai) = &cx.model.config.orchestratai else {
    return Vec::new();
  };
  let path = |parts: &[&str]| parts.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>();
  let mut models = Vec::new();
  if let Some(model) = &orchestratai.embedding_model {
    models.push((path(&["orchestratai", "embedding_model"]), model.clone()));
  }
  if let Some(model) = &orchestratai.orchestrator.analysis_model {
    models.push((
      path(&["orchestratai", "orchestrator", "analysis_model"]),
      model.clone(),
    ));
  }
  if let Some(model) = &orchestratai.orchestrator.guide_model {
    models.push((
      path(&["orchestratai", "orchestrator", "guide_model"]),
      model.clone(),
    ));
  }
  for (id, agent) in &orchestratai.agents {
    if let Some(model) = &agent.model {
      models.push((
        path(&["orchestratai", "agents", id, "model"]),
        model.clone(),
      ));
    }
  }
  models
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let Some(orchestratai) = &cx.model.config.orchestratai else {
    return;
  };
  let configured = orchestratai.providers.configured();
  for (path, model) in models(cx) {
    let Some((provider, _)) = model.split_once('/') else {
      continue; // SC313 reports the format.
    };
    if configured.contains(&provider) || !cx.absent(["orchestratai", "providers", provider]) {
      continue;
    }
    let help = if PROVIDERS.contains(&provider) {
      format!("add an `[orchestratai.providers.{provider}]` table with its credentials")
    } else {
      format!(
        "stackc configures the providers `{}`",
        PROVIDERS.join("`, `")
      )
    };
    out.push(
      META
        .diagnostic(
          format!("model `{model}` uses provider `{provider}`, which is not configured"),
          cx.value(&path),
        )
        .label(format!("`{provider}` is not configured"))
        .help(help),
    );
  }
}
