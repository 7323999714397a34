use {indexmap::IndexMap, std::sync::OnceLock};

/// The BorgStack components stackc knows, one data file each under
/// `src/catalog/`. `build.rs` embeds every file there, so adding a component
/// means adding one file.
#[derive(Debug)]
pub struct Catalog {
  services: IndexMap<String, CatalogService>,
}

include!(concat!(env!("OUT_DIR"), "/catalog_files.rs"));

impl Catalog {
  /// The embedded catalog, parsed once. Its files are checked by the test
  /// suite, so a parse failure here is a bug in stackc, not in user input.
  pub fn get() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Self::parse(CATALOG_FILES).unwrap_or_else(|error| panic!("{error}")))
  }

  pub fn parse(files: &[(&str, &'static str)]) -> Result<Catalog, String> {
    let mut services = IndexMap::new();
    for (name, text) in files {
      let service: CatalogService =
        serde_json::from_str(text).map_err(|error| format!("catalog file {name}.toml: {error}"))?;
      service
        .check(name)
        .map_err(|error| format!("catalog file {name}.toml: {error}"))?;
      services.insert((*name).to_owned(), service);
    }
    Ok(Catalog { services })
  }

  pub fn service(&self, name: &str) -> Option<&CatalogService> {
    self.services.get(name)
  }

  pub fn names(&self) -> impl Iterator<Item = &str> {
    self.services.keys().map(String::as_str)
  }

  pub fn services(&self) -> impl Iterator<Item = (&str, &CatalogService)> {
    self
      .services
      .iter()
      .map(|(name, service)| (name.as_str(), service))
  }

  /// The catalog service whose containers include `container`.
  pub fn owner_of_container(&self, container: &str) -> Option<&str> {
    self
      .services
      .iter()
      .find(|(_, service)| service.containers.iter().any(|c| c.name == container))
      .map(|(name, _)| name.as_str())
  }
}

// Re-exported so that catalog types read as one vocabulary.
pub use crate::catalog_service::{
  CatalogContainer, CatalogDatabase, CatalogPort, CatalogRoute, CatalogSecret, CatalogService,
  CatalogVolume, DependencyCondition, Headers, ServiceKind, Text, Upstream,
};

#[cfg(test)]
mod tests {
  use {super::*, std::collections::HashMap};

  #[test]
  fn catalog_text_is_borrowed_from_the_embedded_json() {
    let (_, json) = CATALOG_FILES
      .iter()
      .find(|(name, _)| *name == "caddy")
      .unwrap();
    let caddy = Catalog::get().service("caddy").unwrap();
    let image = &caddy.containers[0].image;
    assert!(json.as_bytes().as_ptr_range().contains(&image.as_ptr()));
  }

  #[test]
  fn every_catalog_file_loads_and_is_consistent() {
    let catalog = Catalog::parse(CATALOG_FILES).unwrap();
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
          containers.insert(container.name.clone(), name),
          None,
          "container {}",
          container.name
        );
        for port in &container.ports {
          let previous = dev_ports.insert(port.exposed_host(), container.name.clone());
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
