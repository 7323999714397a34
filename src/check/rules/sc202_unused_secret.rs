use {
  crate::{check::context::Context, diagnostic::Diagnostic},
  std::collections::HashSet,
};

crate::declare_rule! {
  /// ## What it checks
  /// That every secret declared under `[secrets]` is used: referenced by a
  /// `{{ secrets.NAME }}` expression, or needed by an enabled catalog service.
  ///
  /// ## Why
  /// An unused secret is usually a typo in its name or in its reference, or a
  /// leftover of a removed service that still asks the operator for a value.
  ///
  /// ## Example
  /// ```toml
  /// [secrets]
  /// chatwoot_api_token = { manual = "Chatwoot > Profile > Access token" }
  /// ```
  /// with no `{{ secrets.chatwoot_api_token }}` anywhere.
  ///
  /// ## Fix
  /// Remove the declaration, or use the secret.
  pub struct UnusedSecret {
    code: "SC202",
    name: "unused-secret",
    severity: Warning,
    summary: "a declared secret is never used",
  }
}

/// Secret names referenced by templates in the stack file.
pub fn referenced(cx: &Context<'_>) -> HashSet<String> {
  cx.model
    .templates
    .iter()
    .flat_map(|template| &template.expressions)
    .flat_map(|expression| &expression.variables)
    .filter_map(|variable| variable.strip_prefix("secrets."))
    .map(|rest| rest.split('.').next().unwrap_or(rest).to_owned())
    // A custom service's database names its owner's password secret.
    .chain(
      cx.model
        .services
        .values()
        .flat_map(|service| &service.config.databases)
        .map(|database| database.password.to_string()),
    )
    .collect()
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let referenced = referenced(cx);
  for secret in cx.model.secrets.values() {
    if secret.declared.is_none()
      || !secret.provided_by.is_empty()
      || referenced.contains(&secret.name)
      // A name no template can spell is SC211's to report.
      || !super::sc211_invalid_secret_name::is_valid(&secret.name)
    {
      continue;
    }
    out.push(
      META
        .diagnostic(
          format!("secret `{}` is declared but never used", secret.name),
          cx.key(["secrets", &secret.name]),
        )
        .label("never used")
        .help(format!(
          "remove it, or refer to it as `{{{{ secrets.{} }}}}`",
          secret.name
        )),
    );
  }
}
