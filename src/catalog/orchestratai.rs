use {crate::catalog::CatalogContainer, databake::Bake, serde::Deserialize};

/// `src/catalog/orchestratai.toml`: images, ports, health checks, upstream
/// contracts of OrchestratAI's containers, whose environment
/// `crate::model::orchestratai` completes from `[orchestratai]`.
#[derive(Debug, Deserialize, Bake)]
#[serde(deny_unknown_fields)]
#[databake(path = crate::catalog::orchestratai)]
pub struct OrchestratAiCatalog {
  pub backend: CatalogContainer,
  pub frontend: CatalogContainer,
  pub chromadb: CatalogContainer,
}

impl OrchestratAiCatalog {
  pub fn container(&self, name: &str) -> Option<&CatalogContainer> {
    [&self.backend, &self.frontend, &self.chromadb]
      .into_iter()
      .find(|c| c.name == name)
  }
}
