//! `docker-stack.yml` as a typed model, serialized by `yaml`. Only what
//! `docker stack deploy` reads: no `container_name`, `restart` or
//! `depends_on`, which it would ignore (restart and update policies go
//! under `deploy`); every published port in `mode: host`, since the
//! routing mesh would hide the client's address from Caddy.

use {
  crate::{
    config::swarm::SwarmConfig,
    model::deployment::{Container, Deployment, MountSource, Restart},
    targets::{
      artifact::Artifact,
      shared::compose_format::{CommandField, HealthcheckField, ResourcesField},
      swarm::{
        placement,
        secrets::{self, FileSecret},
      },
    },
  },
  indexmap::{IndexMap, IndexSet},
  serde::Serialize,
  sha2::{Digest, Sha256},
};

/// The version both Debian's Docker 20.10 and current Docker accept for
/// `docker stack deploy` (3.8: `configs`/`secrets` with `name`, long port
/// syntax, `tmpfs` size).
pub const VERSION: &str = "3.8";

#[derive(Debug, Serialize)]
pub struct StackFile {
  pub version: &'static str,
  pub services: IndexMap<String, StackService>,
  pub networks: IndexMap<String, StackNetwork>,
  #[serde(skip_serializing_if = "IndexMap::is_empty")]
  pub volumes: IndexMap<String, StackVolume>,
  #[serde(skip_serializing_if = "IndexMap::is_empty")]
  pub configs: IndexMap<String, StackConfig>,
  #[serde(skip_serializing_if = "IndexMap::is_empty")]
  pub secrets: IndexMap<String, StackSecret>,
  /// The secrets mounted as files, one per variable: `deploy.sh` creates
  /// them.
  #[serde(skip)]
  pub file_secrets: Vec<FileSecret>,
}

#[derive(Debug, Serialize)]
pub struct StackService {
  pub image: String,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub entrypoint: Option<CommandField>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub command: Option<CommandField>,
  pub networks: Vec<String>,
  #[serde(skip_serializing_if = "Vec::is_empty")]
  pub ports: Vec<StackPort>,
  #[serde(skip_serializing_if = "Vec::is_empty")]
  pub volumes: Vec<StackMount>,
  #[serde(skip_serializing_if = "Vec::is_empty")]
  pub configs: Vec<StackFileReference>,
  #[serde(skip_serializing_if = "Vec::is_empty")]
  pub secrets: Vec<StackFileReference>,
  #[serde(skip_serializing_if = "IndexMap::is_empty")]
  pub environment: IndexMap<String, String>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub healthcheck: Option<HealthcheckField>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub stop_grace_period: Option<String>,
  pub deploy: StackDeploy,
}

#[derive(Debug, Serialize)]
pub struct StackPort {
  pub target: u16,
  pub published: u16,
  pub protocol: &'static str,
  pub mode: &'static str,
}

/// A mount in the long syntax, which alone can size a tmpfs.
#[derive(Debug, Serialize)]
pub struct StackMount {
  #[serde(rename = "type")]
  pub kind: &'static str,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub source: Option<String>,
  pub target: String,
  #[serde(skip_serializing_if = "std::ops::Not::not")]
  pub read_only: bool,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub tmpfs: Option<StackTmpfs>,
}

#[derive(Debug, Serialize)]
pub struct StackTmpfs {
  /// Bytes.
  pub size: u64,
}

/// A config or secret mounted as a file.
#[derive(Debug, Serialize)]
pub struct StackFileReference {
  pub source: String,
  pub target: String,
  /// Decimal, as YAML 1.1 would read a leading zero as octal and 1.2 not.
  pub mode: u32,
}

#[derive(Debug, Serialize)]
pub struct StackDeploy {
  pub replicas: u32,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub placement: Option<StackPlacement>,
  pub restart_policy: StackRestartPolicy,
  pub update_config: StackUpdateConfig,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub resources: Option<ResourcesField>,
}

