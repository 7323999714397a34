//! Compose's values, as Kubernetes reads them. Compose writes a literal
//! `$` as `$$` and a secret as `${NAME}`; Kubernetes expands `$(NAME)` from
//! variables defined before it in the same container and reads `$$(` as a
//! literal `$(`. A secret is never a literal value here: it comes from the
//! service's Secret by `secretKeyRef`.

use {
  crate::model::deployment::Container,
  indexmap::IndexSet,
  k8s_openapi::api::core::v1::{EnvVar, EnvVarSource, SecretKeySelector},
};

/// One piece of a compose value.
enum Part<'a> {
  Literal(char),
  Variable(&'a str),
}

fn parts(value: &str) -> Vec<Part<'_>> {
  let mut parts = Vec::new();
  let mut rest = value;
  while let Some(c) = rest.chars().next() {
    if let Some(after) = rest.strip_prefix("$$") {
      parts.push(Part::Literal('$'));
      rest = after;
    } else if let Some(inner) = rest.strip_prefix("${")
      && let Some(end) = inner.find('}')
    {
      parts.push(Part::Variable(&inner[..end]));
      rest = &inner[end + 1..];
    } else {
      parts.push(Part::Literal(c));
      rest = &rest[c.len_utf8()..];
    }
  }
  parts
}

/// The value in Kubernetes' syntax, and the variables it references.
pub fn convert(value: &str) -> (String, Vec<String>) {
  let parts = parts(value);
  let mut text = String::new();
  let mut variables = Vec::new();
  for (index, part) in parts.iter().enumerate() {
    match part {
      Part::Variable(name) => {
        text.push_str(&format!("$({name})"));
        variables.push((*name).to_owned());
      }
      Part::Literal('$') if matches!(parts.get(index + 1), Some(Part::Literal('('))) => {
        text.push_str("$$");
      }
      Part::Literal(c) => text.push(*c),
    }
  }
  (text, variables)
}

fn from_secret(name: &str, secret: &str, key: &str) -> EnvVar {
  EnvVar {
    name: name.to_owned(),
    value_from: Some(EnvVarSource {
      secret_key_ref: Some(SecretKeySelector {
        name: secret.to_owned(),
        key: key.to_owned(),
        optional: None,
      }),
      ..EnvVarSource::default()
    }),
    ..EnvVar::default()
  }
}

/// The secret variables a container's environment, command and health
/// check reference, in order.
pub fn referenced(container: &Container) -> IndexSet<String> {
  let mut found = IndexSet::new();
  let commands = container
    .command
    .iter()
    .chain(&container.entrypoint)
    .flat_map(crate::config::service::Command::parts);
  let checks = container
    .healthcheck
    .iter()
    .flat_map(|check| check.test.iter().map(String::as_str));
  for value in container
    .environment
    .values()
    .map(String::as_str)
    .chain(commands)
    .chain(checks)
  {
    found.extend(convert(value).1);
  }
  found
}

/// The container's environment: first every secret it references, from
/// `secret`, then its own values, which may name them as `$(NAME)`.
pub fn environment(container: &Container, secret: &str) -> Vec<EnvVar> {
  let mut variables: Vec<EnvVar> = Vec::new();
  for variable in referenced(container) {
    variables.push(from_secret(&variable, secret, &variable));
  }
  for (key, value) in &container.environment {
    let (text, _) = convert(value);
    if text == format!("$({key})") {
      continue; // the secret itself, already set from the Secret
    }
    if let Some(existing) = variables.iter_mut().find(|v| v.name == *key) {
      *existing = EnvVar {
        name: key.clone(),
        value: Some(text),
        ..EnvVar::default()
      };
      continue;
    }
    variables.push(EnvVar {
      name: key.clone(),
      value: Some(text),
      ..EnvVar::default()
    });
  }
  variables
}

#[cfg(test)]
mod tests {
  use super::convert;

  #[test]
  fn compose_values_become_kubernetes_values() {
    assert_eq!(convert("plain").0, "plain");
    assert_eq!(convert("$$HOME").0, "$HOME");
    assert_eq!(convert("$$(id)").0, "$$(id)");
    let (text, variables) = convert(":${REDIS_PASSWORD}@redis:6379");
    assert_eq!(text, ":$(REDIS_PASSWORD)@redis:6379");
    assert_eq!(variables, ["REDIS_PASSWORD"]);
  }
}
