//! A hand-written compose deployment, read as docker compose reads it:
//! `docker-compose.yml` with `docker-compose.override.yml` over it, and
//! `${VAR}`, `${VAR:-default}` and `$VAR` resolved from its `.env` (the
//! last definition of a variable wins, as in python-dotenv).

use {
  crate::targets::shared::env_file,
  indexmap::{IndexMap, IndexSet},
  serde_norway::Value,
  std::{collections::BTreeMap, path::Path},
};

#[derive(Debug, Default)]
pub struct ImportedService {
  pub image: String,
  /// Resolved values.
  pub environment: IndexMap<String, String>,
  /// Keys whose value was exactly one `.env` variable: key → variable.
  pub secret_variables: BTreeMap<String, String>,
  /// Container ports.
  pub ports: Vec<u16>,
  /// Ports published on the host: (host, container).
  pub published: Vec<(u16, u16)>,
  /// Named volumes: volume → path.
  pub volumes: IndexMap<String, String>,
  /// Host paths mounted, as written.
  pub binds: Vec<String>,
  pub memory: Option<String>,
}

#[derive(Debug, Default)]
pub struct ComposeSource {
  pub compose_file: String,
  pub env_file: String,
  pub name: String,
  pub domain: Option<String>,
  pub acme_email: Option<String>,
  pub services: IndexMap<String, ImportedService>,
  /// `.env` as docker compose reads it.
  pub env: BTreeMap<String, String>,
  /// `.env` variables no compose file reads.
  pub unused_env: Vec<(String, String)>,
  /// What reading found wrong, each with where.
  pub problems: Vec<String>,
}

/// Resolves compose interpolation in `text`; records the variables read.
fn interpolate(text: &str, env: &BTreeMap<String, String>, used: &mut IndexSet<String>) -> String {
  let mut output = String::new();
  let mut rest = text;
  while let Some(index) = rest.find('$') {
    output.push_str(&rest[..index]);
    let after = &rest[index + 1..];
    if let Some(stripped) = after.strip_prefix('$') {
      output.push('$');
      rest = stripped;
    } else if let Some(inner) = after.strip_prefix('{') {
      let end = inner.find('}').unwrap_or(inner.len());
      let expression = &inner[..end];
      let (name, default) = match expression
        .split_once(":-")
        .or_else(|| expression.split_once('-'))
      {
        Some((name, default)) => (name, Some(default)),
        None => (expression, None),
      };
      used.insert(name.to_owned());
      match env.get(name).filter(|value| !value.is_empty()) {
        Some(value) => output.push_str(value),
        None => output.push_str(default.unwrap_or_default()),
      }
      rest = inner.get(end + 1..).unwrap_or_default();
    } else {
      let end = after
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(after.len());
      if end == 0 {
        output.push('$');
      } else {
        used.insert(after[..end].to_owned());
        output.push_str(env.get(&after[..end]).map_or("", String::as_str));
      }
      rest = &after[end..];
    }
  }
  output.push_str(rest);
  output
}

