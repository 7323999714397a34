use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That no service other than caddy publishes host port 80 or 443.
  ///
  /// ## Why
  /// Caddy is the stack's single entry point: it holds 80 and 443 to serve
  /// every site with TLS. Another service there would stop Caddy from starting
  /// and bypass its headers and certificates.
  ///
  /// ## Example
  /// ```toml
  /// [services.website]
  /// image = "nginx:1.27"
  /// host_port = 80
  /// ```
  ///
  /// ## Fix
  /// Route the service through Caddy instead: remove `host_port`, set
  /// `port = 80` and a `subdomain`.
  pub struct ReservedHostPort {
    code: "SC116",
    name: "reserved-host-port",
    severity: Error,
    summary: "a service other than caddy on host port 80 or 443",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  for service in cx.model.services.values() {
    if service.name == "caddy" {
      continue;
    }
    if let Some(port @ (80 | 443)) = service.config.host_port {
      out.push(
        META
          .diagnostic(format!("`{}` publishes host port {port}, which is Caddy's", service.name), cx.value(["services", &service.name, "host_port"]))
          .label("reserved for Caddy")
          .help("route the service through Caddy: remove `host_port` and give it `port` and a `subdomain`"),
      );
    }
  }
}
