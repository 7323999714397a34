//! A catalog service's container: the catalog's entry with the stack file's overrides.

use super::{
  container::{Container, Healthcheck, Mount, MountSource, Restart},
  environment::{render_env, with_self},
};
use crate::model::interpolation;
use {
  crate::{
    catalog::healthcheck::HealthcheckConfig,
    catalog::{CatalogContainer, DependencyCondition, Text},
    config::service::Command,
    model::{Model, Profile, Service},
  },
  indexmap::IndexMap,
  minijinja::Value,
  std::collections::BTreeMap,
};

pub(super) fn healthcheck(config: &HealthcheckConfig, port: Option<u16>) -> Option<Healthcheck> {
  let test = match (&config.command, &config.http, port) {
    (Some(Command::Arguments(arguments)), _, _) => arguments.iter().map(Text::to_string).collect(),
    (Some(Command::Shell(shell)), _, _) => vec!["CMD-SHELL".into(), shell.to_string()],
    (None, Some(path), Some(port)) => vec![
      "CMD-SHELL".into(),
      // The schema limits `path` to URL characters without quotes.
      format!("wget --quiet --tries=1 --spider 'http://127.0.0.1:{port}{path}' || exit 1"),
    ],
    _ => return None,
  };
  Some(Healthcheck {
    test,
    interval: Some(config.interval.as_deref().unwrap_or("30s").to_owned()),
    timeout: Some(config.timeout.as_deref().unwrap_or("10s").to_owned()),
    retries: config.retries.or(Some(5)),
    start_period: Some(config.start_period.as_deref().unwrap_or("30s").to_owned()),
  })
}

/// A catalog container as it runs under `profile`, with no environment yet:
/// its ports (published under `expose_ports`), networks, mounts and checks.
pub fn container_from_catalog(
  model: &Model<'_>,
  entry: &CatalogContainer,
  service: &str,
  profile: &Profile,
) -> Container {
  let ports: Vec<(u16, u16)> = entry
    .ports
    .iter()
    .filter_map(|port| {
      let host = if profile.expose_ports {
        Some(port.exposed_host())
      } else {
        port.host
      };
      host.map(|host| (host, port.container))
    })
    .collect();
  let mut networks: Vec<String> = entry.networks.iter().map(|n| n.to_string()).collect();
  // Docker publishes no port of a container that is only on an internal network.
  if !ports.is_empty() && !networks.iter().any(|n| n == "external") {
    networks.push("external".into());
  }
  let mounts = entry
    .volumes
    .iter()
    .filter(|volume| {
      volume
        .when
        .as_deref()
        .is_none_or(|when| model.is_enabled(when))
    })
    .map(|volume| Mount {
      source: match (&volume.volume, &volume.bind) {
        (Some(name), _) => MountSource::Volume(name.to_string()),
        (None, bind) => MountSource::Bind(bind.as_deref().unwrap_or_default().to_owned()),
      },
      target: volume.path.to_string(),
      read_only: volume.read_only,
    })
    .collect();
  Container {
    name: entry.name.to_string(),
    service: service.to_owned(),
    image: entry.image.to_string(),
    networks,
    ports,
    mounts,
    environment: IndexMap::new(),
    depends_on: entry
      .depends_on
      .iter()
      .map(|(name, condition)| (name.to_string(), *condition))
      .collect(),
    healthcheck: entry
      .healthcheck
      .as_ref()
      .and_then(|h| healthcheck(h, entry.port)),
    entrypoint: entry.entrypoint.clone(),
    command: entry.command.clone(),
    memory: entry.memory.as_deref().map(str::to_owned),
    cpus: entry.cpus,
    restart: Restart::UnlessStopped,
    stop_grace_period: entry.stop_grace_period.as_deref().map(str::to_owned),
    shm_size: None,
  }
}

pub(super) fn catalog_container(
  model: &Model<'_>,
  service: &Service<'_>,
  entry: &CatalogContainer,
  main: bool,
  context: &BTreeMap<&'static str, Value>,
  profile: &Profile,
) -> Result<Container, String> {
  let context = with_self(model, context, service, profile);
  let mut container = container_from_catalog(model, entry, &service.name, profile);
  render_env(
    entry.environment_where(|when| model.is_enabled(when)),
    &context,
    &mut container.environment,
  )?;
  if main {
    // `host_port` replaces the catalog's host port for the main port.
    if let Some(host_port) = service.config.host_port {
      let main_port = service.port();
      container.ports.retain(|(_, port)| Some(*port) != main_port);
      if let Some(port) = main_port {
        container.ports.insert(0, (host_port, port));
      }
      if !container.networks.iter().any(|n| n == "external") {
        container.networks.push("external".into());
      }
    }
    apply_overrides(model, service, &context, &mut container)?;
  }
  Ok(container)
}

/// What a `[services.NAME]` table sets on a catalog service's main container.
pub(super) fn apply_overrides(
  model: &Model<'_>,
  service: &Service<'_>,
  context: &Value,
  container: &mut Container,
) -> Result<(), String> {
  let config = service.config;
  if let Some(image) = &config.image {
    container.image = image.clone();
  }
  render_env(
    config
      .env
      .iter()
      .map(|(key, value)| (key, value.to_string())),
    context,
    &mut container.environment,
  )?;
  if let Some(healthcheck_config) = &config.healthcheck {
    // A `$` in the stack file is meant literally, as in `command`.
    let escaped = HealthcheckConfig {
      command: healthcheck_config.command.as_ref().map(escape_command),
      ..healthcheck_config.clone()
    };
    container.healthcheck = healthcheck(&escaped, service.port());
  }
  if let Some(command) = &config.command {
    container.command = Some(escape_command(command));
  }
  if config.memory.is_some() {
    container.memory = config.memory.clone();
  }
  if config.cpus.is_some() {
    container.cpus = config.cpus;
  }
  // Exact: a container is kept for the whole build, and 10,000 of them
  // with room for four mounts each add up.
  container.mounts.reserve_exact(config.volumes.len());
  for (name, path) in &config.volumes {
    container.mounts.push(Mount {
      source: MountSource::Volume(name.clone()),
      target: path.clone(),
      read_only: false,
    });
  }
  for target in &config.depends_on {
    let target = model
      .services
      .get(target)
      .map_or(target.as_str(), Service::container_name)
      .to_owned();
    container
      .depends_on
      .insert(target, DependencyCondition::Healthy);
  }
  Ok(())
}

pub(super) fn escape_command(command: &Command) -> Command {
  match command {
    Command::Shell(shell) => Command::Shell(interpolation::compose_escape(shell).into()),
    Command::Arguments(arguments) => Command::Arguments(
      arguments
        .iter()
        .map(|a| interpolation::compose_escape(a).into())
        .collect(),
    ),
  }
}
