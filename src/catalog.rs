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

  pub fn parse(files: &[(&str, &str)]) -> Result<Catalog, String> {
    let mut services = IndexMap::new();
    for (name, text) in files {
      let service: CatalogService =
        toml::from_str(text).map_err(|error| format!("catalog file {name}.toml: {error}"))?;
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
  CatalogVolume, DependencyCondition, Headers, ServiceKind,
};
