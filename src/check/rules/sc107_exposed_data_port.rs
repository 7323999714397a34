use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That databases, caches and object stores (postgresql, mongodb, redis,
  /// seaweedfs) set no `host_port`: outside a profile with `expose_ports`
  /// they are reachable only from the stack's internal network.
  ///
  /// ## Why
  /// A database port published on a server's public address is scanned within
  /// minutes; BorgStack keeps them on an `internal: true` network for that
  /// reason.
  ///
  /// ## Example
  /// ```toml
  /// [services.postgresql]
  /// host_port = 5432
  /// ```
  ///
  /// ## Fix
  /// Remove `host_port`. To reach the database from your machine while
  /// developing, build with a profile that sets `expose_ports = true`, or use
  /// `docker compose exec postgresql psql`.
  pub struct ExposedDataPort {
    code: "SC107",
    name: "exposed-data-port",
    severity: Error,
    summary: "a database, cache or object store with a host port",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  for service in cx.model.services.values() {
    let kind = service.kind();
    if let (true, Some(port)) = (kind.holds_data(), service.config.host_port) {
      out.push(
        META
          .diagnostic(
            format!(
              "`{}` is a {} and must not publish host port {port}",
              service.name,
              kind.as_str()
            ),
            cx.value(["services", &service.name, "host_port"]),
          )
          .label("published in every profile, production included")
          .help("remove `host_port`; to reach it from the host while developing, build with a profile that sets `expose_ports = true`"),
      );
    }
  }
}
