use crate::{check::context::Context, check::suggest::closest, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That every `{{ secrets.NAME }}` names a secret declared under `[secrets]`
  /// or brought by an enabled catalog service. The label points at the
  /// expression inside the string.
  ///
  /// ## Why
  /// An undeclared secret has no value: the service would start with an
  /// empty password or key.
  ///
  /// ## Example
  /// ```toml
  /// [services.billing-api]
  /// image = "acme/billing:1.0"
  /// env = { DB_PASSWORD = "{{ secrets.billing_db_pasword }}" }
  /// ```
  ///
  /// ## Fix
  /// Correct the name, or declare the secret:
  /// ```toml
  /// [secrets]
  /// billing_db_password = { generate = "password" }
  /// ```
  pub struct UndeclaredSecret {
    code: "SC201",
    name: "undeclared-secret",
    severity: Error,
    summary: "a template refers to a secret that is not declared",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let secrets = &cx.model.secrets;
  for template in &cx.model.templates {
    for expression in &template.expressions {
      for variable in &expression.variables {
        let Some(rest) = variable.strip_prefix("secrets.") else {
          continue;
        };
        let name = rest.split('.').next().unwrap_or(rest);
        if secrets.contains_key(name) || !cx.absent(["secrets", name]) {
          continue;
        }
        let help = match closest(name, secrets.keys().map(String::as_str)) {
          Some(suggestion) => format!("did you mean `{suggestion}`?"),
          None => format!("declare it under `[secrets]`: `{name} = {{ generate = \"password\" }}`"),
        };
        out.push(
          META
            .diagnostic(format!("secret `{name}` is not declared"), expression.span)
            .label("undeclared secret")
            .help(help),
        );
      }
    }
  }
}
