use {
  crate::{
    check::context::Context, check::rules::sc214_catalog_secret_variable, diagnostic::Diagnostic,
  },
  std::collections::HashMap,
};

crate::declare_rule! {
  /// ## What it checks
  /// That no two secrets under `[secrets]` share a variable: the variable is
  /// the name in upper case, so `api_token` and `API_Token` collide (and so
  /// would `api-token`, which SC211 refuses). Secrets of catalog services are
  /// checked by SC214.
  ///
  /// ## Why
  /// `.env` holds one value per variable: one of the two secrets would
  /// silently get the other's value, and the other's would be lost.
  ///
  /// ## Example
  /// ```toml
  /// [secrets]
  /// api_token = { generate = "alnum" }
  /// API_TOKEN = { from_env = "API_TOKEN" }
  /// ```
  ///
  /// ## Fix
  /// Keep one of them, or rename one: `partner_api_token`.
  pub struct SecretVariableCollision {
    code: "SC212",
    name: "secret-variable-collision",
    severity: Error,
    summary: "two secrets with the same variable",
  }
}

/// The variable two names would collide on: upper case, `-` as `_`.
pub fn collision_key(name: &str) -> String {
  name.to_ascii_uppercase().replace('-', "_")
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let catalog = sc214_catalog_secret_variable::catalog_secrets();
  let mut first: HashMap<String, &str> = HashMap::new();
  for name in cx.model.config.secrets.keys() {
    if catalog.contains_key(name.as_str()) {
      continue;
    }
    let key = collision_key(name);
    match first.get(&key) {
      None => {
        first.insert(key, name);
      }
      Some(earlier) => out.push(
        META
          .diagnostic(
            format!("secret {name:?} and secret {earlier:?} are both the variable `{key}`"),
            cx.key(["secrets", name]),
          )
          .label(format!("also `{key}`"))
          .related(cx.key(["secrets", earlier]), format!("`{key}` first"))
          .help(format!(
            "keep one of them, or give one another name than {earlier:?}"
          )),
      ),
    }
  }
}
