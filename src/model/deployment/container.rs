//! A container as it will run: image, environment, mounts, ports, health check.

use {
  crate::{catalog::DependencyCondition, config::service::Command},
  indexmap::IndexMap,
};

#[derive(Clone, Debug, PartialEq)]
pub struct Container {
  pub name: String,
  /// The stack service it belongs to.
  pub service: String,
  pub image: String,
  pub networks: Vec<String>,
  /// `(host, container)` ports published on the host.
  pub ports: Vec<(u16, u16)>,
  pub mounts: Vec<Mount>,
  /// Compose-escaped values: `$$` for a literal `$`, `${NAME}` for secrets.
  pub environment: IndexMap<String, String>,
  pub depends_on: IndexMap<String, DependencyCondition>,
  pub healthcheck: Option<Healthcheck>,
  pub entrypoint: Option<Command>,
  pub command: Option<Command>,
  pub memory: Option<String>,
  pub cpus: Option<f64>,
  pub restart: Restart,
  pub stop_grace_period: Option<String>,
  /// Size of /dev/shm, such as `2048m`.
  pub shm_size: Option<String>,
}

/// When the engine restarts a container.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Restart {
  /// A long-running service.
  #[default]
  UnlessStopped,
  /// A one-shot job: it runs on every `up`, exits, and stays exited.
  No,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount {
  pub source: MountSource,
  pub target: String,
  pub read_only: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MountSource {
  Volume(String),
  /// A file the build writes, relative to the output directory.
  Bind(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Healthcheck {
  pub test: Vec<String>,
  pub interval: Option<String>,
  pub timeout: Option<String>,
  pub retries: Option<u32>,
  pub start_period: Option<String>,
}

impl Container {
  /// A container of `service` running `image`, with nothing else set yet.
  pub fn new(name: impl Into<String>, service: &str, image: &str) -> Self {
    Self {
      name: name.into(),
      service: service.to_owned(),
      image: image.to_owned(),
      networks: Vec::new(),
      ports: Vec::new(),
      mounts: Vec::new(),
      environment: IndexMap::new(),
      depends_on: IndexMap::new(),
      healthcheck: None,
      entrypoint: None,
      command: None,
      memory: None,
      cpus: None,
      restart: Restart::UnlessStopped,
      stop_grace_period: None,
      shm_size: None,
    }
  }

  /// The named volumes it mounts (not the bind mounts), in mount order.
  pub fn volumes(&self) -> impl Iterator<Item = &str> {
    self.mounts.iter().filter_map(|mount| match &mount.source {
      MountSource::Volume(volume) => Some(volume.as_str()),
      MountSource::Bind(_) => None,
    })
  }

  /// Whether it is on the internal network only: reachable by no one else.
  pub fn internal_only(&self) -> bool {
    self.networks.iter().all(|network| network == "internal")
  }
}