#[derive(Debug, Serialize)]
pub struct StackPlacement {
  pub constraints: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct StackRestartPolicy {
  pub condition: &'static str,
  pub delay: &'static str,
}

#[derive(Debug, Serialize)]
pub struct StackUpdateConfig {
  pub order: &'static str,
}

#[derive(Debug, Serialize)]
pub struct StackNetwork {
  pub driver: &'static str,
  #[serde(skip_serializing_if = "std::ops::Not::not")]
  pub internal: bool,
}

#[derive(Debug, Default, Serialize)]
pub struct StackVolume {}

#[derive(Debug, Serialize)]
pub struct StackConfig {
  /// Carries a digest of the contents: configs are immutable, so a changed
  /// file becomes a new config and the services using it are updated.
  pub name: String,
  pub file: String,
}

#[derive(Debug, Serialize)]
pub struct StackSecret {
  /// Set by the deploy script, which creates the secret under a name that
  /// carries a digest of its value (never written here).
  pub name: String,
  pub external: bool,
}

/// What the stack file needs besides the deployment.
pub struct StackOptions<'a> {
  /// The files compose would bind-mount, by path: their contents name the
  /// configs, their modes give the configs' modes.
  pub files: &'a [Artifact],
}

impl StackFile {
  pub fn new(deployment: &Deployment<'_>, options: &StackOptions<'_>) -> Result<Self, String> {
    let swarm = &deployment.model.config.targets.swarm;
    let stateful = placement::volumes_by_service(deployment);
    let mut configs = IndexMap::new();
    let mut file_secrets: IndexMap<String, FileSecret> = IndexMap::new();
    let mut services = IndexMap::new();
    for container in &deployment.containers {
      let mut service = service(deployment, container, swarm, &stateful);
      for mount in &container.mounts {
        let MountSource::Bind(path) = &mount.source else {
          continue;
        };
        let file = options
          .files
          .iter()
          .find(|file| &file.path == path)
          .ok_or_else(|| {
            format!(
              "{} mounts {path}, which the build does not write",
              container.name
            )
          })?;
        let key = config_key(path);
        configs.entry(key.clone()).or_insert_with(|| StackConfig {
          name: format!("{}_{key}_{}", deployment.name, digest(&file.contents)),
          file: format!("./{path}"),
        });
        service.configs.push(StackFileReference {
          source: key,
          target: mount.target.replace('$', "$$"),
          mode: if file.mode & 0o111 != 0 { 0o555 } else { 0o444 },
        });
      }
      for secret in secrets::file_secrets(deployment, container) {
        service
          .environment
          .shift_remove(&secret.variable_in_container);
        service.environment.insert(
          format!("{}_FILE", secret.variable_in_container),
          secret.path(),
        );
        service.secrets.push(StackFileReference {
          source: secret.key(),
          target: secret.key(),
          mode: 0o444,
        });
        // One per variable, the first seen: a lookup, not a scan of those
        // seen so far.
        file_secrets
          .entry(secret.variable.clone())
          .or_insert(secret);
      }
      services.insert(container.name.clone(), service);
    }
    let file_secrets: Vec<FileSecret> = file_secrets.into_values().collect();
    let secrets = file_secrets
      .iter()
      .map(|secret| {
        (
          secret.key(),
          StackSecret {
            name: format!("${{{}}}", secret.name_variable()),
            external: true,
          },
        )
      })
      .collect();
    let networks = IndexMap::from([
      (
        "internal".to_owned(),
        StackNetwork {
          driver: "overlay",
          internal: true,
        },
      ),
      (
        "external".to_owned(),
        StackNetwork {
          driver: "overlay",
          internal: false,
        },
      ),
    ]);
    let volumes = deployment
      .volumes
      .keys()
      .map(|volume| (volume.clone(), StackVolume {}))
      .collect();
    Ok(StackFile {
      version: VERSION,
      services,
      networks,
      volumes,
      configs,
      secrets,
      file_secrets,
    })
  }

