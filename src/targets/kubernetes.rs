//! Kubernetes: a Kustomize base for `kubectl apply -k`, built from typed
//! objects (`k8s-openapi`): one manifest per stack service, its secrets in
//! `secrets/<service>.env` for a `secretGenerator`, the Caddyfile and
//! database scripts through a `configMapGenerator`, and a checklist.

pub mod checklist;
pub mod edge;
pub mod environment;
pub mod names;
pub mod network;
pub mod object;
pub mod pod;
pub mod storage;
pub mod workloads;

use object::object;
use {
  crate::{
    config::kubernetes::Edge,
    model::Model,
    model::deployment::{self, Container, Deployment, MountSource},
    targets::{
      artifact::Artifact,
      render_options::RenderOptions,
      shared::header::header,
      shared::{caddyfile, database_files, env_file, yaml},
    },
  },
  indexmap::{IndexMap, IndexSet},
  k8s_openapi::{api::core::v1::Namespace, apimachinery::pkg::apis::meta::v1::ObjectMeta},
  serde_json::{Value, json},
  std::fmt::Write,
  storage::Storage,
};

pub const KUSTOMIZATION: &str = "kustomization.yaml";

/// The containers this edge runs: with Ingress objects or HTTPRoutes, no
/// Caddy.
fn runs(deployment: &Deployment<'_>, container: &Container) -> bool {
  !(container.service == "caddy"
    && deployment.model.config.targets.kubernetes.edge() != Edge::Caddy)
}

fn documents(objects: &[Value], header: &str) -> String {
  let mut text = String::from(header);
  for object in objects {
    text.push_str("---\n");
    yaml::push(&mut text, object);
  }
  text
}

/// `secrets/<service>.env` of a service: every secret its containers read.
/// A kustomize env file holds one line a value, read literally.
fn secret_file(
  deployment: &Deployment<'_>,
  containers: &[&Container],
  options: &RenderOptions<'_>,
) -> Result<String, String> {
  let mut variables = IndexSet::new();
  for container in containers {
    variables.extend(environment::referenced(container));
  }
  let mut text = String::new();
  for variable in variables {
    let value = deployment
      .variables
      .get(&variable)
      .and_then(|entry| options.values.get(&entry.secret))
      .map_or("", String::as_str);
    if value.contains(['\n', '\r']) || value != value.trim() {
      return Err(format!(
        "the value of {variable} has a line break or surrounding spaces, which a kustomize env file cannot hold"
      ));
    }
    let _ = writeln!(text, "{variable}={value}");
  }
  Ok(text)
}