/// The variable `text` is exactly, if it is one: `${VAR}` or `$VAR`.
fn exactly_one_variable(text: &str) -> Option<&str> {
  let name = text
    .strip_prefix("${")
    .and_then(|t| t.strip_suffix('}'))
    .map(|t| t.split(":-").next().unwrap_or(t))
    .or_else(|| text.strip_prefix('$'))?;
  (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')).then_some(name)
}

fn environment(value: &Value) -> IndexMap<String, String> {
  match value {
    Value::Mapping(mapping) => mapping
      .iter()
      .filter_map(|(key, value)| {
        let value = match value {
          Value::String(text) => text.clone(),
          Value::Null => String::new(),
          other => serde_norway::to_string(other).ok()?.trim().to_owned(),
        };
        Some((key.as_str()?.to_owned(), value))
      })
      .collect(),
    Value::Sequence(items) => items
      .iter()
      .filter_map(Value::as_str)
      .map(|item| match item.split_once('=') {
        Some((key, value)) => (key.to_owned(), value.to_owned()),
        None => (item.to_owned(), String::new()),
      })
      .collect(),
    _ => IndexMap::new(),
  }
}

/// Merges an override service over a base one, as compose does for the
/// keys read here: environment by key, lists by union, scalars replaced.
fn merge(base: &mut Value, over: &Value) {
  let (Some(base_map), Some(over_map)) = (base.as_mapping_mut(), over.as_mapping()) else {
    return;
  };
  for (key, value) in over_map {
    match (key.as_str(), base_map.get_mut(key)) {
      (Some("environment"), Some(existing)) => {
        let mut merged = environment(existing);
        merged.extend(environment(value));
        *existing = Value::Mapping(
          merged
            .into_iter()
            .map(|(k, v)| (Value::String(k), Value::String(v)))
            .collect(),
        );
      }
      (_, Some(Value::Sequence(existing))) if value.is_sequence() => {
        for item in value.as_sequence().into_iter().flatten() {
          if !existing.contains(item) {
            existing.push(item.clone());
          }
        }
      }
      (_, Some(existing)) if existing.is_mapping() && value.is_mapping() => merge(existing, value),
      _ => {
        base_map.insert(key.clone(), value.clone());
      }
    }
  }
}

/// The `.env` variables that name the stack's domain and ACME e-mail, in
/// the order they are looked for.
const DOMAIN_VARIABLES: [&str; 2] = ["DOMAIN", "BORGSTACK_DOMAIN"];
const EMAIL_VARIABLES: [&str; 3] = ["ACME_EMAIL", "EMAIL", "CADDY_EMAIL"];

/// A file of the deployment, bounded far past any real one.
fn read(path: &Path) -> Result<Vec<u8>, String> {
  crate::regular_file::read(path, 16 * 1024 * 1024)
    .map_err(|failure| format!("cannot read {}: {failure}", path.display()))
}

fn read_yaml(path: &Path) -> Result<Value, String> {
  serde_norway::from_slice(&read(path)?).map_err(|error| format!("{}: {error}", path.display()))
}

fn stack_name(directory: &Path) -> String {
  let name: String = directory
    .canonicalize()
    .ok()
    .and_then(|path| {
      path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
    })
    .unwrap_or_else(|| "imported".into())
    .chars()
    .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
    .collect();
  let name = name.trim_matches('-').to_owned();
  if name.is_empty() {
    "imported".into()
  } else {
    name
  }
}

impl ComposeSource {
  pub fn read(directory: &Path) -> Result<Self, String> {
    let compose_path = directory.join("docker-compose.yml");
    let mut compose = read_yaml(&compose_path)?;
    let override_path = directory.join("docker-compose.override.yml");
    if override_path.exists() {
      merge(&mut compose, &read_yaml(&override_path)?);
    }
    let env_path = directory.join(".env");
    let mut source = ComposeSource {
      compose_file: "docker-compose.yml".into(),
      env_file: ".env".into(),
      name: stack_name(directory),
      ..ComposeSource::default()
    };
    let mut env = BTreeMap::new();
    if env_path.exists() {
      let bytes = read(&env_path)?;
      let text =
        String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8", env_path.display()))?;
      let entries = env_file::parse_entries(&text).map_err(|error| format!(".env: {error}"))?;
      for entry in entries {
        if let Some(previous) = env.insert(entry.key.clone(), entry.value.clone())
          && previous != entry.value
        {
          source.problems.push(format!(
            ".env: {} is defined more than once with different values; the last one is used, as docker compose does",
            entry.key
          ));
        }
      }
    }
    let first_set = |keys: &[&str]| {
      keys
        .iter()
        .find_map(|key| env.get(*key).filter(|v| !v.is_empty()).cloned())
    };
    source.domain = first_set(&DOMAIN_VARIABLES);
    source.acme_email = first_set(&EMAIL_VARIABLES);
    let mut used: IndexSet<String> = DOMAIN_VARIABLES
      .iter()
      .chain(&EMAIL_VARIABLES)
      .map(|key| (*key).to_owned())
      .collect();
    let services = compose["services"]
      .as_mapping()
      .cloned()
      .unwrap_or_default();
    for (name, service) in &services {
      let Some(name) = name.as_str() else { continue };
      let mut imported = ImportedService {
        image: interpolate(
          service["image"].as_str().unwrap_or_default(),
          &env,
          &mut used,
        ),
        ..ImportedService::default()
      };
      if imported.image.is_empty() {
        source.problems.push(format!(
          "docker-compose.yml: services.{name} has no image (a build is not carried over)"
        ));
        continue;
      }
      for (key, raw) in environment(&service["environment"]) {
        if let Some(variable) = exactly_one_variable(&raw)
          && env.contains_key(variable)
        {
          imported
            .secret_variables
            .insert(key.clone(), variable.to_owned());
        }
        let value = interpolate(&raw, &env, &mut used);
        imported.environment.insert(key, value);
      }
      for port in service["ports"].as_sequence().into_iter().flatten() {
        let text = match port {
          Value::String(text) => interpolate(text, &env, &mut used),
          Value::Number(number) => number.to_string(),
          _ => continue,
        };
        let text = text.split('/').next().unwrap_or(&text);
        let mut parts: Vec<&str> = text.split(':').collect();
        let container = parts.pop().unwrap_or_default();
        if let Ok(port) = container.parse::<u16>() {
          imported.ports.push(port);
          if let Some(Ok(host)) = parts.pop().map(str::parse::<u16>) {
            imported.published.push((host, port));
          }
        }
      }
      for volume in service["volumes"].as_sequence().into_iter().flatten() {
        let Some(text) = volume.as_str() else {
          continue;
        };
        let text = interpolate(text, &env, &mut used);
        let mut parts = text.split(':');
        let (Some(from), Some(to)) = (parts.next(), parts.next()) else {
          continue;
        };
        if from.starts_with(['.', '/', '~']) {
          imported.binds.push(text.clone());
        } else {
          imported.volumes.insert(from.to_owned(), to.to_owned());
        }
      }
      imported.memory = service["deploy"]["resources"]["limits"]["memory"]
        .as_str()
        .map(|memory| interpolate(memory, &env, &mut used).to_ascii_lowercase());
      // Ports and routes come from the catalog; these keys are read by
      // interpolation only, so that their variables count as used.
      for key in ["command", "healthcheck", "labels", "entrypoint"] {
        let text = serde_norway::to_string(&service[key]).unwrap_or_default();
        interpolate(&text, &env, &mut used);
      }
      source.services.insert(name.to_owned(), imported);
    }
    source.unused_env = env
      .iter()
      .filter(|(key, _)| !used.contains(*key))
      .map(|(key, value)| (key.clone(), value.clone()))
      .collect();
    source.env = env;
    Ok(source)
  }
}

#[cfg(test)]
mod tests {
  use {super::interpolate, indexmap::IndexSet, std::collections::BTreeMap};

  #[test]
  fn interpolation_reads_as_compose_does() {
    let env = BTreeMap::from([
      ("A".to_owned(), "1".to_owned()),
      ("E".to_owned(), String::new()),
    ]);
    let mut used = IndexSet::new();
    assert_eq!(interpolate("x${A}y$A$$B", &env, &mut used), "x1y1$B");
    assert_eq!(interpolate("${B:-two}", &env, &mut used), "two");
    assert_eq!(interpolate("${E:-empty}", &env, &mut used), "empty");
    assert!(used.contains("A") && used.contains("B"));
  }
}
