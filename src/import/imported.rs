//! What `stackc import` found, and the `.env` that hands its secret values
//! to the first build.

use {
  crate::model::variable_name,
  std::{collections::BTreeMap, fmt::Write},
};

/// What an import found: the stack file, the secret values by secret name,
/// and what it could not carry over.
#[derive(Debug, Default)]
pub struct Imported {
  pub stack: String,
  pub secrets: BTreeMap<String, String>,
  /// Where each secret's value was read, for a report about it.
  pub origins: BTreeMap<String, String>,
  pub report: Vec<String>,
}

impl Imported {
  pub(super) fn carry(&mut self, secret: &str, value: &str, origin: String) {
    self.secrets.insert(secret.to_owned(), value.to_owned());
    self.origins.insert(secret.to_owned(), origin);
  }

  /// `.env` lines that hand the values to the first `stackc build`, which
  /// rebuilds the store from them: stackc's variable for each secret. A value
  /// that file cannot hold is reported, with where it was read, and dropped:
  /// the rest is still carried.
  pub fn seed_env(&mut self) -> String {
    let mut text = String::from(
      "# Written by `stackc import`: the secret values of the imported deployment, under\n# stackc's names. `stackc build` keeps them in the store.\n",
    );
    let mut dropped = Vec::new();
    for (secret, value) in &self.secrets {
      match crate::targets::shared::env_file::quote(value) {
        Ok(quoted) => {
          let _ = writeln!(text, "{}={quoted}", variable_name(secret));
        }
        Err(reason) => {
          let origin = self.origins.get(secret).map_or("", String::as_str);
          self.report.push(format!(
            "{origin}: the value of {secret} {reason}, so it is not carried over: the first build would generate a new one (change it on the running service first)"
          ));
          dropped.push(secret.clone());
        }
      }
    }
    for secret in dropped {
      self.secrets.remove(&secret);
    }
    text
  }
}
