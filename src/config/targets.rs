use {
  crate::{config::kubernetes::KubernetesConfig, config::swarm::SwarmConfig},
  serde::Deserialize,
};

/// `[targets]`: what only one deployment target needs.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct TargetsConfig {
  pub swarm: SwarmConfig,
  pub kubernetes: KubernetesConfig,
}
