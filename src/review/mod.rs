//! `stackc review`: what a change to a stack file does to the deployment,
//! container by container, compared on the deployment model of each side
//! (not on TOML lines), with the changes that can lose data or expose a
//! service flagged, each with why.

pub mod against_compose;
pub mod render;
pub mod store_changes;

use {
  crate::{
    model::SecretSource,
    model::deployment::{Container, Deployment},
    model::image_version,
  },
  serde::Serialize,
  std::collections::BTreeSet,
};

/// One change; `danger` says why it can lose data or expose something.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
  /// The container, or `secrets` for the stack's secrets.
  pub subject: String,
  /// What kind of change: `added`, `removed`, `image`, `environment`, …
  pub kind: &'static str,
  pub detail: String,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub danger: Option<String>,
}

impl Change {
  fn new(subject: &str, kind: &'static str, detail: String) -> Self {
    Self {
      subject: subject.to_owned(),
      kind,
      detail,
      danger: None,
    }
  }

  fn dangerous(mut self, why: impl Into<String>) -> Self {
    self.danger = Some(why.into());
    self
  }
}

fn volumes(container: &Container) -> BTreeSet<&str> {
  container.volumes().collect()
}

/// What changes from `old` to `new`, in the order of the containers.
pub fn compare(old: &Deployment<'_>, new: &Deployment<'_>) -> Vec<Change> {
  let mut changes = Vec::new();
  for container in &new.containers {
    match old.container(&container.name) {
      None => changes.push(Change::new(
        &container.name,
        "added",
        format!("new container running {}", container.image),
      )),
      Some(before) => changes.extend(compare_container(before, container)),
    }
  }
  let still_mounted: BTreeSet<&str> = new.containers.iter().flat_map(volumes).collect();
  for container in &old.containers {
    if new.container(&container.name).is_none() {
      // What only it mounted: Duplicati reads every volume, but owns one.
      let kept: Vec<&str> = volumes(container)
        .into_iter()
        .filter(|volume| !still_mounted.contains(volume))
        .collect();
      let change = Change::new(
        &container.name,
        "removed",
        format!("ran {}", container.image),
      );
      changes.push(if kept.is_empty() {
        change
      } else {
        change.dangerous(format!(
          "its data ({}) is no longer used or backed up; docker keeps the volumes until they are removed by hand",
          kept.join(", ")
        ))
      });
    }
  }
  for volume in old.volumes.keys() {
    if !new.volumes.contains_key(volume) {
      changes.push(
        Change::new("volumes", "removed", format!("volume {volume}"))
          .dangerous("the data on it is no longer mounted by any service"),
      );
    }
  }
  for volume in new.volumes.keys() {
    if !old.volumes.contains_key(volume) {
      changes.push(Change::new("volumes", "added", format!("volume {volume}")));
    }
  }
  changes.extend(compare_routes(old, new));
  changes.extend(compare_secrets(old, new));
  changes
}

