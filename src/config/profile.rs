use {crate::config::tls::Tls, serde::Deserialize};

/// One `[profiles.NAME]` table.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProfileConfig {
  pub domain: Option<String>,
  pub tls: Option<Tls>,
  pub expose_ports: bool,
}
