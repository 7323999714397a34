//! Named volumes: declared by the containers that mount them, and backed up.

use super::{
  container::{Container, Mount, MountSource},
  known::Known,
};
use {
  crate::model::{Model, Service},
  indexmap::IndexMap,
};

#[derive(Clone, Debug)]
pub struct Volume {
  pub owner: String,
  /// Folder under Duplicati's /source, when it is backed up.
  pub backup: Option<String>,
}

pub(super) fn declare_volumes(
  service: &Service<'_>,
  container: &Container,
  known: &Known<'_>,
  volumes: &mut IndexMap<String, Volume>,
) {
  let catalog_volumes = service.catalog.into_iter().flat_map(|catalog| {
    catalog
      .containers
      .iter()
      .filter(|entry| entry.name == container.name)
      .flat_map(|entry| entry.volumes.iter())
  });
  for volume in catalog_volumes {
    if let (Some(name), None) = (&volume.volume, &volume.when) {
      volumes.entry(name.to_string()).or_insert_with(|| Volume {
        owner: service.name.clone(),
        backup: volume.backup.as_deref().map(str::to_owned),
      });
    }
  }
  for mount in &container.mounts {
    // A volume only mounted, never declared by a catalog owner, is the
    // operator's own: back it up under its name.
    if let MountSource::Volume(name) = &mount.source
      && !volumes.contains_key(name)
      && !known.catalog_volumes.contains(name.as_str())
    {
      volumes.insert(
        name.clone(),
        Volume {
          owner: service.name.clone(),
          backup: Some(name.clone()),
        },
      );
    }
  }
}

/// Duplicati mounts every backed-up volume read-only, by volume name: unlike
/// host paths under /var/lib/docker/volumes, this works whatever the
/// compose project is called.
pub(super) fn add_backup_sources(
  model: &Model<'_>,
  containers: &mut [Container],
  volumes: &IndexMap<String, Volume>,
) {
  let wants_sources: Vec<String> = model
    .services
    .values()
    .filter_map(|service| service.catalog)
    .flat_map(|catalog| catalog.containers.iter())
    .filter(|entry| entry.backup_sources)
    .map(|entry| entry.name.to_string())
    .collect();
  for container in containers
    .iter_mut()
    .filter(|c| wants_sources.contains(&c.name))
  {
    for (name, volume) in volumes {
      if let Some(folder) = &volume.backup {
        container.mounts.push(Mount {
          source: MountSource::Volume(name.clone()),
          target: format!("/source/{folder}"),
          read_only: true,
        });
      }
    }
  }
}
