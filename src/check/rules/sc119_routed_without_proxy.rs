use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That a stack with routed services (a catalog app, a custom service with
  /// `host` or `subdomain`, OrchestratAI) enables the reverse proxy,
  /// `[services.caddy]`.
  ///
  /// ## Why
  /// Routes are served by Caddy alone. Without it the build writes no
  /// Caddyfile, nothing listens on 80 and 443, and yet the checklist would
  /// list DNS records and https URLs that lead nowhere.
  ///
  /// ## Example
  /// ```toml
  /// [services.postgresql]
  /// [services.redis]
  /// [services.n8n]
  /// ```
  ///
  /// ## Fix
  /// Add `[services.caddy]`, or publish the service on the host with
  /// `host_port` and remove its route.
  pub struct RoutedWithoutProxy {
    code: "SC119",
    name: "routed-without-proxy",
    severity: Error,
    summary: "routed services in a stack without `[services.caddy]`",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  if cx.model.is_enabled("caddy") {
    return;
  }
  let mut routed: Vec<(String, crate::document::span::Span)> = cx
    .model
    .services
    .values()
    .filter(|service| service.is_routed())
    .map(|service| (service.name.clone(), cx.key(["services", &service.name])))
    .collect();
  if cx.model.config.orchestratai.is_some() {
    routed.push(("orchestratai".into(), cx.key(["orchestratai"])));
  }
  // One diagnostic, at the first routed service, naming them all.
  let Some((first, span)) = routed.first() else {
    return;
  };
  let names: Vec<String> = routed.iter().map(|(name, _)| format!("`{name}`")).collect();
  let mut diagnostic = META
    .diagnostic(
      format!(
        "{} routed, but the stack has no reverse proxy",
        if routed.len() == 1 {
          format!("{} is", names[0])
        } else {
          format!("{} are", names.join(", "))
        }
      ),
      *span,
    )
    .label(format!("`{first}` is served through Caddy"))
    .help("add `[services.caddy]`: it serves every route over HTTPS");
  for (name, span) in routed.iter().skip(1) {
    diagnostic = diagnostic.related(*span, format!("`{name}` is routed too"));
  }
  out.push(diagnostic);
}
