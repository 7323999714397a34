//! What the stack declares, for the checks a custom container needs.

use crate::model::Model;

/// What the whole stack declares, gathered once so that building each
/// container looks things up instead of scanning every service.
pub(super) struct Known<'m> {
  /// Containers that have a health check, which dependents can wait for.
  pub(super) healthchecked: std::collections::HashSet<&'m str>,
  /// Volumes a catalog service owns.
  pub(super) catalog_volumes: std::collections::HashSet<&'m str>,
}

impl<'m> Known<'m> {
  pub(super) fn new(model: &'m Model<'_>) -> Self {
    let mut healthchecked = std::collections::HashSet::new();
    let mut catalog_volumes = std::collections::HashSet::new();
    for service in model.services.values() {
      match service.catalog {
        Some(catalog) => {
          for container in &catalog.containers {
            if container.healthcheck.is_some() {
              healthchecked.insert(container.name.as_str());
            }
            for volume in &container.volumes {
              if let (Some(name), None) = (&volume.volume, &volume.when) {
                catalog_volumes.insert(name.as_str());
              }
            }
          }
        }
        None => {
          if service.config.healthcheck.is_some() {
            healthchecked.insert(service.name.as_str());
          }
        }
      }
    }
    Self {
      healthchecked,
      catalog_volumes,
    }
  }
}
