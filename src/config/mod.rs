//! The stack file as typed data, one file per table. Every field is
//! optional: the schema reports what is missing, and the rules still run on
//! what was read.

pub mod kubernetes;
pub mod orchestratai;
pub mod profile;
pub mod secret;
pub mod secrets_store;
pub mod service;
pub mod stack_settings;
pub mod swarm;
pub mod targets;
pub mod tls;

use {
  crate::{
    config::orchestratai::OrchestratAiConfig, config::profile::ProfileConfig,
    config::secret::SecretConfig, config::secrets_store::StoreSettings,
    config::service::ServiceConfig, config::stack_settings::StackSettings,
    config::targets::TargetsConfig,
  },
  indexmap::IndexMap,
  serde::Deserialize,
};

/// `stack.toml` as typed data. Every field is optional or defaulted: the
/// schema reports what is missing, and the model is read from whatever part of
/// the document passed it, so that semantic rules still run.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Config {
  pub version: Option<i64>,
  pub stack: StackSettings,
  pub secrets: IndexMap<String, SecretConfig>,
  pub services: IndexMap<String, ServiceConfig>,
  pub profiles: IndexMap<String, ProfileConfig>,
  pub orchestratai: Option<OrchestratAiConfig>,
  pub targets: TargetsConfig,
  /// Present: the secrets store is encrypted, to these recipients.
  pub secrets_store: Option<StoreSettings>,
}
