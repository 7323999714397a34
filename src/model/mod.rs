//! The stack resolved: `resolve` joins the typed stack file with the
//! catalog into the `Model`, and `deployment` turns it into what runs under
//! one profile, the model every target reads.

pub mod databases;
pub mod deployment;
pub mod generator;
pub mod graph;
pub mod image_name;
pub mod image_version;
pub mod interpolation;
pub mod orchestratai;
pub mod resolve;
pub mod template;

use {
  crate::{
    catalog::{Catalog, CatalogService, ServiceKind},
    config::Config,
    config::secret::SecretConfig,
    config::service::ServiceConfig,
    config::tls::Tls,
    model::template::Expression,
  },
  indexmap::IndexMap,
};

/// The stack after resolution: enabled services joined with their catalog
/// entries, every secret with its source, every template use, every profile.
#[derive(Debug)]
pub struct Model<'a> {
  pub config: &'a Config,
  pub catalog: &'static Catalog,
  pub services: IndexMap<String, Service<'a>>,
  pub secrets: IndexMap<String, Secret>,
  pub templates: Vec<TemplateUse>,
  /// The base configuration first, then each `[profiles.NAME]`.
  pub profiles: Vec<Profile>,
}

#[derive(Debug)]
pub struct Service<'a> {
  pub name: String,
  pub config: &'a ServiceConfig,
  pub catalog: Option<&'static CatalogService>,
}

#[derive(Clone, Debug)]
pub struct Profile {
  pub name: Option<String>,
  pub domain: Option<String>,
  pub tls: Tls,
  pub expose_ports: bool,
}

#[derive(Clone, Debug)]
pub struct Secret {
  pub name: String,
  /// As written under `[secrets]`, if it is.
  pub declared: Option<SecretConfig>,
  /// Catalog services that bring it.
  pub provided_by: Vec<String>,
  pub source: SecretSource,
  pub set_once: bool,
  pub description: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretSource {
  Generate {
    generator: String,
    length: Option<i64>,
  },
  FromEnv(String),
  Manual(String),
  /// Zero or several sources: reported by SC203, skipped by everything else.
  Invalid,
}

/// A string value that holds `{{ }}` expressions.
#[derive(Clone, Debug)]
pub struct TemplateUse {
  pub pointer: String,
  pub expressions: Vec<Expression>,
  /// `{% %}` and `{# #}` blocks, which SC209 refuses.
  pub statements: Vec<crate::document::span::Span>,
}

/// The names a service offers to templates as `services.NAME.*`.
/// `secure` is `"true"` when the service is served over HTTPS, for images
/// that must be told whether to set the `Secure` flag on their cookies.
pub const SERVICE_FIELDS: &[&str] = &["host", "url", "internal_url", "port", "scheme", "secure"];

/// The names `stack.*` offers to templates.
pub const STACK_FIELDS: &[&str] = &["name", "domain", "acme_email", "timezone"];

impl Service<'_> {
  pub fn kind(&self) -> ServiceKind {
    self
      .catalog
      .map_or(ServiceKind::App, |catalog| catalog.kind)
  }

  pub fn image(&self) -> Option<&str> {
    self
      .config
      .image
      .as_deref()
      .or_else(|| self.catalog.map(CatalogService::default_image))
  }

  /// A catalog service is routed when its catalog says so; a custom one when
  /// it names a host or subdomain.
  pub fn is_routed(&self) -> bool {
    match self.catalog {
      Some(catalog) => catalog.route.is_some(),
      None => self.config.host.is_some() || self.config.subdomain.is_some(),
    }
  }

  /// The port other services (and Caddy) reach it on.
  pub fn port(&self) -> Option<u16> {
    self.config.port.or_else(|| {
      let catalog = self.catalog?;
      match &catalog.route {
        Some(route) => Some(route.port),
        None => catalog.containers[0].port,
      }
    })
  }

  /// The compose service other services reach it through.
  pub fn container_name(&self) -> &str {
    self.catalog.map_or(self.name.as_str(), |catalog| {
      catalog.routed_container().name.as_str()
    })
  }

  pub fn host(&self, profile: &Profile) -> Option<String> {
    if !self.is_routed() {
      return None;
    }
    if let Some(host) = &self.config.host {
      return Some(host.clone());
    }
    let domain = profile.domain.as_deref()?;
    let label = self.config.subdomain.as_deref().unwrap_or(&self.name);
    Some(format!("{label}.{domain}"))
  }
}

impl Profile {
  /// How diagnostics name it.
  pub fn label(&self) -> String {
    match &self.name {
      Some(name) => format!("profile `{name}`"),
      None => "the base configuration".into(),
    }
  }
}

impl Model<'_> {
  pub fn is_enabled(&self, service: &str) -> bool {
    self.services.contains_key(service)
  }

  pub fn base(&self) -> &Profile {
    &self.profiles[0]
  }

  /// The URL browsers use for `host`: with Caddy's published port when a
  /// profile moves it off 80/443 (BorgStack's development mode uses 8080).
  pub fn url(&self, host: &str, profile: &Profile) -> String {
    let scheme = profile.tls.scheme();
    let caddy = self
      .services
      .get("caddy")
      .and_then(|service| service.catalog);
    let listen = if profile.tls == Tls::Off { 80 } else { 443 };
    let published = caddy
      .filter(|_| profile.expose_ports)
      .and_then(|catalog| {
        catalog.containers[0]
          .ports
          .iter()
          .find(|p| p.container == listen)
      })
      .map(|port| port.exposed_host());
    match published {
      Some(port) if port != listen => format!("{scheme}://{host}:{port}"),
      _ => format!("{scheme}://{host}"),
    }
  }

  pub fn timezone(&self) -> &str {
    self.config.stack.timezone.as_deref().unwrap_or("UTC")
  }
}

impl Secret {
  /// The environment variable that carries it: the name in upper case.
  pub fn variable(&self) -> String {
    variable_name(&self.name)
  }
}

/// The environment variable of the secret `name`: the name in upper case.
/// SC211 to SC214 make it a valid, unique variable nobody else reads.
pub fn variable_name(name: &str) -> String {
  name.to_ascii_uppercase()
}
