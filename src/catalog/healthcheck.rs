use {
  crate::{catalog::command::Command, catalog::text::Text},
  databake::Bake,
  serde::Deserialize,
};

/// A health check as written in the stack file or the catalog.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Bake)]
#[serde(default, deny_unknown_fields)]
#[databake(path = crate::catalog::healthcheck)]
pub struct HealthcheckConfig {
  pub http: Option<Text>,
  pub command: Option<Command>,
  pub interval: Option<Text>,
  pub timeout: Option<Text>,
  pub retries: Option<u32>,
  pub start_period: Option<Text>,
}