  pub fn to_yaml(&self, header: &str) -> String {
    crate::targets::shared::yaml::after(header, self)
  }
}

/// The first 12 hex digits of the SHA-256 of `contents`.
pub fn digest(contents: &str) -> String {
  let hash = Sha256::digest(contents.as_bytes());
  hash
    .iter()
    .take(6)
    .map(|byte| format!("{byte:02x}"))
    .collect()
}

/// `postgresql/provision.sh` → `postgresql_provision_sh`.
fn config_key(path: &str) -> String {
  path
    .chars()
    .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
    .collect()
}

/// `2048m` in bytes: docker's units are powers of 1024.
fn bytes(size: &str) -> Option<u64> {
  let size = size.trim();
  let (number, unit) = match size.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
    Some((index, _)) => size.split_at(index),
    None => (size, ""),
  };
  let number: f64 = number.parse().ok()?;
  let factor = match unit.to_ascii_lowercase().as_str() {
    "" | "b" => 1u64,
    "k" => 1 << 10,
    "m" => 1 << 20,
    "g" => 1 << 30,
    _ => return None,
  };
  Some((number * factor as f64) as u64)
}

fn service(
  deployment: &Deployment<'_>,
  container: &Container,
  swarm: &SwarmConfig,
  stateful: &IndexMap<String, IndexSet<String>>,
) -> StackService {
  let is_stateful = stateful.contains_key(&container.service);
  let mut constraints = Vec::new();
  if is_stateful {
    constraints.push(format!(
      "node.labels.{} == {}",
      swarm.data_label(),
      swarm.group(&container.service)
    ));
  }
  if !container.ports.is_empty() && container.name == "caddy" {
    constraints.push(format!("node.labels.{} == true", swarm.edge_label()));
  }
  let replicas = deployment.replicas(container);
  let mut volumes: Vec<StackMount> = container
    .mounts
    .iter()
    .filter_map(|mount| match &mount.source {
      MountSource::Volume(volume) => Some(StackMount {
        kind: "volume",
        source: Some(volume.clone()),
        target: mount.target.replace('$', "$$"),
        read_only: mount.read_only,
        tmpfs: None,
      }),
      MountSource::Bind(_) => None,
    })
    .collect();
  // Swarm has no `shm_size`: a sized tmpfs on /dev/shm does its work.
  if let Some(size) = container.shm_size.as_deref().and_then(bytes) {
    volumes.push(StackMount {
      kind: "tmpfs",
      source: None,
      target: "/dev/shm".into(),
      read_only: false,
      tmpfs: Some(StackTmpfs { size }),
    });
  }
  let resources = ResourcesField::of(container);
  StackService {
    image: container.image.clone(),
    entrypoint: container.entrypoint.as_ref().map(CommandField::from),
    command: container.command.as_ref().map(CommandField::from),
    networks: container.networks.clone(),
    ports: container
      .ports
      .iter()
      .map(|(published, target)| StackPort {
        target: *target,
        published: *published,
        protocol: "tcp",
        mode: "host",
      })
      .collect(),
    volumes,
    configs: Vec::new(),
    secrets: Vec::new(),
    environment: container.environment.clone(),
    healthcheck: container.healthcheck.as_ref().map(HealthcheckField::from),
    stop_grace_period: container.stop_grace_period.clone(),
    deploy: StackDeploy {
      replicas,
      placement: (!constraints.is_empty()).then_some(StackPlacement { constraints }),
      restart_policy: StackRestartPolicy {
        // A job ends when it has done its work; a failed one retries, as
        // compose's `depends_on` would have waited, until its server is up.
        condition: match container.restart {
          Restart::UnlessStopped => "any",
          Restart::No => "on-failure",
        },
        delay: "5s",
      },
      update_config: StackUpdateConfig {
        // Two copies of a database on one volume, even for a moment, is
        // what stop-first prevents.
        order: if is_stateful {
          "stop-first"
        } else {
          "start-first"
        },
      },
      resources,
    },
  }
}