pub fn render(model: &Model<'_>, options: &RenderOptions<'_>) -> Result<Vec<Artifact>, String> {
  let header = header(options.stack_file);
  let deployment = Deployment::new(model, options.profile.unwrap_or(model.base()))?;
  let config = &model.config.targets.kubernetes;
  let namespace = config
    .namespace
    .clone()
    .unwrap_or_else(|| names::dns_label(&deployment.name));
  let containers: Vec<&Container> = deployment
    .containers
    .iter()
    .filter(|container| runs(&deployment, container))
    .collect();
  let storage = Storage::new(&containers);

  // Objects by stack service, in the order of the deployment.
  let mut objects: IndexMap<String, Vec<Value>> = IndexMap::new();
  for container in &containers {
    let service = objects.entry(container.service.clone()).or_default();
    service.push(workloads::workload(&deployment, container, &storage));
    service.extend(network::service(&deployment, container));
    service.extend(network::policy(&deployment, container));
  }
  for volume in storage.volumes() {
    if storage.is_templated(volume) {
      continue;
    }
    let owner = storage
      .owner(volume)
      .and_then(|owner| deployment.container(owner))
      .map_or_else(|| volume.to_owned(), |c| c.service.clone());
    let claim = object(storage.claim(&deployment, volume));
    objects.entry(owner).or_default().push(claim);
  }
  for route in &deployment.routes {
    let object = match config.edge() {
      Edge::Caddy => continue,
      Edge::Ingress => edge::ingress(&deployment, route),
      Edge::Gateway => edge::http_route(&deployment, route),
    };
    objects
      .entry(route.service.clone())
      .or_default()
      .push(object);
  }

  // The files the pods mount, by the service whose ConfigMap holds them.
  let mut files = database_files::render(model, &header);
  if containers.iter().any(|c| c.service == "caddy") {
    files.push(Artifact::committed(
      deployment::caddyfile_name(&deployment.profile),
      caddyfile::render(&deployment, &header),
    ));
  }
  let mut config_maps: IndexMap<String, IndexSet<String>> = IndexMap::new();
  for container in &containers {
    for mount in &container.mounts {
      if let MountSource::Bind(path) = &mount.source {
        config_maps
          .entry(container.service.clone())
          .or_default()
          .insert(path.clone());
      }
    }
  }

  let mut artifacts = Vec::new();
  let mut resources = vec!["namespace.yaml".to_owned()];
  let namespace_object = object(Namespace {
    metadata: ObjectMeta {
      name: Some(namespace.clone()),
      ..ObjectMeta::default()
    },
    ..Namespace::default()
  });
  artifacts.push(Artifact::committed(
    "namespace.yaml",
    documents(&[namespace_object], &header),
  ));
  let mut secret_generators = Vec::new();
  for (service, service_objects) in &objects {
    let file = format!("{}.yaml", names::dns_label(service));
    artifacts.push(Artifact::committed(
      file.clone(),
      documents(service_objects, &header),
    ));
    resources.push(file);
    let of_service: Vec<&Container> = containers
      .iter()
      .copied()
      .filter(|c| &c.service == service)
      .collect();
    let secrets = secret_file(&deployment, &of_service, options)?;
    if !secrets.is_empty() {
      let path = format!("secrets/{}.env", names::dns_label(service));
      secret_generators.push(json!({ "name": names::secret(service), "envs": [path] }));
      artifacts.push(Artifact {
        path,
        contents: secrets,
        committed: false,
        mode: 0o600,
      });
    }
  }
  let config_map_generators: Vec<Value> = config_maps
    .iter()
    .map(|(service, paths)| {
      let files: Vec<String> = paths
        .iter()
        .map(|path| format!("{}={path}", pod::files_key(path)))
        .collect();
      json!({ "name": names::files(service), "files": files })
    })
    .collect();
  let mut kustomization = json!({
    "apiVersion": "kustomize.config.k8s.io/v1beta1",
    "kind": "Kustomization",
    "namespace": namespace,
    "resources": resources,
  });
  if !secret_generators.is_empty() {
    kustomization["secretGenerator"] = Value::from(secret_generators);
  }
  if !config_map_generators.is_empty() {
    kustomization["configMapGenerator"] = Value::from(config_map_generators);
  }
  artifacts.insert(
    0,
    Artifact::committed(KUSTOMIZATION, yaml::after(&header, &kustomization)),
  );
  artifacts.extend(
    files
      .into_iter()
      .filter(|file| config_maps.values().any(|paths| paths.contains(&file.path))),
  );
  // `.env` stays the record of every secret value, as for compose: the
  // build settles the store against it; `secrets/` is derived from it.
  let env_header = format!(
    "{header}# Every secret of the deployment; secrets/*.env are written from the same values.\n# Keep it private (mode 0600) and out of version control.\n"
  );
  artifacts.extend(env_file::artifacts(
    &deployment,
    &env_header,
    options,
    env_file::Reader::Compose,
  )?);
  if let Some(agents) =
    crate::model::orchestratai::agents_json(model, options.directory, options.output)?
  {
    artifacts.push(Artifact::committed("orchestratai/agents.json", agents));
  }
  artifacts.push(Artifact::committed(
    "CHECKLIST.md",
    checklist::render(&deployment, options.stack_file, &namespace, &storage)?,
  ));
  Ok(artifacts)
}