pub(crate) fn compare_container(old: &Container, new: &Container) -> Vec<Change> {
  let name = new.name.as_str();
  let mut changes = Vec::new();
  if old.image != new.image {
    let direction = image_version::direction(&old.image, &new.image);
    let change = Change::new(
      name,
      "image",
      format!("{} → {} ({direction})", old.image, new.image),
    );
    changes.push(
      match image_version::database_major_change(&new.service, &old.image, &new.image) {
        Some(why) => change.dangerous(why),
        None => change,
      },
    );
  }
  for (key, value) in &new.environment {
    match old.environment.get(key) {
      None => changes.push(Change::new(
        name,
        "environment",
        format!("{key} set to {value}"),
      )),
      Some(before) if before != value => changes.push(Change::new(
        name,
        "environment",
        format!("{key}: {before} → {value}"),
      )),
      Some(_) => {}
    }
  }
  for key in old.environment.keys() {
    if !new.environment.contains_key(key) {
      changes.push(Change::new(name, "environment", format!("{key} unset")));
    }
  }
  for (host, port) in &new.ports {
    if !old.ports.contains(&(*host, *port)) {
      changes.push(
        Change::new(name, "ports", format!("publishes {host} → {port}"))
          .dangerous(format!("port {host} is now open on the host")),
      );
    }
  }
  for (host, port) in &old.ports {
    if !new.ports.contains(&(*host, *port)) {
      changes.push(Change::new(
        name,
        "ports",
        format!("no longer publishes {host} → {port}"),
      ));
    }
  }
  if old.networks != new.networks {
    let change = Change::new(
      name,
      "networks",
      format!("{} → {}", old.networks.join(", "), new.networks.join(", ")),
    );
    changes.push(if old.internal_only() && !new.internal_only() {
      change.dangerous("it leaves the internal network: it can reach, and be reached from, outside")
    } else {
      change
    });
  }
  let (before, after) = (volumes(old), volumes(new));
  for volume in after.difference(&before) {
    changes.push(Change::new(name, "volumes", format!("mounts {volume}")));
  }
  for volume in before.difference(&after) {
    changes.push(
      Change::new(name, "volumes", format!("no longer mounts {volume}")).dangerous(format!(
        "what it kept in {volume} is no longer there for it"
      )),
    );
  }
  if old.memory != new.memory || old.cpus != new.cpus {
    let show = |memory: &Option<String>, cpus: Option<f64>| {
      format!(
        "memory {}, cpus {}",
        memory.as_deref().unwrap_or("unlimited"),
        cpus.map_or("unlimited".to_owned(), |c| c.to_string())
      )
    };
    changes.push(Change::new(
      name,
      "resources",
      format!(
        "{} → {}",
        show(&old.memory, old.cpus),
        show(&new.memory, new.cpus)
      ),
    ));
  }
  if old.command != new.command || old.entrypoint != new.entrypoint {
    changes.push(Change::new(name, "command", "command changed".into()));
  }
  if old.healthcheck != new.healthcheck {
    changes.push(Change::new(
      name,
      "health check",
      "health check changed".into(),
    ));
  }
  changes
}

fn compare_routes(old: &Deployment<'_>, new: &Deployment<'_>) -> Vec<Change> {
  let hosts = |deployment: &Deployment<'_>| -> BTreeSet<(String, String)> {
    deployment
      .routes
      .iter()
      .map(|route| (route.service.clone(), route.host.clone()))
      .collect()
  };
  let (before, after) = (hosts(old), hosts(new));
  let mut changes = Vec::new();
  for (service, host) in after.difference(&before) {
    changes.push(
      Change::new(service, "route", format!("served at https://{host}"))
        .dangerous(format!("{host} is now reachable from the internet")),
    );
  }
  for (service, host) in before.difference(&after) {
    changes.push(Change::new(
      service,
      "route",
      format!("no longer served at {host}"),
    ));
  }
  changes
}

fn describe(source: &SecretSource) -> String {
  match source {
    SecretSource::Generate { generator, length } => match length {
      Some(length) => format!("generated ({generator}, {length})"),
      None => format!("generated ({generator})"),
    },
    SecretSource::FromEnv(variable) => format!("from the environment variable {variable}"),
    SecretSource::Manual(_) => "set by hand".into(),
    SecretSource::Invalid => "invalid".into(),
  }
}

fn compare_secrets(old: &Deployment<'_>, new: &Deployment<'_>) -> Vec<Change> {
  let mut changes = Vec::new();
  for (name, secret) in &new.model.secrets {
    match old.model.secrets.get(name) {
      None => changes.push(Change::new(
        "secrets",
        "added",
        format!("{name}, {}", describe(&secret.source)),
      )),
      Some(before) if describe(&before.source) != describe(&secret.source) => {
        let change = Change::new(
          "secrets",
          "changed",
          format!(
            "{name}: {} → {}",
            describe(&before.source),
            describe(&secret.source)
          ),
        );
        changes.push(if secret.set_once {
          change.dangerous(format!(
            "{name} is fixed at first start; a new value would lock the service out of its data"
          ))
        } else {
          change
        });
      }
      Some(_) => {}
    }
  }
  for (name, secret) in &old.model.secrets {
    if !new.model.secrets.contains_key(name) {
      let change = Change::new("secrets", "removed", name.clone());
      changes.push(if secret.set_once {
        change.dangerous(format!(
          "{name} is set once; the store keeps it until `stackc secrets prune`, which would lose it"
        ))
      } else {
        change
      });
    }
  }
  changes
}
