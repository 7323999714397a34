//! The components stackc knows: one TOML file each beside this one, read
//! into these types and baked into the binary by `build.rs`.

pub mod command;
pub mod healthcheck;
pub mod list;
pub mod map;
pub mod orchestratai;
pub mod service;
pub mod text;

/// The BorgStack components stackc knows, one data file each under
/// `src/catalog/`. `build.rs` reads every file there, checks it, and bakes
/// it into the binary as a static, so that adding a component means adding
/// one file, and a run reads nothing to know the catalog.
#[derive(Debug)]
pub struct Catalog {
  services: &'static [(&'static str, CatalogService)],
}

include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

impl Catalog {
  /// The catalog baked from `src/catalog/`.
  pub fn get() -> &'static Catalog {
    &CATALOG
  }

  pub fn service(&self, name: &str) -> Option<&CatalogService> {
    self
      .services
      .iter()
      .find(|(candidate, _)| *candidate == name)
      .map(|(_, service)| service)
  }

  pub fn names(&self) -> impl Iterator<Item = &str> {
    self.services.iter().map(|(name, _)| *name)
  }

  pub fn services(&self) -> impl Iterator<Item = (&str, &CatalogService)> {
    self.services.iter().map(|(name, service)| (*name, service))
  }

  /// The catalog service whose containers include `container`.
  pub fn owner_of_container(&self, container: &str) -> Option<&str> {
    self
      .services
      .iter()
      .find(|(_, service)| service.containers.iter().any(|c| c.name == container))
      .map(|(name, _)| *name)
  }
}

// Re-exported so that catalog types read as one vocabulary.
pub use crate::catalog::service::{
  CatalogContainer, CatalogDatabase, CatalogPort, CatalogRoute, CatalogSecret, CatalogService,
  CatalogVolume, DependencyCondition, Headers, List, Map, ServiceKind, Text, Upstream,
};

#[cfg(test)]
mod tests {
  use {super::*, std::collections::HashMap};

  #[test]
  fn every_catalog_file_loads_and_is_consistent() {
    let catalog = Catalog::get();
    let names: Vec<&str> = catalog.names().collect();
    for component in [
      "postgresql",
      "mongodb",
      "redis",
      "seaweedfs",
      "caddy",
      "n8n",
      "evolution",
      "chatwoot",
      "lowcoder",
      "directus",
      "fileflows",
      "duplicati",
    ] {
      assert!(
        names.contains(&component),
        "no catalog file for {component}"
      );
    }
    let mut containers = HashMap::new();
    let mut dev_ports = HashMap::new();
    for (name, service) in catalog.services() {
      for required in &service.requires {
        assert!(
          catalog.service(required).is_some(),
          "{name} requires unknown {required}"
        );
      }
      for container in &service.containers {
        assert_eq!(
          containers.insert(container.name.as_str(), name),
          None,
          "container {}",
          container.name
        );
        for port in &container.ports {
          let previous = dev_ports.insert(port.exposed_host(), container.name.as_str());
          assert_eq!(
            previous,
            None,
            "dev host port {} is taken twice",
            port.exposed_host()
          );
          if port.host.is_some() {
            assert_eq!(
              name, "caddy",
              "only caddy publishes host ports in production"
            );
          }
        }
      }
    }
    // BorgStack's 14, and the Sidekiq worker its Chatwoot lacked.
    assert_eq!(containers.len(), 15, "the catalog has 15 containers");
  }
}
