use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That every secret under `[secrets]` is named like a variable: a letter
  /// or `_`, then letters, digits and `_` (at most 64 characters).
  ///
  /// ## Why
  /// A secret is read as `{{ secrets.NAME }}` and reaches the compose file as
  /// `${NAME}`, in upper case. A `-` makes `${REDIS-PASSWORD}` compose's
  /// "`REDIS`, or `PASSWORD` when unset"; a space, `=` or newline breaks the
  /// `.env` line; and `secrets.my-key` does not parse as one name.
  ///
  /// ## Example
  /// ```toml
  /// [secrets]
  /// "billing-token" = { generate = "alnum" }
  /// ```
  ///
  /// ## Fix
  /// `billing_token = { generate = "alnum" }`.
  pub struct InvalidSecretName {
    code: "SC211",
    name: "invalid-secret-name",
    severity: Error,
    summary: "a secret name that is not a variable name",
  }
}

/// Whether `name` matches `^[A-Za-z_][A-Za-z0-9_]{0,63}$`.
pub fn is_valid(name: &str) -> bool {
  let mut characters = name.chars();
  characters
    .next()
    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
    && name.len() <= 64
    && characters.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The name with every character a variable cannot hold made `_`.
pub fn suggestion(name: &str) -> String {
  let mut suggested: String = name
    .chars()
    .map(|c| {
      if c.is_ascii_alphanumeric() {
        c.to_ascii_lowercase()
      } else {
        '_'
      }
    })
    .take(64)
    .collect();
  if suggested.starts_with(|c: char| c.is_ascii_digit()) || suggested.is_empty() {
    suggested.insert(0, '_');
    suggested.truncate(64);
  }
  suggested
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  for name in cx.model.config.secrets.keys() {
    if is_valid(name) {
      continue;
    }
    out.push(
      META
        .diagnostic(
          format!("secret name {name:?} is not a variable name"),
          cx.key(["secrets", name]),
        )
        .label("invalid name")
        .help(format!(
          "use letters, digits and `_`, starting with a letter or `_` (at most 64 characters), such as `{}`",
          suggestion(name)
        )),
    );
  }
}

#[cfg(test)]
mod tests {
  use super::{is_valid, suggestion};

  #[test]
  fn only_variable_names_pass() {
    assert!(is_valid("redis_password") && is_valid("_x") && is_valid("API_TOKEN2"));
    for name in [
      "Redis-Password",
      "a b",
      "1x",
      "",
      "x\ny",
      "x=y",
      "é",
      &"a".repeat(65),
    ] {
      assert!(!is_valid(name), "{name:?}");
    }
    assert_eq!(suggestion("Redis-Password"), "redis_password");
    assert_eq!(suggestion("1x"), "_1x");
  }
}
