use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That a secret is read whole, as `{{ secrets.NAME }}`: not `{{ secrets }}`,
  /// and not an attribute of a secret (`{{ secrets.NAME.length }}`).
  ///
  /// ## Why
  /// The compose file refers to a secret as `${NAME}` and its value lives in
  /// `.env`. `{{ secrets }}` would write every secret of the stack into one
  /// service's environment; a part of a secret cannot be written as a
  /// reference at all.
  ///
  /// ## Example
  /// ```toml
  /// [services.billing-api]
  /// env = { ALL = "{{ secrets }}" }
  /// ```
  ///
  /// ## Fix
  /// Name the one secret the service needs: `{{ secrets.billing_token }}`.
  pub struct SecretNotWhole {
    code: "SC210",
    name: "secret-not-whole",
    severity: Error,
    summary: "a secret read other than whole, as `secrets.NAME`",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  for template in &cx.model.templates {
    for expression in &template.expressions {
      for variable in &expression.variables {
        let mut parts = variable.split('.');
        if parts.next() != Some("secrets") || parts.clone().count() == 1 {
          continue;
        }
        let message = match parts.next() {
          None => "`secrets` is read as a whole table".to_owned(),
          Some(name) => format!("`{variable}` reads a part of secret `{name}`"),
        };
        out.push(
          META
            .diagnostic(message, expression.span)
            .label("not one whole secret")
            .help("substitute one secret whole: `{{ secrets.NAME }}`"),
        );
      }
    }
  }
}
