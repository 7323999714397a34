use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That each secret has exactly one source: `generate`, `from_env` or
  /// `manual`.
  ///
  /// ## Why
  /// With none there is no value; with two, which one wins is a guess, and a
  /// guessed password is a lost password.
  ///
  /// ## Example
  /// ```toml
  /// [secrets]
  /// openai_api_key = { generate = "alnum", from_env = "OPENAI_API_KEY" }
  /// ```
  ///
  /// ## Fix
  /// Keep one source: `openai_api_key = { from_env = "OPENAI_API_KEY" }`.
  pub struct SecretSourceCount {
    code: "SC203",
    name: "secret-source-count",
    severity: Error,
    summary: "a secret with zero or several sources",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  for (name, secret) in &cx.model.config.secrets {
    let count = secret.source_count();
    // A source written with the wrong type is reported where it is.
    let unreadable = ["generate", "from_env", "manual"]
      .iter()
      .any(|key| cx.unreadable(["secrets", name, key]));
    if count == 1 || (count == 0 && unreadable) {
      continue;
    }
    let message = if count == 0 {
      format!("secret `{name}` has no source")
    } else {
      let sources: Vec<&str> = [
        ("generate", secret.generate.is_some()),
        ("from_env", secret.from_env.is_some()),
        ("manual", secret.manual.is_some()),
      ]
      .into_iter()
      .filter_map(|(key, set)| set.then_some(key))
      .collect();
      format!(
        "secret `{name}` has {count} sources: `{}`",
        sources.join("`, `")
      )
    };
    out.push(
      META
        .diagnostic(message, cx.value(["secrets", name]))
        .label("needs exactly one of `generate`, `from_env`, `manual`")
        .help(
          "keep one source, such as `{ generate = \"password\" }` or `{ from_env = \"VARIABLE\" }`",
        ),
    );
  }
}
