//! `stackc review --deployment DIR`: a hand-written compose deployment
//! against the stack that replaces it, to see what adopting stackc changes
//! on the server. Each hand-written service is read as a container and
//! compared as two versions of a stack are. What the import does not read
//! (networks, commands, health checks) is taken as unchanged, and a value
//! that comes from a secret on both sides is compared by where it comes
//! from, never by its value: `stackc check --deploy` verifies the values.

use {
  crate::{
    import::compose_source::{ComposeSource, ImportedService},
    model::deployment::{Container, Deployment, Mount, MountSource},
    model::image_name::project,
    review::{Change, compare_container},
  },
  std::collections::BTreeSet,
};

/// The hand-written service as a container, shaped after `like`, the
/// container that replaces it, where the import cannot tell.
fn as_container(name: &str, service: &ImportedService, like: &Container) -> Container {
  let mut container = Container::new(name, &like.service, &service.image);
  for (key, value) in &service.environment {
    let ours = like.environment.get(key);
    let secret_here = ours.is_some_and(|ours| ours.contains("${"));
    let value = match service.secret_variables.get(key) {
      // A secret on both sides: the same meaning, whatever its name.
      Some(_) if secret_here => ours.cloned().unwrap_or_default(),
      // A secret there only: shown by name, never by value.
      Some(variable) if ours.is_none() => format!("${{{variable}}}"),
      // A plain setting read from `.env` (`${TZ:-UTC}`): its value.
      _ => value.replace('$', "$$"),
    };
    container.environment.insert(key.clone(), value);
  }
  container.ports = service.published.clone();
  container.mounts = service
    .volumes
    .iter()
    .map(|(volume, path)| Mount {
      source: MountSource::Volume(volume.clone()),
      target: path.clone(),
      read_only: false,
    })
    .collect();
  container.networks = like.networks.clone();
  container.command = like.command.clone();
  container.entrypoint = like.entrypoint.clone();
  container.healthcheck = like.healthcheck.clone();
  container.cpus = like.cpus;
  container.memory = service.memory.clone().or_else(|| like.memory.clone());
  container
}

pub fn compare(source: &ComposeSource, new: &Deployment<'_>) -> Vec<Change> {
  let mut changes = Vec::new();
  let mut matched = BTreeSet::new();
  for (name, service) in &source.services {
    let ours = new.container(name).or_else(|| {
      new
        .containers
        .iter()
        .find(|c| !matched.contains(&c.name) && project(&c.image) == project(&service.image))
    });
    match ours {
      Some(ours) => {
        matched.insert(ours.name.clone());
        let theirs = as_container(&ours.name, service, ours);
        if name != &ours.name {
          changes.push(Change::new(
            &ours.name,
            "renamed",
            format!("was the compose service {name}"),
          ));
        }
        changes.extend(compare_container(&theirs, ours));
      }
      None => {
        let change = Change::new(name, "removed", format!("ran {}", service.image));
        changes.push(if service.volumes.is_empty() {
          change
        } else {
          let volumes: Vec<&str> = service.volumes.keys().map(String::as_str).collect();
          change.dangerous(format!(
            "its data ({}) is not mounted by the stack",
            volumes.join(", ")
          ))
        });
      }
    }
  }
  for container in &new.containers {
    if !matched.contains(&container.name) {
      changes.push(Change::new(
        &container.name,
        "added",
        format!("new container running {}", container.image),
      ));
    }
  }
  changes
}
