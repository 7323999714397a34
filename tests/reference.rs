//! `stacks/borgstack.toml` against the hand-written BorgStack compose file,
//! whose facts are recorded in `tests/reference/borgstack.json`: container
//! by container, everything the reference sets must be there, with the same
//! value, except the deliberate differences listed here, each with its
//! upstream reason, and in the book's "Differences from the hand-written
//! BorgStack files" (`docs/src/differences.md`).

mod common;

use {
  common::{root, stackc_in},
  serde_norway::Value,
  std::{
    collections::{BTreeMap, BTreeSet},
    fs,
  },
};

/// Records a difference instead of stopping at the first one.
macro_rules! expect_eq {
  ($problems:expr, $actual:expr, $expected:expr, $($message:tt)+) => {
    if $actual != $expected {
      $problems.push(format!(
        "{}: {:?}, expected {:?}",
        format!($($message)+),
        $actual,
        $expected
      ));
    }
  };
}

/// The recorded facts of the reference: its containers, volumes and the
/// `.env.example` defaults of the variables they use.
fn reference() -> Value {
  serde_norway::from_str(
    &fs::read_to_string(root().join("tests/reference/borgstack.json")).unwrap(),
  )
  .unwrap()
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
fn reference_variables(reference: &Value) -> BTreeMap<String, String> {
  reference["variables"]
    .as_mapping()
    .unwrap()
    .iter()
    .map(|(key, value)| (text(key), text(value)))
    .collect()
}

#[test]
fn borgstack_reproduces_the_reference_compose_file() {
  let reference = reference();
  let built = built_compose();
  let variables = reference_variables(&reference);
  // The variables our `.env` carries: every `${NAME}` the built file uses.
  let secrets: BTreeSet<String> = serde_norway::to_string(&built)
    .unwrap()
    .split("${")
    .skip(1)
    .map(|rest| rest.split('}').next().unwrap().to_owned())
    .collect();

  // Deliberate differences, each explained in docs/src/differences.md.
  let images = BTreeMap::from([
    ("postgresql", "pgvector/pgvector:0.8.1-pg18"),
    ("directus", "directus/directus:11.13.0"),
    ("n8n", "n8nio/n8n:1.113.3"),
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

  // Containers and volumes the reference lacks or has, each for a reason
  // given in docs/src/differences.md: database provisioning on every `up` (initdb
  // scripts run only on an empty data directory), and backups as dumps.
  let added_containers = [
    "chatwoot-sidekiq",
    "postgresql-provision",
    "postgresql-backup",
    "mongodb-provision",
    "mongodb-backup",
  ];
  let added_volumes = ["postgresql_dumps", "mongodb_dumps"];
  let removed_volumes = ["chatwoot_public", "lowcoder_stacks"];

  let reference_services = reference["services"].as_mapping().unwrap();
  let built_services = built["services"].as_mapping().unwrap();
  assert_eq!(reference_services.len(), 14);
  let mut expected: BTreeSet<String> = reference_services.keys().map(text).collect();
  expected.extend(added_containers.map(String::from));
  assert_eq!(
    built_services.keys().map(text).collect::<BTreeSet<_>>(),
    expected,
    "the reference's 14 containers and the added ones"
  );
  let mut expected: BTreeSet<String> = reference["volumes"]
    .as_sequence()
    .unwrap()
    .iter()
    .map(text)
    .filter(|volume| !removed_volumes.contains(&volume.as_str()))
    .collect();
  assert_eq!(expected.len() + removed_volumes.len(), 20);
  expected.extend(added_volumes.map(String::from));
  assert_eq!(
    built["volumes"]
      .as_mapping()
      .unwrap()
      .keys()
      .map(text)
      .collect::<BTreeSet<_>>(),
    expected,
    "the reference's 20 volumes, less the removed, and the added ones"
  );
  assert_eq!(reference["internal_network"], Value::Bool(true));
  assert_eq!(built["networks"]["internal"]["internal"], Value::Bool(true));

  let mut problems: Vec<String> = Vec::new();
  for (name, original) in reference_services {
    let name = text(name);
    let service = &built["services"][name.as_str()];
    let name = name.as_str();
    // Image.
    let expected = images
      .get(name)
      .map_or_else(|| text(&original["image"]), |image| (*image).to_owned());
    expect_eq!(problems, text(&service["image"]), expected, "{name}: image");
    expect_eq!(
      problems,
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
    expect_eq!(
      problems,
      networks(service),
      networks(original),
      "{name}: networks"
    );
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
    expect_eq!(
      problems,
      mounts(service),
      expected_mounts,
      "{name}: volumes"
    );
    // Dependencies and their conditions.
    // Waiting for a provisioning job is new everywhere a database is used.
    let conditions = |service: &Value| -> BTreeMap<String, String> {
      service["depends_on"]
        .as_mapping()
        .into_iter()
        .flatten()
        .filter(|(target, _)| !text(target).ends_with("-provision"))
        .map(|(target, how)| (text(target), text(&how["condition"])))
        .collect()
    };
    expect_eq!(
      problems,
      conditions(service),
      conditions(original),
      "{name}: depends_on"
    );
    // Health checks: the same test and timings.
    if !new_healthchecks.contains(&name) {
      expect_eq!(
        problems,
        service["healthcheck"]["test"],
        original["healthcheck"]["test"],
        "{name}: healthcheck"
      );
    }
    for timing in ["interval", "timeout", "retries", "start_period"] {
      expect_eq!(
        problems,
        text(&service["healthcheck"][timing]),
        text(&original["healthcheck"][timing]),
        "{name}: healthcheck {timing}"
      );
    }
    if !new_commands.contains(&name) {
      expect_eq!(
        problems,
        service["command"],
        original["command"],
        "{name}: command"
      );
      expect_eq!(
        problems,
        service["entrypoint"],
        original["entrypoint"],
        "{name}: entrypoint"
      );
    }
    if let Some(limit) = original["memory"].as_str() {
      expect_eq!(
        problems,
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
        .filter_map(|k| actual_env.keys().find(|a| a == k)),
    );
    expect_eq!(
      problems,
      actual_env.keys().collect::<BTreeSet<_>>(),
      keys,
      "{name}: environment variables"
    );
    for (key, value) in &expected_env {
      let expected = match changed_values.get(&(name, key.as_str())) {
        Some(changed) => (*changed).to_owned(),
        None => resolve(value, &variables, &secrets),
      };
      let actual = actual_env.get(key).cloned().unwrap_or_default();
      expect_eq!(problems, actual, expected, "{name}: {key}");
    }
  }
  // What differs on purpose, by container and aspect, each for its
  // upstream reason (docs/src/differences.md's table says the same).
  let deliberate: &[(&str, &str, &str)] = &[
    (
      "postgresql",
      "image",
      "pgvector 0.8.6 fixes parallel HNSW build overflow and vacuum corruption (pgvector CHANGELOG.md)",
    ),
    (
      "postgresql",
      "healthcheck",
      "over TCP: the init server listens only on its socket (docker-entrypoint.sh)",
    ),
    (
      "postgresql",
      "environment",
      "owner passwords go to the postgresql-provision job, not the server",
    ),
    (
      "mongodb",
      "healthcheck",
      "through the container's address: the init mongod binds 127.0.0.1 only (docker-entrypoint.sh)",
    ),
    (
      "mongodb",
      "environment",
      "the owner password goes to the mongodb-provision job",
    ),
    (
      "redis",
      "healthcheck",
      "start period for loading a large AOF",
    ),
    (
      "chatwoot",
      "volumes",
      "/app/public is dropped: a named volume kept the previous image's compiled assets",
    ),
    (
      "chatwoot",
      "healthcheck",
      "BusyBox wget flags (no curl in the image)",
    ),
    (
      "chatwoot",
      "command",
      "exec puma so it receives SIGTERM; statement timeout for migrations, as upstream's installers",
    ),
    (
      "chatwoot",
      "environment",
      "INSTALLATION_NAME is not read by the CE image; REDIS_PASSWORD as upstream passes it",
    ),
    (
      "directus",
      "healthcheck",
      "BusyBox wget flags and upstream's timings",
    ),
    (
      "directus",
      "environment",
      "KEY was removed in Directus 11 (#22320); CACHE_AUTO_PURGE avoids stale reads",
    ),
    (
      "seaweedfs",
      "healthcheck",
      "the S3 gateway's /healthz on 127.0.0.1, which answers once -ip.bind is set",
    ),
    (
      "seaweedfs",
      "environment",
      "weed reads WEED_* only for config-file keys (weed/util/config.go): the settings are flags now",
    ),
    (
      "duplicati",
      "image",
      "2.1.1.102 is a canary; 2.2.0.3 is the stable line it became",
    ),
    (
      "duplicati",
      "volumes",
      "the official image keeps its settings in /data; database dumps replace live data folders",
    ),
    (
      "duplicati",
      "healthcheck",
      "asks /health instead of only opening the port",
    ),
    (
      "duplicati",
      "environment",
      "SETTINGS_ENCRYPTION_KEY is the variable read; allowed host names; PUID/PGID are linuxserver.io's",
    ),
    (
      "lowcoder-api-service",
      "networks",
      "REST and database data sources are reached from the api-service; an internal-only network reaches nothing",
    ),
    (
      "lowcoder-api-service",
      "volumes",
      "nothing reads /lowcoder-stacks: every Lowcoder datum is in MongoDB",
    ),
    (
      "lowcoder-api-service",
      "environment",
      "LOWCODER_PUBLIC_URL for links; an API key secret instead of the public default; a super-admin of its own; CORS limited to the app's URL",
    ),
    (
      "lowcoder-node-service",
      "networks",
      "JavaScript plugins and npm downloads run in the node-service",
    ),
    (
      "lowcoder-node-service",
      "environment",
      "the node-service secret and salt must match the api-service's",
    ),
    (
      "caddy",
      "image",
      "the 2.10 line left caddy-docker's stackbrew-config.yaml (no more rebuilds); 2.11 is the current minor",
    ),
    (
      "caddy",
      "healthcheck",
      "`caddy version` only proves the binary exists; the admin API answers once the config loaded (admin.go)",
    ),
    (
      "n8n",
      "depends_on",
      "regular execution mode never opens a Redis connection (packages/cli/src/services/cache/cache.service.ts)",
    ),
    (
      "n8n",
      "environment",
      "N8N_BASIC_AUTH_* were removed in n8n 1.0; QUEUE_BULL_* do nothing without queue mode; /metrics was public; N8N_PROXY_HOPS, N8N_EDITOR_BASE_URL, N8N_SECURE_COOKIE and the deprecation settings added",
    ),
    (
      "evolution",
      "image",
      "atendai/evolution-api stops at v2.2.3; the publisher moved to evoapicloud/evolution-api (publish_docker_image.yml)",
    ),
    (
      "evolution",
      "healthcheck",
      "`/` fetches web.whatsapp.com on every probe (index.router.ts); /manager/ is static",
    ),
    (
      "evolution",
      "environment",
      "DATABASE_URL and DATABASE_ENABLED are not read (env.config.ts), and the URL was echoed to logs; webhooks to exactly n8n's URL, only messages; telemetry off",
    ),
    (
      "fileflows",
      "healthcheck",
      "the FFmpeg DockerMod installs at every start",
    ),
    (
      "fileflows",
      "depends_on",
      "inverted: FileFlows reaches nothing through Caddy at start (WebServerApp.cs); the proxy needs its backends",
    ),
    (
      "fileflows",
      "environment",
      "BaseUrl, TempPath and LogLevel are not read in server mode; PUID/PGID left /output unwritable",
    ),
  ];
  let aspect = |problem: &str| -> (String, &'static str) {
    let mut parts = problem.splitn(3, ": ");
    let container = parts.next().unwrap_or_default().to_owned();
    let what = parts.next().unwrap_or_default();
    let aspect = match what.split(' ').next().unwrap_or_default() {
      "image" => "image",
      "healthcheck" => "healthcheck",
      "volumes" => "volumes",
      "depends_on" => "depends_on",
      "command" | "entrypoint" => "command",
      "restart" => "restart",
      "networks" => "networks",
      "memory" => "memory",
      _ => "environment",
    };
    (container, aspect)
  };
  let mut used = BTreeSet::new();
  problems.retain(|problem| {
    let (container, aspect) = aspect(problem);
    match deliberate
      .iter()
      .position(|(c, a, _)| *c == container && *a == aspect)
    {
      Some(index) => {
        used.insert(index);
        false
      }
      None => true,
    }
  });
  assert!(problems.is_empty(), "{problems:#?}");
  for (index, (container, aspect, _)) in deliberate.iter().enumerate() {
    assert!(
      used.contains(&index),
      "{container} {aspect} is listed as a deliberate difference but matches the reference"
    );
  }
}
