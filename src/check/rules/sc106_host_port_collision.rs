use {
  crate::{check::context::Context, diagnostic::Diagnostic, document::span::Span, model::Profile},
  indexmap::IndexMap,
};

crate::declare_rule! {
  /// ## What it checks
  /// That no two services publish the same host port, in the base
  /// configuration or under a profile. With `expose_ports = true` every
  /// service publishes its port (catalog services on the ports BorgStack's
  /// development override uses), so collisions show up there first.
  ///
  /// ## Why
  /// The second container fails to start with "port is already allocated".
  ///
  /// ## Example
  /// ```toml
  /// [services.evolution]
  /// [services.billing-api]
  /// image = "acme/billing:1.0"
  /// port = 8081
  ///
  /// [profiles.development]
  /// expose_ports = true
  /// ```
  ///
  /// ## Fix
  /// Give one service another `host_port`.
  pub struct HostPortCollision {
    code: "SC106",
    name: "host-port-collision",
    severity: Error,
    summary: "two services publish the same host port",
  }
}

/// The host ports a profile publishes: `(service, host port, span)`.
pub fn published(cx: &Context<'_>, profile: &Profile) -> Vec<(String, u16, Span)> {
  let mut ports = Vec::new();
  for service in cx.model.services.values() {
    let explicit = service
      .config
      .host_port
      .map(|port| (port, cx.value(["services", &service.name, "host_port"])));
    let header = cx.key(["services", &service.name]);
    if let Some((port, span)) = explicit {
      ports.push((service.name.clone(), port, span));
    }
    match service.catalog {
      Some(catalog) => {
        let main = (service.container_name(), service.port());
        for container in &catalog.containers {
          for port in &container.ports {
            let is_main = (container.name.as_str(), Some(port.container)) == main;
            if is_main && explicit.is_some() {
              continue;
            }
            let host = if profile.expose_ports {
              Some(port.exposed_host())
            } else {
              port.host
            };
            if let Some(host) = host {
              ports.push((service.name.clone(), host, header));
            }
          }
        }
      }
      None => {
        if profile.expose_ports
          && explicit.is_none()
          && let Some(port) = service.config.port
        {
          ports.push((
            service.name.clone(),
            port,
            cx.value(["services", &service.name, "port"]),
          ));
        }
      }
    }
  }
  ports
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let mut reported = std::collections::HashSet::new();
  for profile in &cx.model.profiles {
    let mut seen: IndexMap<u16, (String, Span)> = IndexMap::new();
    for (owner, port, span) in published(cx, profile) {
      let Some((first, first_span)) = seen.get(&port) else {
        seen.insert(port, (owner, span));
        continue;
      };
      if *first == owner || !reported.insert((port, owner.clone())) {
        continue;
      }
      let under = if profile.name.is_some() {
        format!(" under {}", profile.label())
      } else {
        String::new()
      };
      out.push(
        META
          .diagnostic(
            format!("host port {port} is published by both `{first}` and `{owner}`{under}"),
            span,
          )
          .label(format!("`{owner}` publishes host port {port}"))
          .related(*first_span, format!("`{first}` publishes it first"))
          .help(format!("set another `host_port` on `{owner}`")),
      );
    }
  }
}
