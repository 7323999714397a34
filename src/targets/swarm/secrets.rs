//! Which secrets reach a container as Docker secrets: those the image reads
//! from a file named by `<NAME>_FILE` (its upstream contract's
//! `file_variants`), set to exactly one secret, and not read under their
//! own name by the container's command or health check. Every other
//! value stays in the environment, from the exported `.env`.

use crate::model::interpolation;
use crate::{
  config::service::Command,
  model::deployment::{Container, Deployment},
};

/// A secret mounted as a file in one container.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FileSecret {
  /// The `.env` variable that holds the value, such as `POSTGRES_PASSWORD`.
  pub variable: String,
  /// The variable the image reads, whose `_FILE` form is set instead.
  pub variable_in_container: String,
}

impl FileSecret {
  /// The secret's key in the stack file, and its file name in the container.
  pub fn key(&self) -> String {
    self.variable.to_ascii_lowercase()
  }

  pub fn path(&self) -> String {
    format!("/run/secrets/{}", self.key())
  }

  /// The variable the deploy script sets to the secret's versioned name.
  pub fn name_variable(&self) -> String {
    format!("STACKC_SECRET_{}", self.variable)
  }
}

/// Whether `text` names `variable` as a whole word (`$X`, `${X}`, `-e X`),
/// not as part of a longer name such as `X_FILE`.
fn names(text: &str, variable: &str) -> bool {
  let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
  text.match_indices(variable).any(|(start, _)| {
    let before = text[..start].chars().next_back();
    let after = text[start + variable.len()..].chars().next();
    !before.is_some_and(word) && !after.is_some_and(word)
  })
}

fn mentions(command: Option<&Command>, variable: &str) -> bool {
  command.is_some_and(|command| command.parts().iter().any(|part| names(part, variable)))
}

/// The secrets `container` gets as files, in the order of its environment.
pub fn file_secrets(deployment: &Deployment<'_>, container: &Container) -> Vec<FileSecret> {
  let Some(upstream) = deployment
    .catalog_entry(container)
    .and_then(|entry| entry.upstream.as_ref())
  else {
    return Vec::new();
  };
  let in_health_check = |variable: &str| {
    container
      .healthcheck
      .as_ref()
      .is_some_and(|check| check.test.iter().any(|part| names(part, variable)))
  };
  container
    .environment
    .iter()
    .filter(|(key, _)| {
      upstream
        .file_variants
        .iter()
        .any(|variant| variant == key.as_str())
    })
    .filter(|(key, _)| {
      !mentions(container.command.as_ref(), key)
        && !mentions(container.entrypoint.as_ref(), key)
        && !in_health_check(key)
    })
    .filter_map(|(key, value)| {
      let [variable] = interpolation::interpolated(value)[..] else {
        return None;
      };
      // Exactly `${VARIABLE}`, naming a secret of the deployment.
      (*value == format!("${{{variable}}}") && deployment.variables.contains_key(variable)).then(
        || FileSecret {
          variable: variable.to_owned(),
          variable_in_container: key.clone(),
        },
      )
    })
    .collect()
}

#[cfg(test)]
mod tests {
  use super::names;

  #[test]
  fn a_variable_is_named_only_as_a_whole_word() {
    assert!(names("echo $POSTGRES_PASSWORD", "POSTGRES_PASSWORD"));
    assert!(names("${POSTGRES_PASSWORD}x", "POSTGRES_PASSWORD"));
    assert!(names("POSTGRES_PASSWORD", "POSTGRES_PASSWORD"));
    assert!(!names("$POSTGRES_PASSWORD_FILE", "POSTGRES_PASSWORD"));
    assert!(!names("MY_POSTGRES_PASSWORD", "POSTGRES_PASSWORD"));
  }
}
