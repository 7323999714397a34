use {
  crate::{
    orchestratai_config::OrchestratAiConfig, profile_config::ProfileConfig,
    secret_config::SecretConfig, secrets::store_settings::StoreSettings,
    service_config::ServiceConfig, stack_settings::StackSettings, targets_config::TargetsConfig,
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
