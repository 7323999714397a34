use crate::{check::context::Context, config::tls::Tls, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That `stack.acme_email` is set whenever TLS is `acme` (the default), in
  /// the base configuration or a profile.
  ///
  /// ## Why
  /// Let's Encrypt sends certificate expiry warnings to this address; without
  /// it a silently failing renewal takes every site down after 90 days.
  ///
  /// ## Example
  /// ```toml
  /// [stack]
  /// name = "borgstack"
  /// domain = "example.com"
  /// ```
  ///
  /// ## Fix
  /// Add `acme_email = "admin@example.com"` to `[stack]`, or set `tls` to
  /// `internal` or `off`.
  pub struct AcmeWithoutEmail {
    code: "SC110",
    name: "acme-without-email",
    severity: Error,
    summary: "`tls = \"acme\"` without `acme_email`",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let config = cx.model.config;
  // Without a `[stack]` table SC004 has said all there is to say.
  if config.stack.acme_email.is_some() || !cx.has(["stack"]) || !cx.absent(["stack", "acme_email"])
  {
    return;
  }
  for profile in &cx.model.profiles {
    if profile.tls != Tls::Acme {
      continue;
    }
    // A `tls` that could not be read (reported where it is) says nothing.
    let unreadable_tls = cx.unreadable(["stack", "tls"])
      || profile
        .name
        .as_ref()
        .is_some_and(|name| cx.unreadable(["profiles", name, "tls"]));
    if unreadable_tls {
      continue;
    }
    let span = match &profile.name {
      Some(name) if cx.has(["profiles", name, "tls"]) => cx.value(["profiles", name, "tls"]),
      Some(name) => cx.key(["profiles", name]),
      None => cx.value(["stack"]),
    };
    out.push(
      META
        .diagnostic(
          format!("{} uses ACME certificates but `stack.acme_email` is not set", profile.label()),
          span,
        )
        .label("TLS is `acme` here")
        .help("add `acme_email = \"you@example.com\"` to `[stack]`, or set `tls = \"internal\"` or `tls = \"off\"`"),
    );
    // One report says it all: every ACME profile is fixed by the same line.
    return;
  }
}
