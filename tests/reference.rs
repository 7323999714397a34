//! `stacks/borgstack.toml` against the hand-written BorgStack compose file
//! in `../shared/reference/borgstack/`: container by container, everything
//! the reference sets must be there, with the same value, except the
//! deliberate differences listed here and in the README's "Differences from
//! the hand-written BorgStack files".

mod common;

use {
  common::{root, stackc_in},
  serde_norway::Value,
  std::{
    collections::{BTreeMap, BTreeSet},
    fs,
  },
};

fn reference_dir() -> std::path::PathBuf {
  let directory = root().join("../shared/reference/borgstack");
  assert!(
    directory.exists(),
    "the reference files are expected in ../shared/reference/borgstack"
  );
  directory
}

fn built_compose() -> Value {
  let directory = tempfile::tempdir().unwrap();
  fs::copy(
    root().join("stacks/borgstack.toml"),
    directory.path().join("borgstack.toml"),
  )
  .unwrap();
  let output = stackc_in(
    directory.path(),
    ["build", "borgstack.toml", "--out", "out"],
    &[],
  );
  assert_eq!(output.status, 0, "{}", output.stderr);
  serde_norway::from_str(
    &fs::read_to_string(directory.path().join("out/docker-compose.yml")).unwrap(),
  )
  .unwrap()
}

fn text(value: &Value) -> String {
  match value {
    Value::String(string) => string.clone(),
    Value::Bool(boolean) => boolean.to_string(),
    Value::Number(number) => number.to_string(),
    other => serde_norway::to_string(other).unwrap().trim().to_owned(),
  }
}

fn environment(service: &Value) -> BTreeMap<String, String> {
  match &service["environment"] {
    Value::Mapping(map) => map.iter().map(|(k, v)| (text(k), text(v))).collect(),
    Value::Sequence(items) => items
      .iter()
      .map(|item| {
        let (key, value) = text(item)
          .split_once('=')
          .map(|(k, v)| (k.to_owned(), v.to_owned()))
          .unwrap();
        (key, value)
      })
      .collect(),
    _ => BTreeMap::new(),
  }
}

/// Container path -> volume, for named volumes and host paths (not `./` binds).
fn mounts(service: &Value) -> BTreeMap<String, String> {
  service["volumes"]
    .as_sequence()
    .into_iter()
    .flatten()
    .map(text)
    .filter(|volume| !volume.starts_with("./"))
    .map(|volume| {
      let mut parts = volume.split(':');
      let source = parts.next().unwrap().to_owned();
      (parts.next().unwrap().to_owned(), source)
    })
    .collect()
}

/// Resolves the reference's `${VAR}` and `${VAR:-default}` indirections with
/// its own `.env.example`, as an operator following it would; secrets stay
/// `${NAME}`, as compose interpolates them from `.env`.
fn resolve(
  value: &str,
  variables: &BTreeMap<String, String>,
  secrets: &BTreeSet<String>,
) -> String {
  let mut output = String::new();
  let mut rest = value;
  while let Some(start) = rest.find("${") {
    let end = start + rest[start..].find('}').unwrap();
    let inner = &rest[start + 2..end];
    output.push_str(&rest[..start].replace('$', "$$"));
    match inner.split_once(":-") {
      Some((_, default)) => output.push_str(default),
      None if secrets.contains(inner) => output.push_str(&format!("${{{inner}}}")),
      None => output.push_str(&resolve(&variables[inner], variables, secrets)),
    }
    rest = &rest[end + 1..];
  }
  output.push_str(&rest.replace('$', "$$"));
  output
}

/// The reference's `.env.example`, first definition of each variable.
fn reference_variables() -> BTreeMap<String, String> {
  let text = fs::read_to_string(reference_dir().join(".env.example")).unwrap();
  let mut variables = BTreeMap::new();
  for line in text.lines() {
    if let Some((key, value)) = line.split_once('=')
      && !line.starts_with('#')
    {
      variables
        .entry(key.trim().to_owned())
        .or_insert_with(|| value.trim().to_owned());
    }
  }
  variables
}

