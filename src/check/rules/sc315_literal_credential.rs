use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That provider credentials (`api_key`, `access_key_id`,
  /// `secret_access_key`) are references to secrets, `{{ secrets.NAME }}`, not
  /// literal values.
  ///
  /// ## Why
  /// A literal key would be compiled into the committed compose file and end
  /// up in version control, where keys are harvested within hours.
  ///
  /// ## Example
  /// ```toml
  /// [orchestratai.providers.openai]
  /// api_key = "sk-proj-…"
  /// ```
  ///
  /// ## Fix
  /// ```toml
  /// [secrets]
  /// openai_api_key = { from_env = "OPENAI_API_KEY" }
  ///
  /// [orchestratai.providers.openai]
  /// api_key = "{{ secrets.openai_api_key }}"
  /// ```
  pub struct LiteralCredential {
    code: "SC315",
    name: "literal-credential",
    severity: Error,
    summary: "a provider credential written as a literal value",
  }
}

/// Whether `value` is exactly one secret reference.
pub fn is_secret_reference(value: &str) -> bool {
  value
    .trim()
    .strip_prefix("{{")
    .and_then(|rest| rest.strip_suffix("}}"))
    .map(str::trim)
    .and_then(|inner| inner.strip_prefix("secrets."))
    .is_some_and(|name| {
      !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let Some(orchestratai) = &cx.model.config.orchestratai else {
    return;
  };
  let providers = &orchestratai.providers;
  let mut credentials = Vec::new();
  if let Some(openai) = &providers.openai {
    credentials.push(("openai", "api_key", &openai.api_key));
  }
  if let Some(bedrock) = &providers.bedrock {
    credentials.push(("bedrock", "access_key_id", &bedrock.access_key_id));
    credentials.push(("bedrock", "secret_access_key", &bedrock.secret_access_key));
  }
  for (provider, key, value) in credentials {
    if let Some(value) = value
      && !is_secret_reference(value)
    {
      // Never echo the value: it may be a real key.
      out.push(
        META
          .diagnostic(format!("`{key}` of provider `{provider}` must refer to a secret"), cx.value(["orchestratai", "providers", provider, key]))
          .label("a literal credential would be committed")
          .sensitive()
          .help(format!("declare a secret (such as `{provider}_{key} = {{ from_env = \"{}\" }}`) and write `{key} = \"{{{{ secrets.{provider}_{key} }}}}\"`", format!("{provider}_{key}").to_ascii_uppercase())),
      );
    }
  }
}
