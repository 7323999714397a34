use crate::{
  check::context::Context, check::suggest, diagnostic::Diagnostic, targets::swarm::placement,
};

crate::declare_rule! {
  /// ## What it checks
  /// That every key of `[targets.swarm.placement]` names a service that
  /// mounts a named volume.
  ///
  /// ## Why
  /// Placement pins a service to the nodes that hold its data. A service
  /// without a named volume has no data to be near, and Swarm may run it
  /// anywhere; a misspelt name would leave the real service in the default
  /// group, on nodes the operator did not mean.
  ///
  /// ## Example
  /// ```toml
  /// [services.postgresql]
  /// [targets.swarm.placement]
  /// postgres = "db"
  /// ```
  ///
  /// ## Fix
  /// Name a service with a named volume (`postgresql`), or remove the entry.
  pub struct SwarmPlacementWithoutVolume {
    code: "SC401",
    name: "swarm-placement-without-volume",
    severity: Error,
    summary: "a swarm placement for a service without a named volume",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let placement = &cx.model.config.targets.swarm.placement;
  if placement.is_empty() {
    return;
  }
  let Some(deployment) = cx.deployment() else {
    return;
  };
  let stateful = placement::volumes_by_service(deployment);
  for service in placement.keys() {
    if stateful.contains_key(service) {
      continue;
    }
    let span = cx.key(["targets", "swarm", "placement", service]);
    let diagnostic = if cx.model.services.contains_key(service) || service == "orchestratai" {
      META
        .diagnostic(
          format!("`{service}` mounts no named volume: Swarm may run it on any node"),
          span,
        )
        .label("has no data to place")
        .help("remove this entry")
    } else {
      let known: Vec<&str> = stateful.keys().map(String::as_str).collect();
      let help = match suggest::closest(service, known.iter().copied()) {
        Some(name) => format!("did you mean `{name}`?"),
        None => format!("services with named volumes: {}", known.join(", ")),
      };
      META
        .diagnostic(format!("no service `{service}` in this stack"), span)
        .label("unknown service")
        .help(help)
    };
    out.push(diagnostic);
  }
}
