use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That `stack.name` is a valid compose project name: a lowercase letter,
  /// then up to 62 lowercase letters, digits, `_` or `-`.
  ///
  /// ## Why
  /// The name prefixes every container, network and volume. Compose rejects
  /// other characters, and a `/` or `..` could reach outside a directory.
  ///
  /// ## Example
  /// ```toml
  /// [stack]
  /// name = "Borg Stack"
  /// ```
  ///
  /// ## Fix
  /// `name = "borgstack"`.
  pub struct InvalidStackName {
    code: "SC109",
    name: "invalid-stack-name",
    severity: Error,
    summary: "invalid stack name",
  }
}

/// Whether `name` matches `^[a-z][a-z0-9_-]{0,62}$`.
pub fn is_valid(name: &str) -> bool {
  let mut characters = name.chars();
  matches!(characters.next(), Some('a'..='z'))
    && name.len() <= 63
    && characters.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  if let Some(name) = &cx.model.config.stack.name
    && !is_valid(name)
  {
    out.push(
      META
        .diagnostic(format!("stack name {name:?} is not a valid compose project name"), cx.value(["stack", "name"]))
        .label("invalid name")
        .help("start with a lowercase letter and use only lowercase letters, digits, `_` and `-` (at most 63 characters)"),
    );
  }
}
