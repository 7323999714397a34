use {crate::config::tls::Tls, serde::Deserialize};

/// The `[stack]` table.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct StackSettings {
  pub name: Option<String>,
  pub domain: Option<String>,
  pub acme_email: Option<String>,
  pub timezone: Option<String>,
  pub tls: Option<Tls>,
  pub cors_origins: Option<Vec<String>>,
  pub memory: Option<String>,
}
