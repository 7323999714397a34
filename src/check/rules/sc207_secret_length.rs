use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That a secret's `length` makes sense: only with `generate`, never with
  /// `uuid` (whose length is fixed), at least the generator's minimum
  /// (`password` and `alnum` 16, `hex` 32, `base64` 24) and at most 1024.
  ///
  /// ## Why
  /// A short generated password is a weak one, and a length that is silently
  /// ignored misleads the next reader.
  ///
  /// ## Example
  /// ```toml
  /// [secrets]
  /// api_key = { generate = "alnum", length = 8 }
  /// ```
  ///
  /// ## Fix
  /// `api_key = { generate = "alnum", length = 32 }`, or omit `length` for the
  /// generator's default.
  pub struct SecretLength {
    code: "SC207",
    name: "secret-length",
    severity: Error,
    summary: "a secret `length` that is ignored or too short",
  }
}

/// The shortest value each generator may produce.
pub fn minimum(generator: &str) -> Option<i64> {
  crate::model::generator::GENERATORS
    .iter()
    .find(|(name, length, _)| *name == generator && length.is_some())
    .map(|(_, _, minimum)| i64::from(*minimum))
}

pub const MAXIMUM: i64 = 1024;

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  for (name, secret) in &cx.model.config.secrets {
    let Some(length) = secret.length else {
      continue;
    };
    let problem = match secret.generate.as_deref() {
      None => Some((
        "`length` only applies to generated secrets".to_owned(),
        "remove `length`".to_owned(),
      )),
      Some("uuid") => Some((
        "a uuid has a fixed length".to_owned(),
        "remove `length`".to_owned(),
      )),
      Some(generator) => match minimum(generator) {
        Some(minimum) if length < minimum => Some((
          format!("a generated `{generator}` value of {length} characters is too short to be safe"),
          format!("use at least `length = {minimum}`, or omit it for the default"),
        )),
        Some(_) if length > MAXIMUM => Some((
          format!("a length of {length} is more than {MAXIMUM}"),
          format!("use at most `length = {MAXIMUM}`"),
        )),
        _ => None,
      },
    };
    if let Some((message, help)) = problem {
      out.push(
        META
          .diagnostic(
            format!("secret `{name}`: {message}"),
            cx.value(["secrets", name, "length"]),
          )
          .label("invalid length")
          .help(help),
      );
    }
  }
}
