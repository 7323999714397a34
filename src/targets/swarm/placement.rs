//! Where Swarm may run each service. A named volume lives on one node, so
//! every service that mounts one is pinned to the nodes of its data group,
//! and services that mount the same volume (Duplicati reads every volume it
//! backs up) must share a group.

use {
  crate::model::deployment::Deployment,
  indexmap::{IndexMap, IndexSet},
};

/// Services tied together by the named volumes they mount, transitively.
#[derive(Debug, PartialEq, Eq)]
pub struct VolumeSet {
  /// Stack services, in deployment order.
  pub services: IndexSet<String>,
  pub volumes: IndexSet<String>,
}

/// The named volumes each stack service mounts, in deployment order; a
/// service that mounts none is absent.
pub fn volumes_by_service(deployment: &Deployment<'_>) -> IndexMap<String, IndexSet<String>> {
  let mut found: IndexMap<String, IndexSet<String>> = IndexMap::new();
  for container in &deployment.containers {
    for volume in container.volumes() {
      found
        .entry(container.service.clone())
        .or_default()
        .insert(volume.to_owned());
    }
  }
  found
}

/// The services with named volumes, joined into sets that share a volume.
pub fn volume_sets(deployment: &Deployment<'_>) -> Vec<VolumeSet> {
  let mut sets: Vec<VolumeSet> = Vec::new();
  for (service, volumes) in volumes_by_service(deployment) {
    let mut joined = VolumeSet {
      services: IndexSet::from([service]),
      volumes: volumes.clone(),
    };
    // Every set sharing a volume with this service merges into it.
    let mut index = 0;
    while index < sets.len() {
      if sets[index].volumes.iter().any(|v| volumes.contains(v)) {
        let set = sets.remove(index);
        let mut services = set.services;
        services.extend(joined.services);
        let mut all = set.volumes;
        all.extend(joined.volumes);
        joined = VolumeSet {
          services,
          volumes: all,
        };
      } else {
        index += 1;
      }
    }
    sets.push(joined);
  }
  sets
}
