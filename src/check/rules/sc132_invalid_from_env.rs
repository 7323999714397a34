use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That a secret's `from_env` names an environment variable: a letter or
  /// `_`, then letters, digits and `_`.
  ///
  /// ## Why
  /// `stackc build` reads the value from that variable, and the name is
  /// written in `.env` and CHECKLIST.md as the place the value comes from.
  /// No shell can set any other name, and a newline in it would add a line
  /// to `.env`: `"X\nCOMPOSE_PROJECT_NAME=evil"` did.
  ///
  /// ## Example
  /// ```toml
  /// [secrets]
  /// openai_api_key = { from_env = "OPENAI API KEY" }
  /// ```
  ///
  /// ## Fix
  /// `openai_api_key = { from_env = "OPENAI_API_KEY" }`.
  pub struct InvalidFromEnv {
    code: "SC132",
    name: "invalid-from-env",
    severity: Error,
    summary: "`from_env` that is not an environment variable name",
  }
}

/// Whether `name` matches `^[A-Za-z_][A-Za-z0-9_]{0,254}$`.
pub fn is_valid(name: &str) -> bool {
  let mut characters = name.chars();
  characters
    .next()
    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
    && name.len() <= 255
    && characters.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  for (name, secret) in &cx.model.config.secrets {
    let Some(variable) = &secret.from_env else {
      continue;
    };
    if !is_valid(variable) {
      out.push(
        META
          .diagnostic(
            format!(
              "`from_env` of secret `{name}` is {variable:?}, not an environment variable name"
            ),
            cx.value(["secrets", name, "from_env"]),
          )
          .label("not a variable name")
          .help(
            "use letters, digits and `_`, starting with a letter or `_`, such as `OPENAI_API_KEY`",
          ),
      );
    }
  }
}
