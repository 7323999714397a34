//! Named volumes as persistent volume claims. A volume only one
//! StatefulSet mounts is claimed by its `volumeClaimTemplates`; any other
//! is a claim of its own, ReadWriteOnce when one workload mounts it and
//! ReadWriteMany when several do (Duplicati reads every volume it backs
//! up), which the cluster's storage class must then offer.

use {
  crate::{
    config::kubernetes::KubernetesConfig,
    model::databases::{ENGINES, jobs},
    model::deployment::{Container, Deployment},
    targets::kubernetes::names,
  },
  indexmap::{IndexMap, IndexSet},
  k8s_openapi::{
    api::core::v1::{PersistentVolumeClaim, PersistentVolumeClaimSpec, VolumeResourceRequirements},
    apimachinery::pkg::{api::resource::Quantity, apis::meta::v1::ObjectMeta},
  },
  std::collections::BTreeMap,
};

/// The catalog services whose main container is a data store, run as a
/// StatefulSet with a stable identity and its own claims.
pub const DATA_STORES: &[&str] = &["postgresql", "mongodb", "redis", "seaweedfs", "chromadb"];

pub struct Storage {
  /// Containers mounting each named volume, in order.
  users: IndexMap<String, IndexSet<String>>,
  /// Volumes claimed through a StatefulSet's templates.
  templated: IndexSet<String>,
}

pub fn is_data_store(container: &str) -> bool {
  DATA_STORES.contains(&container)
}

impl Storage {
  pub fn new(containers: &[&Container]) -> Self {
    let mut users: IndexMap<String, IndexSet<String>> = IndexMap::new();
    for container in containers {
      for volume in container.volumes() {
        users
          .entry(volume.to_owned())
          .or_default()
          .insert(container.name.clone());
      }
    }
    let templated = users
      .iter()
      .filter(|(_, by)| by.len() == 1 && is_data_store(&by[0]))
      .map(|(volume, _)| volume.clone())
      .collect();
    Storage { users, templated }
  }

  pub fn is_templated(&self, volume: &str) -> bool {
    self.templated.contains(volume)
  }

  /// Volumes that several workloads mount, which need ReadWriteMany.
  pub fn shared(&self) -> Vec<(&str, Vec<&str>)> {
    self
      .users
      .iter()
      .filter(|(_, by)| by.len() > 1)
      .map(|(volume, by)| (volume.as_str(), by.iter().map(String::as_str).collect()))
      .collect()
  }

  /// Who claims a standalone volume: its first user.
  pub fn owner(&self, volume: &str) -> Option<&str> {
    self.users.get(volume)?.first().map(String::as_str)
  }

  pub fn volumes(&self) -> impl Iterator<Item = &str> {
    self.users.keys().map(String::as_str)
  }

  /// The claim of `volume`, for a StatefulSet's template or on its own.
  pub fn claim(&self, deployment: &Deployment<'_>, volume: &str) -> PersistentVolumeClaim {
    let config = &deployment.model.config.targets.kubernetes;
    let mode = if self.users.get(volume).is_some_and(|by| by.len() > 1) {
      "ReadWriteMany"
    } else {
      "ReadWriteOnce"
    };
    PersistentVolumeClaim {
      metadata: ObjectMeta {
        name: Some(names::dns_label(volume)),
        labels: Some(names::labels(
          &deployment.name,
          self.owner(volume).unwrap_or(volume),
        )),
        ..ObjectMeta::default()
      },
      spec: Some(PersistentVolumeClaimSpec {
        access_modes: Some(vec![mode.to_owned()]),
        storage_class_name: config.storage_class.clone(),
        resources: Some(VolumeResourceRequirements {
          requests: Some(BTreeMap::from([(
            "storage".to_owned(),
            Quantity(size(deployment, volume)),
          )])),
          ..VolumeResourceRequirements::default()
        }),
        ..PersistentVolumeClaimSpec::default()
      }),
      ..PersistentVolumeClaim::default()
    }
  }
}

/// The storage claimed for `volume`: the stack's `volume_sizes`, else the
/// catalog's `size`, else the dumps' size, else 1Gi.
pub fn size(deployment: &Deployment<'_>, volume: &str) -> String {
  let config = &deployment.model.config.targets.kubernetes;
  if let Some(size) = config.volume_sizes.get(volume) {
    return size.clone();
  }
  for container in &deployment.containers {
    if let Some(entry) = deployment.catalog_entry(container)
      && let Some(size) = entry
        .volumes
        .iter()
        .find(|v| v.volume.as_deref() == Some(volume))
        .and_then(|v| v.size.as_deref())
    {
      return size.to_owned();
    }
  }
  for engine in ENGINES {
    if jobs::dumps_volume(engine) == volume {
      return jobs::dumps_size(engine).to_owned();
    }
  }
  KubernetesConfig::DEFAULT_VOLUME_SIZE.to_owned()
}
