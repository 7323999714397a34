use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That `stack.acme_email` is a plain email address: letters, digits and
  /// `. _ % + -` before the `@`, a DNS name after it.
  ///
  /// ## Why
  /// The address is written into the Caddyfile's global options. A space, a
  /// brace or a newline would end the directive and start another.
  ///
  /// ## Example
  /// ```toml
  /// [stack]
  /// acme_email = "admin@example.com }"
  /// ```
  ///
  /// ## Fix
  /// `acme_email = "admin@example.com"`.
  pub struct InvalidEmail {
    code: "SC117",
    name: "invalid-email",
    severity: Error,
    summary: "invalid `acme_email`",
  }
}

pub fn is_valid(email: &str) -> bool {
  let Some((local, domain)) = email.split_once('@') else {
    return false;
  };
  !local.is_empty()
    && local.len() <= 64
    && local
      .chars()
      .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
    && domain.contains('.')
    && super::sc108_invalid_host::problem(&domain.to_ascii_lowercase()).is_none()
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  if let Some(email) = &cx.model.config.stack.acme_email
    && !is_valid(email)
  {
    out.push(
      META
        .diagnostic(
          format!("{email:?} is not a valid email address"),
          cx.value(["stack", "acme_email"]),
        )
        .label("invalid email address")
        .help("use a plain address such as `admin@example.com`"),
    );
  }
}
