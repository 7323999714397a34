use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That a routed custom service (one with `host` or `subdomain`) says which
  /// `port` it listens on.
  ///
  /// ## Why
  /// Caddy needs the port to proxy to; guessing 80 is wrong for most images.
  ///
  /// ## Example
  /// ```toml
  /// [services.billing-api]
  /// image = "ghcr.io/acme/billing-api:1.4.2"
  /// subdomain = "billing"
  /// ```
  ///
  /// ## Fix
  /// Add the port the container listens on: `port = 8080`.
  pub struct RoutedWithoutPort {
    code: "SC114",
    name: "routed-without-port",
    severity: Error,
    summary: "a routed custom service without `port`",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  for service in cx.model.services.values() {
    if service.catalog.is_some()
      || !service.is_routed()
      || service.config.port.is_some()
      || !cx.absent(["services", &service.name, "port"])
    {
      continue;
    }
    let key = if service.config.host.is_some() {
      "host"
    } else {
      "subdomain"
    };
    out.push(
      META
        .diagnostic(
          format!("`{}` is routed but has no `port`", service.name),
          cx.key(["services", &service.name, key]),
        )
        .label("routed here")
        .help("add the port the container listens on, such as `port = 8080`"),
    );
  }
}
