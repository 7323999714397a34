//! `from_env` secrets as `stackc build` reads them from its environment.

use {
  crate::{
    model::{Model, SecretSource},
    targets::shared::env_file,
  },
  std::collections::BTreeMap,
};

/// The `from_env` values the environment sets, by secret name. A value
/// `.env` cannot hold exactly (see `env_file::quote`), or one that is not
/// UTF-8, is an error naming the variable, never showing the value.
pub fn environment_values(model: &Model<'_>) -> Result<BTreeMap<String, String>, String> {
  let mut values = BTreeMap::new();
  for secret in model.secrets.values() {
    let SecretSource::FromEnv(variable) = &secret.source else {
      continue;
    };
    let Some(value) = std::env::var_os(variable) else {
      continue;
    };
    let refuse = |reason: &str| {
      format!(
        "error: the environment variable {variable} (secret `{}`) {reason}; nothing was written",
        secret.name
      )
    };
    let value = value.into_string().map_err(|_| refuse("is not UTF-8"))?;
    if value.is_empty() {
      continue;
    }
    env_file::quote(&value).map_err(|reason| refuse(&reason))?;
    values.insert(secret.name.clone(), value);
  }
  Ok(values)
}
