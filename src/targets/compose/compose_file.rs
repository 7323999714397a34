//! The compose file as a typed model, serialized by `yaml`.

use {
  crate::{
    catalog::DependencyCondition,
    model::deployment::{Container, Deployment, MountSource, Restart},
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
  Changed(IndexMap<&'d str, ComposeService<'d>>),
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
/// profile override files, which hold only what a profile changes. What
/// the deployment holds as it is written is borrowed from it, not copied.
#[derive(Debug, Default, PartialEq, Serialize)]
pub struct ComposeService<'d> {
  #[serde(skip_serializing_if = "Option::is_none")]
  pub image: Option<&'d str>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub container_name: Option<String>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub restart: Option<&'static str>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub entrypoint: Option<CommandField>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub command: Option<CommandField>,
  #[serde(skip_serializing_if = "<[_]>::is_empty")]
  pub networks: &'d [String],
  #[serde(skip_serializing_if = "Vec::is_empty")]
  pub ports: Vec<String>,
  #[serde(skip_serializing_if = "Vec::is_empty")]
  pub volumes: Vec<String>,
  #[serde(skip_serializing_if = "IndexMap::is_empty")]
  pub environment: IndexMap<&'d str, &'d str>,
  #[serde(skip_serializing_if = "IndexMap::is_empty")]
  pub depends_on: IndexMap<&'d str, ComposeDependency>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub healthcheck: Option<HealthcheckField>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub stop_grace_period: Option<&'d str>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub shm_size: Option<&'d str>,
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
  pub fn profile_override(base: &Deployment<'_>, profile: &'d Deployment<'d>) -> Self {
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
          &container.networks
        } else {
          &[]
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
          .map(|(key, value)| (key.as_str(), value.as_str()))
          .collect(),
        ..ComposeService::default()
      };
      if changed != ComposeService::default() {
        services.insert(container.name.as_str(), changed);
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

fn mount_text(mount: &crate::model::deployment::Mount) -> String {
  let mode = if mount.read_only { ":ro" } else { "" };
  // Compose interpolates `$` in volume strings too; a path means it literally.
  let target = mount.target.replace('$', "$$");
  match &mount.source {
    MountSource::Volume(name) => format!("{name}:{target}{mode}"),
    MountSource::Bind(path) => format!("./{path}:{target}{mode}"),
  }
}

fn service<'d>(stack: &str, container: &'d Container) -> ComposeService<'d> {
  let deploy = ResourcesField::of(container).map(|resources| ComposeDeploy { resources });
  ComposeService {
    image: Some(&container.image),
    container_name: Some(format!("{stack}_{}", container.name)),
    restart: Some(match container.restart {
      Restart::UnlessStopped => "unless-stopped",
      Restart::No => "no",
    }),
    entrypoint: container.entrypoint.as_ref().map(CommandField::from),
    command: container.command.as_ref().map(CommandField::from),
    networks: &container.networks,
    ports: ports(container),
    volumes: container.mounts.iter().map(mount_text).collect(),
    environment: container
      .environment
      .iter()
      .map(|(key, value)| (key.as_str(), value.as_str()))
      .collect(),
    depends_on: container
      .depends_on
      .iter()
      .map(|(target, condition)| {
        let condition = match condition {
          DependencyCondition::Healthy => "service_healthy",
          DependencyCondition::Started => "service_started",
          DependencyCondition::Completed => "service_completed_successfully",
        };
        (target.as_str(), ComposeDependency { condition })
      })
      .collect(),
    healthcheck: container.healthcheck.as_ref().map(HealthcheckField::from),
    stop_grace_period: container.stop_grace_period.as_deref(),
    shm_size: container.shm_size.as_deref(),
    deploy,
  }
}
