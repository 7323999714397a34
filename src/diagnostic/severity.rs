use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
  Warning,
  Error,
}

impl Severity {
  pub fn as_str(self) -> &'static str {
    match self {
      Self::Warning => "warning",
      Self::Error => "error",
    }
  }
}