#[test]
fn borgstack_reproduces_the_reference_compose_file() {
  let reference: Value = serde_norway::from_str(
    &fs::read_to_string(reference_dir().join("docker-compose.yml")).unwrap(),
  )
  .unwrap();
  let built = built_compose();
  let variables = reference_variables();
  // The variables our `.env` carries: every `${NAME}` the built file uses.
  let secrets: BTreeSet<String> = serde_norway::to_string(&built)
    .unwrap()
    .split("${")
    .skip(1)
    .map(|rest| rest.split('}').next().unwrap().to_owned())
    .collect();

  // Deliberate differences, each explained in the README.
  let images = BTreeMap::from([
    ("postgresql", "pgvector/pgvector:0.8.1-pg18"),
    ("directus", "directus/directus:11.12.0"),
  ]);
  let moved_mounts = BTreeMap::from([(
    "postgresql",
    ("/var/lib/postgresql/data", "/var/lib/postgresql"),
  )]);
  let new_commands = ["postgresql", "redis", "seaweedfs"];
  let new_healthchecks = ["redis"];
  let dropped_env = BTreeMap::from([("caddy", vec!["DOMAIN", "EMAIL", "CORS_ALLOWED_ORIGINS"])]);
  let added_env = BTreeMap::from([
    ("redis", vec!["REDISCLI_AUTH"]),
    ("lowcoder-api-service", vec!["LOWCODER_NODE_SERVICE_URL"]),
    ("seaweedfs", vec!["WEED_LEVELDB2_DIR"]),
  ]);
  let changed_values = BTreeMap::from([(("directus", "CACHE_TTL"), "5m")]);

  let reference_services = reference["services"].as_mapping().unwrap();
  let built_services = built["services"].as_mapping().unwrap();
  assert_eq!(reference_services.len(), 14);
  let names = |map: &serde_norway::Mapping| map.keys().map(text).collect::<BTreeSet<_>>();
  assert_eq!(
    names(built_services),
    names(reference_services),
    "the same 14 containers"
  );
  assert_eq!(
    names(built["volumes"].as_mapping().unwrap()),
    names(reference["volumes"].as_mapping().unwrap()),
    "the same 20 volumes"
  );
  assert_eq!(built["networks"]["internal"]["internal"], Value::Bool(true));

  for (name, original) in reference_services {
    let name = text(name);
    let service = &built["services"][name.as_str()];
    let name = name.as_str();
    // Image.
    let expected = images
      .get(name)
      .map_or_else(|| text(&original["image"]), |image| (*image).to_owned());
    assert_eq!(text(&service["image"]), expected, "{name}: image");
    assert_eq!(
      text(&service["restart"]),
      text(&original["restart"]),
      "{name}: restart"
    );
    // Networks.
    let networks = |service: &Value| {
      service["networks"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(text)
        .collect::<BTreeSet<_>>()
    };
    assert_eq!(networks(service), networks(original), "{name}: networks");
    // Volumes: the same paths; Duplicati's sources by volume name, not host path.
    let mut expected_mounts = mounts(original);
    if let Some((from, to)) = moved_mounts.get(name) {
      let volume = expected_mounts.remove(*from).unwrap();
      expected_mounts.insert((*to).to_owned(), volume);
    }
    for source in expected_mounts.values_mut() {
      if let Some(rest) = source.strip_prefix("/var/lib/docker/volumes/borgstack_") {
        *source = rest.trim_end_matches("/_data").to_owned();
      }
    }
    assert_eq!(mounts(service), expected_mounts, "{name}: volumes");
    // Dependencies and their conditions.
    let conditions = |service: &Value| -> BTreeMap<String, String> {
      service["depends_on"]
        .as_mapping()
        .into_iter()
        .flatten()
        .map(|(target, how)| (text(target), text(&how["condition"])))
        .collect()
    };
    assert_eq!(
      conditions(service),
      conditions(original),
      "{name}: depends_on"
    );
    // Health checks: the same test and timings.
    if !new_healthchecks.contains(&name) {
      assert_eq!(
        service["healthcheck"]["test"], original["healthcheck"]["test"],
        "{name}: healthcheck"
      );
    }
    for timing in ["interval", "timeout", "retries", "start_period"] {
      assert_eq!(
        text(&service["healthcheck"][timing]),
        text(&original["healthcheck"][timing]),
        "{name}: healthcheck {timing}"
      );
    }
    if !new_commands.contains(&name) {
      assert_eq!(service["command"], original["command"], "{name}: command");
      assert_eq!(
        service["entrypoint"], original["entrypoint"],
        "{name}: entrypoint"
      );
    }
    if let Some(limit) = original["deploy"]["resources"]["limits"]["memory"].as_str() {
      assert_eq!(
        text(&service["deploy"]["resources"]["limits"]["memory"]),
        limit,
        "{name}: memory"
      );
    }
    // Environment: every variable, each with the value the reference gives
    // once its indirections are resolved; secrets stay `${NAME}`.
    let mut expected_env: BTreeMap<String, String> = environment(original);
    for dropped in dropped_env.get(name).into_iter().flatten() {
      expected_env.remove(*dropped);
    }
    let actual_env = environment(service);
    let mut keys: BTreeSet<&String> = expected_env.keys().collect();
    keys.extend(
      added_env
        .get(name)
        .into_iter()
        .flatten()
        .map(|k| actual_env.keys().find(|a| a == k).unwrap()),
    );
    assert_eq!(
      actual_env.keys().collect::<BTreeSet<_>>(),
      keys,
      "{name}: environment variables"
    );
    for (key, value) in &expected_env {
      let expected = match changed_values.get(&(name, key.as_str())) {
        Some(changed) => (*changed).to_owned(),
        None => resolve(value, &variables, &secrets),
      };
      assert_eq!(actual_env[key], expected, "{name}: {key}");
    }
  }
}
