//! Every catalog container keeps its upstream contract: each variable the
//! build sets on it is one its image reads (`upstream.reads`), and each
//! variable the image cannot start without (`upstream.required`) is set. A
//! dead variable, a renamed one or a missing required one fails here, not on
//! a server. The stacks built are the bundled ones and one that enables
//! every catalog service and OrchestratAI, so that conditional environment
//! (`environment_if`, OrchestratAI's settings) is covered too.

use {
  stackc::{
    catalog::{Catalog, CatalogContainer},
    check::pipeline,
    model::deployment::Deployment,
  },
  std::{
    collections::BTreeSet,
    path::{Path, PathBuf},
  },
};

/// The upstream contract of a deployed container, if it comes from a
/// catalog file.
fn catalog_entry(name: &str) -> Option<&'static CatalogContainer> {
  let catalog = Catalog::get();
  catalog
    .services()
    .flat_map(|(_, service)| service.containers.iter())
    .find(|container| container.name == name)
    .or_else(|| stackc::model::orchestratai::catalog().container(name))
}

fn every_service() -> String {
  let mut text = String::from(
    "version = 1\n[stack]\nname = \"all\"\ndomain = \"example.com\"\nacme_email = \"a@example.com\"\n[secrets]\nopenai_api_key = { manual = \"from the provider\" }\n",
  );
  for name in Catalog::get().names() {
    text.push_str(&format!("[services.{name}]\n"));
  }
  text.push_str(
    r#"[orchestratai]
vector_store = "chromadb"
embedding_model = "openai/text-embedding-3-large"
[orchestratai.providers.openai]
api_key = "{{ secrets.openai_api_key }}"
[orchestratai.orchestrator]
analysis_model = "openai/gpt-4o"
guide_model = "openai/gpt-4o-mini"
[orchestratai.agents.technical]
strategy = "rag"
model = "openai/gpt-4o"
"#,
  );

  text
}

/// Every stack the contract is checked on: (path, text).
fn stacks() -> Vec<(PathBuf, String)> {
  let mut stacks = vec![(PathBuf::from("all.toml"), every_service())];
  let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("stacks");
  for entry in std::fs::read_dir(root).unwrap() {
    let path = entry.unwrap().path();
    if path.extension().is_some_and(|e| e == "toml") {
      let text = std::fs::read_to_string(&path).unwrap();
      stacks.push((path, text));
    }
  }
  stacks
}

#[test]
fn every_catalog_container_has_an_upstream_contract() {
  let catalog = Catalog::get();
  let orchestratai = stackc::model::orchestratai::catalog();
  let containers = catalog
    .services()
    .flat_map(|(_, service)| service.containers.iter())
    .chain([
      &orchestratai.backend,
      &orchestratai.frontend,
      &orchestratai.chromadb,
    ]);
  let mut missing = Vec::new();
  for container in containers {
    match &container.upstream {
      None => missing.push(container.name.clone()),
      Some(upstream) => {
        assert!(
          upstream.repository.contains('/') && !upstream.tag.is_empty(),
          "{}: the contract names a repository and a tag",
          container.name
        );
        assert!(
          !upstream.sources.is_empty(),
          "{}: no sources read",
          container.name
        );
        for variable in &upstream.file_variants {
          assert!(
            upstream.reads.contains(variable),
            "{}: {variable} has a _FILE variant but is not read",
            container.name
          );
        }
      }
    }
  }
  assert!(
    missing.is_empty(),
    "containers without an upstream contract: {missing:?}"
  );
}

#[test]
fn every_variable_set_is_read_and_every_required_one_is_set() {
  let mut problems = BTreeSet::new();
  let mut checked = 0;
  for (path, text) in stacks() {
    let checked_stack = pipeline::check(&path, text.into_bytes(), None);
    assert!(
      !checked_stack.has_errors(),
      "{}: {:?}",
      path.display(),
      checked_stack.diagnostics
    );
    let model = checked_stack.model().unwrap();
    for profile in &model.profiles {
      let deployment = Deployment::new(&model, profile).unwrap();
      for container in &deployment.containers {
        let Some(upstream) = catalog_entry(&container.name).and_then(|c| c.upstream.as_ref())
        else {
          continue;
        };
        checked += 1;
        for variable in container.environment.keys() {
          if !upstream.reads.iter().any(|read| read == variable) {
            problems.insert(format!(
              "{}: sets {variable}, which {}@{} does not read",
              container.name, upstream.repository, upstream.tag
            ));
          }
        }
        for variable in &upstream.required {
          if !container.environment.contains_key(variable.as_str()) {
            problems.insert(format!(
              "{}: does not set {variable}, which {} requires",
              container.name, upstream.repository
            ));
          }
        }
      }
    }
  }
  assert!(checked > 20, "only {checked} containers were checked");
  assert!(problems.is_empty(), "{problems:#?}");
}
