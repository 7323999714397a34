//! The stack as it will run under one profile: every container with its
//! final image, environment, mounts, ports and dependencies, every volume,
//! every route and every variable. All renderers read this, nothing else.

use {
  crate::{
    catalog::healthcheck::HealthcheckConfig,
    catalog::{CatalogContainer, DependencyCondition, Headers, Text},
    config::service::Command,
    model::template,
    model::{Model, Profile, Service},
  },
  indexmap::{IndexMap, IndexSet},
  minijinja::Value,
  std::collections::BTreeMap,
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

#[derive(Clone, Debug)]
pub struct Volume {
  pub owner: String,
  /// Folder under Duplicati's /source, when it is backed up.
  pub backup: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Route {
  pub service: String,
  pub host: String,
  /// `container:port`.
  pub upstream: String,
  /// A path matcher routed to another upstream: OrchestratAI's `/api/*`.
  pub api: Option<(String, String)>,
  pub headers: Headers,
  /// Origins answered with CORS headers, for API services.
  pub cors: Option<Vec<String>>,
  pub websocket: bool,
  pub long_timeout: Vec<String>,
  /// Path matchers any site may frame: no `X-Frame-Options` from Caddy.
  pub frame_any: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Variable {
  pub secret: String,
  pub description: String,
  pub used_by: IndexSet<String>,
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
        for variable in template::interpolated(value) {
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

/// The values templates read: `stack`, `services`, `secrets`.
fn context(model: &Model<'_>, profile: &Profile) -> BTreeMap<&'static str, Value> {
  let config = &model.config.stack;
  let stack = BTreeMap::from([
    ("name", Value::from(config.name.clone().unwrap_or_default())),
    (
      "domain",
      Value::from(profile.domain.clone().unwrap_or_default()),
    ),
    (
      "acme_email",
      Value::from(config.acme_email.clone().unwrap_or_default()),
    ),
    ("timezone", Value::from(model.timezone())),
  ]);
  let services: BTreeMap<String, Value> = model
    .services
    .values()
    .map(|service| (service.name.clone(), service_value(model, service, profile)))
    .collect();
  let secrets: BTreeMap<String, Value> = model
    .secrets
    .values()
    .map(|secret| {
      let placeholder = template::secret_placeholder(&secret.variable());
      (secret.name.clone(), Value::from(placeholder))
    })
    .collect();
  // Maps keyed by `String` or `&str` are minijinja objects of their own,
  // looked up by string; `from_pairs` would key them by `Value` (10,000
  // services: 4% of a build building and comparing those keys).
  BTreeMap::from([
    ("stack", Value::from_object(stack)),
    ("services", Value::from_object(services)),
    ("secrets", Value::from_object(secrets)),
  ])
}

fn service_value(model: &Model<'_>, service: &Service<'_>, profile: &Profile) -> Value {
  let mut fields: BTreeMap<&'static str, Value> = BTreeMap::new();
  fields.insert("scheme", Value::from(profile.tls.scheme()));
  let secure = profile.tls.scheme() == "https";
  fields.insert("secure", Value::from(secure.to_string()));
  if let Some(host) = service.host(profile) {
    fields.insert("url", Value::from(model.url(&host, profile)));
    fields.insert("host", Value::from(host));
  }
  if let Some(port) = service.port() {
    fields.insert("port", Value::from(port));
    fields.insert(
      "internal_url",
      Value::from(format!("http://{}:{port}", service.container_name())),
    );
  }
  Value::from_object(fields)
}

/// Renders each `(key, value)` (the catalog's text or the stack file's)
/// into `environment`.
fn render_env(
  values: impl IntoIterator<Item = (impl AsRef<str>, impl AsRef<str>)>,
  context: &Value,
  environment: &mut IndexMap<String, String>,
) -> Result<(), String> {
  for (key, value) in values {
    let key = key.as_ref();
    let rendered =
      template::render(value.as_ref(), context).map_err(|error| format!("{key}: {error}"))?;
    environment.insert(key.to_owned(), template::compose_escape(&rendered));
  }
  Ok(())
}

fn with_self(
  model: &Model<'_>,
  context: &BTreeMap<&'static str, Value>,
  service: &Service<'_>,
  profile: &Profile,
) -> Value {
  // `self` is the service's own entry under `services`, made once.
  let own = context
    .get("services")
    .and_then(|services| services.get_attr(&service.name).ok())
    .filter(|own| !own.is_undefined())
    .unwrap_or_else(|| service_value(model, service, profile));
  let mut context = context.clone();
  context.insert("self", own);
  Value::from_object(context)
}

fn healthcheck(config: &HealthcheckConfig, port: Option<u16>) -> Option<Healthcheck> {
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

fn catalog_container(
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
fn apply_overrides(
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

fn escape_command(command: &Command) -> Command {
  match command {
    Command::Shell(shell) => Command::Shell(template::compose_escape(shell).into()),
    Command::Arguments(arguments) => Command::Arguments(
      arguments
        .iter()
        .map(|a| template::compose_escape(a).into())
        .collect(),
    ),
  }
}

/// What the whole stack declares, gathered once so that building each
/// container looks things up instead of scanning every service.
struct Known<'m> {
  /// Containers that have a health check, which dependents can wait for.
  healthchecked: std::collections::HashSet<&'m str>,
  /// Volumes a catalog service owns.
  catalog_volumes: std::collections::HashSet<&'m str>,
}

impl<'m> Known<'m> {
  fn new(model: &'m Model<'_>) -> Self {
    let mut healthchecked = std::collections::HashSet::new();
    let mut catalog_volumes = std::collections::HashSet::new();
    for service in model.services.values() {
      match service.catalog {
        Some(catalog) => {
          for container in &catalog.containers {
            if container.healthcheck.is_some() {
              healthchecked.insert(container.name.as_str());
            }
            for volume in &container.volumes {
              if let (Some(name), None) = (&volume.volume, &volume.when) {
                catalog_volumes.insert(name.as_str());
              }
            }
          }
        }
        None => {
          if service.config.healthcheck.is_some() {
            healthchecked.insert(service.name.as_str());
          }
        }
      }
    }
    Self {
      healthchecked,
      catalog_volumes,
    }
  }
}

fn custom_container(
  model: &Model<'_>,
  service: &Service<'_>,
  context: &BTreeMap<&'static str, Value>,
  profile: &Profile,
  known: &Known<'_>,
) -> Result<Container, String> {
  let config = service.config;
  let context = with_self(model, context, service, profile);
  let mut ports = Vec::new();
  let host_port = config.host_port.or(if profile.expose_ports {
    config.port
  } else {
    None
  });
  if let (Some(host), Some(port)) = (host_port, config.port.or(config.host_port)) {
    ports.push((host, port));
  }
  let mut container = Container::new(
    &service.name,
    &service.name,
    config.image.as_deref().unwrap_or_default(),
  );
  container.networks = vec!["internal".into(), "external".into()];
  container.ports = ports;
  apply_overrides(model, service, &context, &mut container)?;
  // A dependency without a health check can only be waited for to start.
  for (target, condition) in &mut container.depends_on {
    if !known.healthchecked.contains(target.as_str()) {
      *condition = DependencyCondition::Started;
    }
  }
  Ok(container)
}

fn declare_volumes(
  service: &Service<'_>,
  container: &Container,
  known: &Known<'_>,
  volumes: &mut IndexMap<String, Volume>,
) {
  let catalog_volumes = service.catalog.into_iter().flat_map(|catalog| {
    catalog
      .containers
      .iter()
      .filter(|entry| entry.name == container.name)
      .flat_map(|entry| entry.volumes.iter())
  });
  for volume in catalog_volumes {
    if let (Some(name), None) = (&volume.volume, &volume.when) {
      volumes.entry(name.to_string()).or_insert_with(|| Volume {
        owner: service.name.clone(),
        backup: volume.backup.as_deref().map(str::to_owned),
      });
    }
  }
  for mount in &container.mounts {
    // A volume only mounted, never declared by a catalog owner, is the
    // operator's own: back it up under its name.
    if let MountSource::Volume(name) = &mount.source
      && !volumes.contains_key(name)
      && !known.catalog_volumes.contains(name.as_str())
    {
      volumes.insert(
        name.clone(),
        Volume {
          owner: service.name.clone(),
          backup: Some(name.clone()),
        },
      );
    }
  }
}

/// Duplicati mounts every backed-up volume read-only, by volume name: unlike
/// host paths under /var/lib/docker/volumes, this works whatever the
/// compose project is called.
fn add_backup_sources(
  model: &Model<'_>,
  containers: &mut [Container],
  volumes: &IndexMap<String, Volume>,
) {
  let wants_sources: Vec<String> = model
    .services
    .values()
    .filter_map(|service| service.catalog)
    .flat_map(|catalog| catalog.containers.iter())
    .filter(|entry| entry.backup_sources)
    .map(|entry| entry.name.to_string())
    .collect();
  for container in containers
    .iter_mut()
    .filter(|c| wants_sources.contains(&c.name))
  {
    for (name, volume) in volumes {
      if let Some(folder) = &volume.backup {
        container.mounts.push(Mount {
          source: MountSource::Volume(name.clone()),
          target: format!("/source/{folder}"),
          read_only: true,
        });
      }
    }
  }
}

/// The Caddyfile of a profile: `Caddyfile`, or `Caddyfile.NAME` under a profile.
pub fn caddyfile_name(profile: &Profile) -> String {
  match &profile.name {
    Some(name) => format!("Caddyfile.{name}"),
    None => "Caddyfile".into(),
  }
}

/// Mounts of the files the build writes that services read: the Caddyfile.
fn add_generated_files(profile: &Profile, containers: &mut [Container]) {
  for container in containers.iter_mut().filter(|c| c.name == "caddy") {
    container.mounts.push(Mount {
      source: MountSource::Bind(caddyfile_name(profile)),
      target: "/etc/caddy/Caddyfile".into(),
      read_only: true,
    });
  }
}

fn routes(model: &Model<'_>, profile: &Profile) -> Vec<Route> {
  let all_urls: Vec<String> = model
    .services
    .values()
    .filter_map(|service| service.host(profile))
    .map(|host| model.url(&host, profile))
    .collect();
  model
    .services
    .values()
    .filter_map(|service| {
      let host = service.host(profile)?;
      let port = service.port()?;
      let route = service.catalog.and_then(|catalog| catalog.route.as_ref());
      let cors = route.filter(|route| route.cors).map(|_| {
        service
          .config
          .cors_origins
          .clone()
          .or_else(|| model.config.stack.cors_origins.clone())
          .unwrap_or_else(|| all_urls.clone())
      });
      Some(Route {
        service: service.name.clone(),
        host,
        upstream: format!("{}:{port}", service.container_name()),
        api: None,
        headers: route.map_or(Headers::Web, |route| route.headers),
        cors,
        websocket: route.is_some_and(|route| route.websocket),
        long_timeout: route
          .map(|route| {
            route
              .long_timeout
              .iter()
              .map(|path| path.to_string())
              .collect()
          })
          .unwrap_or_default(),
        frame_any: route
          .map(|route| {
            route
              .frame_any
              .iter()
              .map(|path| path.to_string())
              .collect()
          })
          .unwrap_or_default(),
      })
    })
    .collect()
}
