//! A hand-written compose deployment, read as docker compose reads it:
//! `docker-compose.yml` with `docker-compose.override.yml` over it, and its
//! `$` forms resolved (`super::interpolation`) from its `.env`
//! (`super::env_source`), never from the environment of whoever runs it.

use {
  super::{env_source::EnvSource, interpolation::Interpolation},
  indexmap::{IndexMap, IndexSet},
  serde_norway::Value,
  std::{collections::BTreeMap, path::Path},
};

#[derive(Debug, Default)]
pub struct ImportedService {
  pub image: String,
  /// Resolved values.
  pub environment: IndexMap<String, String>,
  /// Keys whose value interpolates anything, so may hold a secret.
  pub interpolated: std::collections::BTreeSet<String>,
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
  /// The line of each `.env` variable's definition in effect.
  pub env_lines: BTreeMap<String, usize>,
  /// `.env` variables no compose file reads.
  pub unused_env: Vec<(String, String)>,
  /// What reading found wrong, each with where.
  pub problems: Vec<String>,
}

/// Resolves compose interpolation in `text`; records the variables read,
/// and those `.env` does not define.
fn interpolate(
  text: &str,
  env: &BTreeMap<String, String>,
  used: &mut IndexSet<String>,
  missing: &mut IndexSet<String>,
) -> String {
  let interpolation = Interpolation::of(text, env);
  used.extend(interpolation.read);
  missing.extend(interpolation.unset);
  missing.extend(interpolation.required);
  interpolation.text
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

/// `bytes` as text, each line that is not UTF-8 left empty and reported
/// (compose reads bytes; a value stackc cannot hold whole is not guessed).
fn utf8_lines(bytes: &[u8], problems: &mut Vec<String>) -> String {
  let mut lines = Vec::new();
  for (index, line) in bytes.split(|byte| *byte == b'\n').enumerate() {
    match std::str::from_utf8(line) {
      Ok(line) => lines.push(line),
      Err(_) => {
        problems.push(format!(
          ".env:{}: not UTF-8; the line is not read",
          index + 1
        ));
        lines.push("");
      }
    }
  }
  lines.join("\n")
}

/// A file of the deployment, bounded far past any real one.
fn read(path: &Path) -> Result<Vec<u8>, String> {
  crate::files::regular_file::read(path, 16 * 1024 * 1024)
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
      let text = utf8_lines(&read(&env_path)?, &mut source.problems);
      let parsed = EnvSource::parse(&text, &source.env_file);
      source.problems.extend(parsed.problems);
      source.env_lines = parsed.lines;
      env = parsed.values;
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
    let mut missing = IndexSet::new();
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
          &mut missing,
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
        if raw.contains('$') {
          imported.interpolated.insert(key.clone());
        }
        let value = interpolate(&raw, &env, &mut used, &mut missing);
        imported.environment.insert(key, value);
      }
      for port in service["ports"].as_sequence().into_iter().flatten() {
        let text = match port {
          Value::String(text) => interpolate(text, &env, &mut used, &mut missing),
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
        let text = interpolate(text, &env, &mut used, &mut missing);
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
        .map(|memory| interpolate(memory, &env, &mut used, &mut missing).to_ascii_lowercase());
      // Ports and routes come from the catalog; these keys are read by
      // interpolation only, so that their variables count as used.
      for key in ["command", "healthcheck", "labels", "entrypoint"] {
        let text = serde_norway::to_string(&service[key]).unwrap_or_default();
        interpolate(&text, &env, &mut used, &mut missing);
      }
      source.services.insert(name.to_owned(), imported);
    }
    for name in missing {
      source.problems.push(format!(
        "{}: {name} is not defined in {}; read as empty, as docker compose does when the environment lacks it too",
        source.compose_file, source.env_file
      ));
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
