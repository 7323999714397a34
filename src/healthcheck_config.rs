use {crate::service_config::Command, serde::Deserialize};

/// A health check as written in the stack file or the catalog.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HealthcheckConfig {
  pub http: Option<String>,
  pub command: Option<Command>,
  pub interval: Option<String>,
  pub timeout: Option<String>,
  pub retries: Option<u32>,
  pub start_period: Option<String>,
}
