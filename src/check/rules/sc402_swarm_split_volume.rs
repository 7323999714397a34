use crate::{
  check::context::Context, config::swarm::SwarmConfig, diagnostic::Diagnostic,
  targets::swarm::placement,
};

crate::declare_rule! {
  /// ## What it checks
  /// That services which mount the same named volume are in the same data
  /// group of `[targets.swarm.placement]`.
  ///
  /// ## Why
  /// A named volume lives on one node. Two services in different groups run
  /// on different nodes, and each would see its own empty copy of the
  /// volume: Duplicati would back up nothing, a job would dump into a
  /// volume nobody reads.
  ///
  /// ## Example
  /// ```toml
  /// [services.postgresql]
  /// [services.duplicati]
  /// [targets.swarm.placement]
  /// postgresql = "db"
  /// ```
  ///
  /// ## Fix
  /// Put every service the message names in one group, or leave them all
  /// in the default group, `main`.
  pub struct SwarmSplitVolume {
    code: "SC402",
    name: "swarm-split-volume",
    severity: Error,
    summary: "services sharing a named volume placed in different swarm groups",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let swarm: &SwarmConfig = &cx.model.config.targets.swarm;
  if swarm.placement.is_empty() {
    return;
  }
  let Some(deployment) = cx.deployment() else {
    return;
  };
  let by_service = placement::volumes_by_service(deployment);
  for set in placement::volume_sets(deployment) {
    let groups: Vec<(&str, &str)> = set
      .services
      .iter()
      .map(|service| (service.as_str(), swarm.group(service)))
      .collect();
    if groups.iter().all(|(_, group)| *group == groups[0].1) {
      continue;
    }
    let Some(placed) = set
      .services
      .iter()
      .find(|service| swarm.placement.contains_key(*service))
    else {
      continue;
    };
    let listed: Vec<String> = groups
      .iter()
      .map(|(service, group)| format!("`{service}` in `{group}`"))
      .collect();
    // Only the volumes that tie services together, not each one's own.
    let volumes: Vec<String> = set
      .volumes
      .iter()
      .filter(|volume| {
        by_service
          .values()
          .filter(|mounted| mounted.contains(*volume))
          .count()
          > 1
      })
      .map(|v| format!("`{v}`"))
      .collect();
    out.push(
      META
        .diagnostic(
          format!(
            "{} share the volumes {} but are placed apart: {}",
            set
              .services
              .iter()
              .map(|s| format!("`{s}`"))
              .collect::<Vec<_>>()
              .join(", "),
            volumes.join(", "),
            listed.join(", ")
          ),
          cx.value(["targets", "swarm", "placement", placed]),
        )
        .label("a named volume lives on one node")
        .help("put these services in one data group"),
    );
  }
}
