use serde::Deserialize;

/// One entry of `[secrets]`, as written; `SecretSource` is what it means.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct SecretConfig {
  pub generate: Option<String>,
  pub length: Option<i64>,
  pub from_env: Option<String>,
  pub manual: Option<String>,
}

impl SecretConfig {
  /// How many of `generate`, `from_env` and `manual` are set: exactly one is valid.
  pub fn source_count(&self) -> usize {
    [
      self.generate.is_some(),
      self.from_env.is_some(),
      self.manual.is_some(),
    ]
    .into_iter()
    .filter(|set| *set)
    .count()
  }
}
