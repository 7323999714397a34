pub use crate::catalog::command::Command;
use {crate::catalog::healthcheck::HealthcheckConfig, indexmap::IndexMap, serde::Deserialize};

/// One `[services.NAME]` table: overrides for a catalog service, or the whole
/// definition of a custom one.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ServiceConfig {
  pub image: Option<String>,
  pub port: Option<u16>,
  pub host: Option<String>,
  pub subdomain: Option<String>,
  pub host_port: Option<u16>,
  pub depends_on: Vec<String>,
  pub healthcheck: Option<HealthcheckConfig>,
  pub volumes: IndexMap<String, String>,
  pub env: IndexMap<String, EnvValue>,
  pub command: Option<Command>,
  pub memory: Option<String>,
  pub cpus: Option<f64>,
  pub cors_origins: Option<Vec<String>>,
  /// Copies run by Swarm and Kubernetes; compose runs one.
  pub replicas: Option<u32>,
  /// Databases a custom service owns, created by the provisioning jobs.
  pub databases: Vec<crate::catalog::CatalogDatabase>,
}

/// An environment value: TOML scalars are accepted and always become strings,
/// since compose (v1) rejects bare booleans and YAML 1.1 reinterprets others.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum EnvValue {
  String(String),
  Integer(i64),
  Float(f64),
  Boolean(bool),
}

impl std::fmt::Display for EnvValue {
  fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    match self {
      Self::String(string) => f.write_str(string),
      Self::Integer(integer) => write!(f, "{integer}"),
      Self::Float(float) => write!(f, "{float}"),
      Self::Boolean(boolean) => write!(f, "{boolean}"),
    }
  }
}
