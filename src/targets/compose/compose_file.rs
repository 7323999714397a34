//! The compose file as a typed model, serialized by `yaml`.

use {
  crate::{
    catalog::DependencyCondition,
    deployment::{Container, Deployment, MountSource, Restart},
    targets::shared::compose_format::{CommandField, HealthcheckField, ResourcesField},
  },
  indexmap::IndexMap,
  serde::Serialize,
};

#[derive(Debug, Serialize)]
pub struct ComposeFile<'d> {
  pub services: ComposeServices<'d>,
  #[serde(skip_serializing_if = "IndexMap::is_empty")]
  pub networks: IndexMap<String, ComposeNetwork>,
  #[serde(skip_serializing_if = "IndexMap::is_empty")]
  pub volumes: IndexMap<String, ComposeVolume>,
}

/// A compose file's services. A deployment's are built one at a time as
/// they are written: 10,000 services are never held as a second model
/// beside their text.
#[derive(Debug)]
pub enum ComposeServices<'d> {
  /// Every container of a deployment, in full.
  Of(&'d Deployment<'d>),
  /// What a profile changes, by container.
  Changed(IndexMap<String, ComposeService>),
}

impl Serialize for ComposeServices<'_> {
  fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
    match self {
      Self::Of(deployment) => serializer.collect_map(
        deployment
          .containers
          .iter()
          .map(|container| (&container.name, service(&deployment.name, container))),
      ),
      Self::Changed(services) => services.serialize(serializer),
    }
  }
}

/// A service; every field is optional so that the same type serves the
/// profile override files, which hold only what a profile changes.
#[derive(Debug, Default, PartialEq, Serialize)]
pub struct ComposeService {
  #[serde(skip_serializing_if = "Option::is_none")]
  pub image: Option<String>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub container_name: Option<String>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub restart: Option<String>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub entrypoint: Option<CommandField>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub command: Option<CommandField>,
  #[serde(skip_serializing_if = "Vec::is_empty")]
  pub networks: Vec<String>,
  #[serde(skip_serializing_if = "Vec::is_empty")]
  pub ports: Vec<String>,
  #[serde(skip_serializing_if = "Vec::is_empty")]
  pub volumes: Vec<String>,
  #[serde(skip_serializing_if = "IndexMap::is_empty")]
  pub environment: IndexMap<String, String>,
  #[serde(skip_serializing_if = "IndexMap::is_empty")]
  pub depends_on: IndexMap<String, ComposeDependency>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub healthcheck: Option<HealthcheckField>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub stop_grace_period: Option<String>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub shm_size: Option<String>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub deploy: Option<ComposeDeploy>,
}

#[derive(Debug, PartialEq, Serialize)]
pub struct ComposeDependency {
  pub condition: &'static str,
}

#[derive(Debug, PartialEq, Serialize)]
pub struct ComposeDeploy {
  pub resources: ResourcesField,
}

#[derive(Debug, Serialize)]
pub struct ComposeNetwork {
  pub name: String,
  pub driver: &'static str,
  #[serde(skip_serializing_if = "std::ops::Not::not")]
  pub internal: bool,
}

#[derive(Debug, Default, Serialize)]
pub struct ComposeVolume {}

impl<'d> ComposeFile<'d> {
  pub fn new(deployment: &'d Deployment<'d>) -> Self {
    let name = &deployment.name;
    let networks = IndexMap::from([
      (
        "internal".to_owned(),
        ComposeNetwork {
          name: format!("{name}_internal"),
          driver: "bridge",
          internal: true,
        },
      ),
      (
        "external".to_owned(),
        ComposeNetwork {
          name: format!("{name}_external"),
          driver: "bridge",
          internal: false,
        },
      ),
    ]);
    let volumes = deployment
      .volumes
      .keys()
      .map(|volume| (volume.clone(), ComposeVolume {}))
      .collect();
    ComposeFile {
      services: ComposeServices::Of(deployment),
      networks,
      volumes,
    }
  }

  /// The override for a profile: for each service, only what differs from
  /// the base file. Compose merges environment by key, ports and networks by
  /// union, and volumes by target path.
  pub fn profile_override(base: &Deployment<'_>, profile: &Deployment<'_>) -> Self {
    let mut services = IndexMap::new();
    for container in &profile.containers {
      let Some(original) = base.container(&container.name) else {
        continue;
      };
      let changed = ComposeService {
        ports: if container.ports != original.ports {
          ports(container)
        } else {
          Vec::new()
        },
        networks: if container.networks != original.networks {
          container.networks.clone()
        } else {
          Vec::new()
        },
        volumes: container
          .mounts
          .iter()
          .filter(|mount| !original.mounts.contains(mount))
          .map(mount_text)
          .collect(),
        environment: container
          .environment
          .iter()
          .filter(|(key, value)| original.environment.get(*key) != Some(*value))
          .map(|(key, value)| (key.clone(), value.clone()))
          .collect(),
        ..ComposeService::default()
      };
      if changed != ComposeService::default() {
        services.insert(container.name.clone(), changed);
      }
    }
    ComposeFile {
      services: ComposeServices::Changed(services),
      networks: IndexMap::new(),
      volumes: IndexMap::new(),
    }
  }

  pub fn to_yaml(&self, header: &str) -> String {
    crate::targets::shared::yaml::after(header, self)
  }
}

fn ports(container: &Container) -> Vec<String> {
  container
    .ports
    .iter()
    .map(|(host, port)| format!("{host}:{port}"))
    .collect()
}

fn mount_text(mount: &crate::deployment::Mount) -> String {
  let source = match &mount.source {
    MountSource::Volume(name) => name.clone(),
    MountSource::Bind(path) => format!("./{path}"),
  };
  let mode = if mount.read_only { ":ro" } else { "" };
  // Compose interpolates `$` in volume strings too; a path means it literally.
  format!("{source}:{}{mode}", mount.target.replace('$', "$$"))
}

fn service(stack: &str, container: &Container) -> ComposeService {
  let deploy = ResourcesField::of(container).map(|resources| ComposeDeploy { resources });
  ComposeService {
    image: Some(container.image.clone()),
    container_name: Some(format!("{stack}_{}", container.name)),
    restart: Some(
      match container.restart {
        Restart::UnlessStopped => "unless-stopped",
        Restart::No => "no",
      }
      .into(),
    ),
    entrypoint: container.entrypoint.as_ref().map(CommandField::from),
    command: container.command.as_ref().map(CommandField::from),
    networks: container.networks.clone(),
    ports: ports(container),
    volumes: container.mounts.iter().map(mount_text).collect(),
    environment: container.environment.clone(),
    depends_on: container
      .depends_on
      .iter()
      .map(|(target, condition)| {
        let condition = match condition {
          DependencyCondition::Healthy => "service_healthy",
          DependencyCondition::Started => "service_started",
          DependencyCondition::Completed => "service_completed_successfully",
        };
        (target.clone(), ComposeDependency { condition })
      })
      .collect(),
    healthcheck: container.healthcheck.as_ref().map(HealthcheckField::from),
    stop_grace_period: container.stop_grace_period.clone(),
    shm_size: container.shm_size.clone(),
    deploy,
  }
}
