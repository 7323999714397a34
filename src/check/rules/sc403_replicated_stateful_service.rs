use crate::{check::context::Context, diagnostic::Diagnostic, targets::swarm::placement};

crate::declare_rule! {
  /// ## What it checks
  /// That a service which mounts a named volume has no more than one
  /// replica.
  ///
  /// ## Why
  /// Every replica of a Swarm service mounts the volume of the node it runs
  /// on: replicas on two nodes write two different volumes, and two on one
  /// node write the same files at once. Neither is what a database, a queue
  /// or an app's uploads can survive. Replication of data needs the
  /// application's own clustering, which this stack does not configure.
  ///
  /// ## Example
  /// ```toml
  /// [services.n8n]
  /// replicas = 3
  /// ```
  ///
  /// ## Fix
  /// Remove `replicas`, or give more replicas only to services without
  /// named volumes.
  pub struct ReplicatedStatefulService {
    code: "SC403",
    name: "replicated-stateful-service",
    severity: Error,
    summary: "more than one replica of a service with a named volume",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let replicated: Vec<_> = cx
    .model
    .services
    .values()
    .filter(|service| service.config.replicas.is_some_and(|replicas| replicas > 1))
    .collect();
  if replicated.is_empty() {
    return;
  }
  let Some(deployment) = cx.deployment() else {
    return;
  };
  let stateful = placement::volumes_by_service(deployment);
  for service in replicated {
    let Some(volumes) = stateful.get(&service.name) else {
      continue;
    };
    let volumes: Vec<String> = volumes.iter().map(|v| format!("`{v}`")).collect();
    out.push(
      META
        .diagnostic(
          format!(
            "`{}` mounts {} and cannot have more than one replica",
            service.name,
            volumes.join(", ")
          ),
          cx.value(["services", &service.name, "replicas"]),
        )
        .label("each replica would write its own copy")
        .help("remove `replicas`; only services without named volumes can be replicated"),
    );
  }
}
