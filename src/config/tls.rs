use serde::Deserialize;

/// How Caddy serves TLS.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tls {
  #[default]
  Acme,
  Internal,
  Off,
}

impl Tls {
  pub fn scheme(self) -> &'static str {
    match self {
      Self::Off => "http",
      Self::Acme | Self::Internal => "https",
    }
  }
}
