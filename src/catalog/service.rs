use {
  crate::{catalog::command::Command, catalog::healthcheck::HealthcheckConfig},
  databake::Bake,
  serde::Deserialize,
};

// `build.rs` reads each catalog file into these types and bakes them into
// the binary as statics (`Bake`); a stack file reads a few of them too.
pub use crate::{catalog::list::List, catalog::map::Map, catalog::text::Text};

/// One catalog file: a BorgStack component and everything needed to run it.
#[derive(Clone, Debug, Deserialize, Bake)]
#[databake(path = crate::catalog::service)]
#[serde(deny_unknown_fields)]
pub struct CatalogService {
  /// One line, shown in the checklist and the graph.
  pub description: Text,
  pub kind: ServiceKind,
  /// Catalog services that must be enabled for this one to work.
  #[serde(default)]
  pub requires: List<Text>,
  pub route: Option<CatalogRoute>,
  /// Secrets this component needs, keyed by secret name.
  #[serde(default)]
  pub secrets: Map<Text, CatalogSecret>,
  #[serde(default)]
  pub databases: List<CatalogDatabase>,
  /// Steps an operator takes after the first start, for the checklist.
  #[serde(default)]
  pub first_login: List<Text>,
  pub containers: List<CatalogContainer>,
}

/// What a component is for; databases, caches and object stores are never
/// published on the host outside a profile with `expose_ports`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Bake)]
#[databake(path = crate::catalog::service)]
#[serde(rename_all = "kebab-case")]
pub enum ServiceKind {
  Database,
  Cache,
  ObjectStore,
  Proxy,
  App,
}

impl ServiceKind {
  pub fn holds_data(self) -> bool {
    matches!(self, Self::Database | Self::Cache | Self::ObjectStore)
  }

  pub fn as_str(self) -> &'static str {
    match self {
      Self::Database => "database",
      Self::Cache => "cache",
      Self::ObjectStore => "object store",
      Self::Proxy => "proxy",
      Self::App => "app",
    }
  }
}

/// How Caddy routes a component's host.
#[derive(Clone, Debug, Deserialize, Bake)]
#[databake(path = crate::catalog::service)]
#[serde(deny_unknown_fields)]
pub struct CatalogRoute {
  /// The container Caddy proxies to; the first container when absent.
  pub container: Option<Text>,
  pub port: u16,
  pub headers: Headers,
  /// Answer CORS preflight requests and add CORS headers (API services).
  #[serde(default)]
  pub cors: bool,
  /// Route websocket upgrades explicitly.
  #[serde(default)]
  pub websocket: bool,
  /// Path matchers given a one-hour read and write timeout.
  #[serde(default)]
  pub long_timeout: List<Text>,
  /// Path matchers the upstream lets any site frame (Chatwoot's widget):
  /// Caddy adds no `X-Frame-Options` there and leaves framing to the
  /// upstream's own headers.
  #[serde(default)]
  pub frame_any: List<Text>,
}

/// BorgStack's security header sets. The framing header of each is a
/// default: Caddy sets it only when the upstream sent none, so an upstream
/// that decides framing per page (Rails, helmet) keeps its decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Bake)]
#[databake(path = crate::catalog::service)]
#[serde(rename_all = "lowercase")]
pub enum Headers {
  /// Same-origin framing, nosniff, strict referrer.
  Web,
  /// Nosniff only: API clients are not browsers framing pages.
  Api,
  /// No framing at all: for sensitive consoles such as backups.
  Strict,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Bake)]
#[databake(path = crate::catalog::service)]
#[serde(deny_unknown_fields)]
pub struct CatalogSecret {
  pub generate: Text,
  pub length: Option<u32>,
  pub description: Text,
  /// Baked into the service's data at first start: rotating it breaks things.
  #[serde(default)]
  pub set_once: bool,
}

/// A database and its owner, created by the init scripts.
#[derive(Clone, Debug, Deserialize, Bake)]
#[databake(path = crate::catalog::service)]
#[serde(deny_unknown_fields)]
pub struct CatalogDatabase {
  /// `postgresql` or `mongodb`: the catalog service that holds it.
  pub engine: Text,
  pub name: Text,
  pub user: Text,
  /// The secret holding the owner's password.
  pub password: Text,
  #[serde(default)]
  pub extensions: List<Text>,
  /// MongoDB roles on the database.
  #[serde(default)]
  pub roles: List<Text>,
}

/// One compose service of a component (lowcoder has three).
#[derive(Clone, Debug, Deserialize, Bake)]
#[databake(path = crate::catalog::service)]
#[serde(deny_unknown_fields)]
pub struct CatalogContainer {
  pub name: Text,
  pub image: Text,
  /// The port other services reach it on (`internal_url`).
  pub port: Option<u16>,
  /// Ports published on the host: always when `host` is set, and under a
  /// profile with `expose_ports` (on `dev_host`, else `host`, else `container`).
  #[serde(default)]
  pub ports: List<CatalogPort>,
  pub networks: List<Text>,
  #[serde(default)]
  pub depends_on: Map<Text, DependencyCondition>,
  #[serde(default)]
  pub volumes: List<CatalogVolume>,
  /// Environment; values may hold `{{ }}` expressions, with `self` as the component.
  #[serde(default)]
  pub environment: Map<Text, Text>,
  /// Environment set only when the named service is enabled.
  #[serde(default)]
  pub environment_if: Map<Text, Map<Text, Text>>,
  pub entrypoint: Option<Command>,
  pub command: Option<Command>,
  pub healthcheck: Option<HealthcheckConfig>,
  pub memory: Option<Text>,
  pub cpus: Option<f64>,
  /// Time between the stop signal and a kill, such as `120s`.
  pub stop_grace_period: Option<Text>,
  /// Mount every backed-up volume of the stack read-only under /source (Duplicati).
  #[serde(default)]
  pub backup_sources: bool,
  /// What the image really reads, from its own sources at the pinned tag.
  pub upstream: Option<Upstream>,
}

