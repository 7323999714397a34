//! The stack as it will run under one profile: every container with its
//! final image, environment, mounts, ports and dependencies, every volume,
//! every route and every variable. All renderers read this, nothing else.

pub mod catalog_container;
pub mod container;
pub mod custom_container;
pub mod environment;
pub mod generated_files;
pub mod known;
pub mod route;
pub mod variable;
pub mod volume;

use crate::model::interpolation;
use {
  crate::{
    catalog::CatalogContainer,
    model::{Model, Profile},
  },
  indexmap::{IndexMap, IndexSet},
  minijinja::Value,
  std::collections::BTreeMap,
};
use {
  catalog_container::catalog_container,
  custom_container::custom_container,
  environment::context,
  generated_files::add_generated_files,
  known::Known,
  route::routes,
  volume::{add_backup_sources, declare_volumes},
};
pub use {
  catalog_container::container_from_catalog,
  container::{Container, Healthcheck, Mount, MountSource, Restart},
  generated_files::caddyfile_name,
  route::Route,
  variable::Variable,
  volume::Volume,
};

#[derive(Debug)]
pub struct Deployment<'m> {
  pub model: &'m Model<'m>,
  pub profile: Profile,
  pub name: String,
  pub containers: Vec<Container>,
  /// Named volumes, in order of declaration.
  pub volumes: IndexMap<String, Volume>,
  pub routes: Vec<Route>,
  /// Variables the compose file interpolates, sorted by name.
  pub variables: BTreeMap<String, Variable>,
  /// Position of each container in `containers`, by name.
  index: std::collections::HashMap<String, usize>,
}

impl<'m> Deployment<'m> {
  pub fn new(model: &'m Model<'m>, profile: &Profile) -> Result<Self, String> {
    let name = model.config.stack.name.clone().unwrap_or_default();
    let context = context(model, profile);
    let known = Known::new(model);
    let mut containers = Vec::with_capacity(
      model
        .services
        .values()
        .map(|service| {
          service
            .catalog
            .map_or(1, |catalog| catalog.containers.len())
        })
        .sum(),
    );
    let mut volumes = IndexMap::new();
    for service in model.services.values() {
      let first = containers.len();
      match service.catalog {
        Some(catalog) => {
          for (index, entry) in catalog.containers.iter().enumerate() {
            containers.push(catalog_container(
              model,
              service,
              entry,
              index == 0,
              &context,
              profile,
            )?);
          }
        }
        None => containers.push(custom_container(model, service, &context, profile, &known)?),
      }
      for container in &containers[first..] {
        declare_volumes(service, container, &known, &mut volumes);
      }
    }
    let orchestratai =
      crate::model::orchestratai::containers(model, profile, &Value::from_object(context.clone()))?;
    for container in &orchestratai {
      let entry = crate::model::orchestratai::catalog().container(&container.name);
      for volume in entry.into_iter().flat_map(|entry| &entry.volumes) {
        if let Some(name) = &volume.volume {
          volumes.entry(name.to_string()).or_insert_with(|| Volume {
            owner: "orchestratai".into(),
            backup: volume.backup.as_deref().map(str::to_owned),
          });
        }
      }
    }
    containers.extend(orchestratai);
    crate::model::databases::postgres_tuning::apply(model, &mut containers);
    crate::model::databases::jobs::add(model, &mut containers, &mut volumes);
    add_backup_sources(model, &mut containers, &volumes);
    add_generated_files(profile, &mut containers);
    // The jobs and OrchestratAI's containers came after the sizing; the
    // deployment lives through rendering, so it keeps no spare room (at
    // 10,000 services, room for 10,000 more containers).
    containers.shrink_to_fit();
    let index: std::collections::HashMap<String, usize> = containers
      .iter()
      .enumerate()
      .map(|(position, container)| (container.name.clone(), position))
      .collect();
    for container in &mut containers {
      container
        .depends_on
        .retain(|target, _| index.contains_key(target));
    }
    let mut routes = routes(model, profile);
    routes.extend(crate::model::orchestratai::route(model, profile));
    let mut deployment = Deployment {
      model,
      profile: profile.clone(),
      name,
      containers,
      volumes,
      routes,
      variables: BTreeMap::new(),
      index,
    };
    deployment.variables = deployment.collect_variables();
    Ok(deployment)
  }

  fn collect_variables(&self) -> BTreeMap<String, Variable> {
    let by_variable: std::collections::HashMap<String, &crate::model::Secret> = self
      .model
      .secrets
      .values()
      .map(|secret| (secret.variable(), secret))
      .collect();
    let mut variables: BTreeMap<String, Variable> = BTreeMap::new();
    for container in &self.containers {
      for value in container.environment.values() {
        for variable in interpolation::interpolated(value) {
          let Some(secret) = by_variable.get(variable) else {
            continue;
          };
          variables
            .entry(variable.to_owned())
            .or_insert_with(|| Variable {
              secret: secret.name.clone(),
              description: secret
                .description
                .clone()
                .unwrap_or_else(|| format!("Secret `{}` of stack.toml", secret.name)),
              used_by: IndexSet::new(),
            })
            .used_by
            .insert(container.name.clone());
        }
      }
    }
    variables
  }

  /// The catalog entry a container was made from, OrchestratAI's included.
  pub fn catalog_entry(&self, container: &Container) -> Option<&'static CatalogContainer> {
    if let Some(catalog) = self
      .model
      .services
      .get(&container.service)
      .and_then(|service| service.catalog)
    {
      return catalog.containers.iter().find(|c| c.name == container.name);
    }
    if container.service == "orchestratai" {
      return crate::model::orchestratai::catalog().container(&container.name);
    }
    None
  }

  /// The ports a container listens on for other containers: its catalog
  /// entry's `port` and published container ports, or a custom service's
  /// `port`; none for a job.
  pub fn listening_ports(&self, container: &Container) -> Vec<u16> {
    let mut ports = Vec::new();
    match self.catalog_entry(container) {
      Some(entry) => {
        ports.extend(entry.port);
        ports.extend(entry.ports.iter().map(|port| port.container));
      }
      None => {
        let service = self.model.services.get(&container.service);
        if service.is_some_and(|s| s.catalog.is_none() && s.container_name() == container.name) {
          ports.extend(service.and_then(|s| s.config.port));
        }
      }
    }
    ports.extend(container.ports.iter().map(|(_, port)| *port));
    let mut seen = std::collections::HashSet::new();
    ports.retain(|port| seen.insert(*port));
    ports
  }

  /// How many copies of `container` Swarm and Kubernetes run: the service's
  /// `replicas`, but one for a service that mounts a named volume (SC403).
  pub fn replicas(&self, container: &Container) -> u32 {
    // Looked for only when replicas are asked for: a scan per container
    // would be quadratic in the number of services.
    let stateful = || {
      self
        .containers
        .iter()
        .any(|other| other.service == container.service && other.volumes().next().is_some())
    };
    self
      .model
      .services
      .get(&container.service)
      .and_then(|service| service.config.replicas)
      .filter(|_| !stateful())
      .unwrap_or(1)
  }

  pub fn container(&self, name: &str) -> Option<&Container> {
    self
      .index
      .get(name)
      .map(|&position| &self.containers[position])
  }
}