/// A container's upstream contract: the sources read at the pinned tag, and
/// the environment the image reads. `tests/contract.rs` holds every catalog
/// container to it, so that a variable nothing reads, or a required one left
/// unset, fails the build of the catalog rather than a deployment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Bake)]
#[databake(path = crate::catalog::service)]
#[serde(deny_unknown_fields)]
pub struct Upstream {
  /// The GitHub repository of the image's sources, `owner/name`.
  pub repository: Text,
  /// The git tag read, the one the image tag was built from.
  pub tag: Text,
  /// The files read there: Dockerfile, entrypoint, config loader.
  pub sources: List<Text>,
  /// Every environment variable we set that the image reads.
  #[serde(default)]
  pub reads: List<Text>,
  /// Variables the image cannot start without; each must be set.
  #[serde(default)]
  pub required: List<Text>,
  /// Variables the image also reads from a file named by `<NAME>_FILE`.
  #[serde(default)]
  pub file_variants: List<Text>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Bake)]
#[databake(path = crate::catalog::service)]
#[serde(deny_unknown_fields)]
pub struct CatalogPort {
  pub container: u16,
  pub host: Option<u16>,
  pub dev_host: Option<u16>,
}

impl CatalogPort {
  /// The host port under a profile with `expose_ports`.
  pub fn exposed_host(self) -> u16 {
    self.dev_host.or(self.host).unwrap_or(self.container)
  }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Bake)]
#[databake(path = crate::catalog::service)]
#[serde(rename_all = "lowercase")]
pub enum DependencyCondition {
  Healthy,
  Started,
  /// A one-shot job that must have exited 0, such as database provisioning.
  Completed,
}

#[derive(Clone, Debug, Deserialize, Bake)]
#[databake(path = crate::catalog::service)]
#[serde(deny_unknown_fields)]
pub struct CatalogVolume {
  /// A named volume, or a file the build writes (`bind`), exactly one.
  pub volume: Option<Text>,
  pub bind: Option<Text>,
  pub path: Text,
  #[serde(default)]
  pub read_only: bool,
  /// Mount only when this service is enabled.
  pub when: Option<Text>,
  /// Folder name under Duplicati's /source; absent means not backed up.
  pub backup: Option<Text>,
  /// Storage to claim for it where a target asks (Kubernetes), such as
  /// `20Gi`: sized for what the store keeps.
  pub size: Option<Text>,
}

impl CatalogContainer {
  /// Its environment, then that of each `environment_if` whose service
  /// `enabled` says is there: where a variable comes twice, the later wins.
  pub fn environment_where<'c>(
    &'c self,
    enabled: impl Fn(&str) -> bool + 'c,
  ) -> impl Iterator<Item = (&'c str, &'c str)> + 'c {
    let conditional = self
      .environment_if
      .iter()
      .filter(move |(when, _)| enabled(when))
      .flat_map(|(_, values)| values.iter());
    self
      .environment
      .iter()
      .chain(conditional)
      .map(|(key, value)| (key.as_str(), value.as_str()))
  }
}

impl CatalogService {
  /// Internal consistency of a catalog file, beyond what serde checks.
  pub fn check(&self, name: &str) -> Result<(), String> {
    if self.containers.is_empty() {
      return Err("no containers".into());
    }
    for container in &self.containers {
      if !container.image.contains(':') || container.image.ends_with(":latest") {
        return Err(format!("image `{}` is not pinned", container.image));
      }
      for volume in &container.volumes {
        if volume.volume.is_some() == volume.bind.is_some() {
          return Err(format!(
            "volume at `{}` needs exactly one of volume, bind",
            volume.path
          ));
        }
      }
    }
    for database in &self.databases {
      if !self.secrets.contains_key(database.password.as_str()) {
        return Err(format!(
          "database password secret `{}` is not declared",
          database.password
        ));
      }
    }
    if let Some(route) = &self.route
      && let Some(container) = &route.container
      && !self.containers.iter().any(|c| &c.name == container)
    {
      return Err(format!(
        "route container `{container}` is not a container of {name}"
      ));
    }
    Ok(())
  }

  /// The container Caddy routes to.
  pub fn routed_container(&self) -> &CatalogContainer {
    self
      .route
      .as_ref()
      .and_then(|route| route.container.as_ref())
      .and_then(|name| self.containers.iter().find(|c| &c.name == name))
      .unwrap_or(&self.containers[0])
  }

  /// Whether `image` (a user override or the default) is the component's main image.
  pub fn default_image(&self) -> &str {
    &self.containers[0].image
  }
}
