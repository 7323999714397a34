//! `stackc import` of a deployment written by hand in BorgStack's style
//! (`tests/import/borgstack-style`, written for these tests): every secret
//! value it runs with survives into the first build, and everything not
//! carried over is reported with where it came from.

mod common;

use {
  common::{root, stackc_in},
  std::{collections::BTreeMap, fs, path::Path, process::Stdio},
};

/// The original values of the fixture's `.env`, by stackc's variable.
const CARRIED: &[(&str, &str)] = &[
  ("POSTGRES_PASSWORD", "pg-original-Zq8vT2xL"),
  // Defined twice: the last one, as docker compose reads it.
  ("N8N_DB_PASSWORD", "n8n-original-Pw47kd"),
  ("N8N_ENCRYPTION_KEY", "0f9e8d7c6b5a49382716abcdef012345"),
  // Passed on redis' command line by hand: carried by its name.
  ("REDIS_PASSWORD", "redis-original-Yy21"),
  // A custom service's value from `.env`: a secret of the stack.
  ("BILLING_API_TOKEN", "billing-original-T0k3n"),
];

fn copy(from: &Path, to: &Path) {
  fs::create_dir_all(to).unwrap();
  for entry in fs::read_dir(from).unwrap() {
    let entry = entry.unwrap();
    fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
  }
}

fn env_values(path: &Path) -> Vec<(String, String)> {
  fs::read_to_string(path)
    .unwrap()
    .lines()
    .filter(|line| !line.starts_with('#'))
    .filter_map(|line| line.split_once('='))
    .map(|(key, value)| (key.to_owned(), value.to_owned()))
    .collect()
}

#[test]
fn an_imported_deployment_keeps_every_secret_and_reports_the_rest() {
  let directory = tempfile::tempdir().unwrap();
  let path = directory.path();
  copy(
    &root().join("tests/import/borgstack-style"),
    &path.join("running"),
  );
  let output = stackc_in(path, ["import", "running"], &[]);
  assert_eq!(output.status, 0, "{}", output.stderr);
  let report = output.stderr;
  for expected in [
    ".env:7: N8N_DB_PASSWORD is defined more than once with different values (also line 6)",
    ".env:12: TZ is defined more than once with different values (also line 11)",
    "services.n8n.environment.N8N_BASIC_AUTH_ACTIVE: not set by the catalog",
    "services.postgresql.environment.POSTGRES_USER: not set by the catalog",
    "the bind mount ./config/caddy/Caddyfile:/etc/caddy/Caddyfile:ro is not carried over",
    "services.caddy: runs caddy:2-alpine, a tag that moves",
    "services.billing: image ghcr.io/acme/billing:2.1.0 is not in the catalog",
    ".env: UNUSED_SETTING is read by no service",
    "5 secret value(s) carried over",
  ] {
    assert!(report.contains(expected), "{expected}\n{report}");
  }
  // No secret value in the report, nor in the stack file.
  let stack = fs::read_to_string(path.join("stack.toml")).unwrap();
  for (_, value) in CARRIED {
    assert!(!report.contains(value), "{report}");
    assert!(!stack.contains(value), "{stack}");
  }
  assert!(stack.contains("[services.n8n]"), "{stack}");
  assert!(stack.contains("[services.billing]"), "{stack}");
  assert!(stack.contains("timezone = \"UTC\""), "{stack}");
  // n8n answers on automation.example.org, not the default n8n.example.org.
  assert!(
    stack.contains("[services.n8n]\nsubdomain = \"automation\"\n"),
    "{stack}"
  );

  // The imported stack is valid, and its first build keeps every value.
  let check = stackc_in(path, ["check"], &[]);
  assert_eq!(check.status, 0, "{}", check.stderr);
  let build = stackc_in(path, ["build", "--out", "deploy"], &[]);
  assert_eq!(build.status, 0, "{}", build.stderr);
  assert!(
    build.stderr.contains("rebuilt from deploy/.env"),
    "{}",
    build.stderr
  );
  let built = env_values(&path.join("deploy/.env"));
  for (variable, value) in CARRIED {
    assert!(
      built.contains(&((*variable).to_owned(), (*value).to_owned())),
      "{variable} lost: {built:?}"
    );
  }
  // And the store holds them, so a lost output folder loses nothing.
  let store = fs::read_to_string(path.join(".stackc/stack.secrets.toml")).unwrap();
  for (_, value) in CARRIED {
    assert!(store.contains(value));
  }
}

#[test]
fn import_never_replaces_a_file() {
  let directory = tempfile::tempdir().unwrap();
  let path = directory.path();
  copy(
    &root().join("tests/import/borgstack-style"),
    &path.join("running"),
  );
  fs::write(path.join("stack.toml"), "# mine\n").unwrap();
  let output = stackc_in(path, ["import", "running"], &[]);
  assert_eq!(output.status, 2);
  assert!(output.stderr.contains("exists"), "{}", output.stderr);
  assert_eq!(
    fs::read_to_string(path.join("stack.toml")).unwrap(),
    "# mine\n"
  );
  assert!(!path.join("deploy").exists());
  let missing = stackc_in(path, ["import", "nowhere"], &[]);
  assert_eq!(missing.status, 2);
}

/// After an import, `review --deployment` against the running deployment
/// lists only deliberate differences: pinned images, settings stackc adds
/// or the image no longer reads, its jobs; never a secret, by value or as
/// a change.
#[test]
fn review_against_the_original_deployment_shows_only_deliberate_differences() {
  let directory = tempfile::tempdir().unwrap();
  let path = directory.path();
  copy(
    &root().join("tests/import/borgstack-style"),
    &path.join("running"),
  );
  assert_eq!(stackc_in(path, ["import", "running"], &[]).status, 0);
  let output = stackc_in(
    path,
    ["review", "--deployment", "running", "--format", "json"],
    &[],
  );
  assert_eq!(output.status, 0, "{}", output.stderr);
  let changes: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
  let changes = changes.as_array().unwrap();
  let find = |subject: &str, detail: &str| {
    changes
      .iter()
      .any(|c| c["subject"] == subject && c["detail"].as_str().unwrap().contains(detail))
  };
  assert!(find(
    "caddy",
    "caddy:2-alpine → caddy:2.11-alpine (a moving tag pinned)"
  ));
  assert!(find("postgresql", "(a moving tag pinned)"));
  assert!(find("n8n", "N8N_BASIC_AUTH_ACTIVE unset"));
  assert!(find("postgresql-provision", "new container"));
  // The host is carried over: N8N_HOST does not change.
  assert!(!find("n8n", "N8N_HOST"), "{changes:?}");
  // Every service of the running deployment is still there.
  assert!(
    !changes.iter().any(|c| c["kind"] == "removed"),
    "{changes:?}"
  );
  assert!(
    !changes.iter().any(|c| c["danger"].is_string()),
    "{changes:?}"
  );
  // Secrets: the same meaning on both sides, so no change, and no value.
  for key in [
    "POSTGRES_PASSWORD:",
    "DB_POSTGRESDB_PASSWORD",
    "N8N_ENCRYPTION_KEY",
    "API_TOKEN",
  ] {
    assert!(
      !changes
        .iter()
        .any(|c| c["detail"].as_str().unwrap().starts_with(key)),
      "{key}: {changes:?}"
    );
  }
  for (_, value) in CARRIED {
    assert!(!output.stdout.contains(value));
  }
}

/// The original values of `tests/import/borgstack-env/.env`, by stackc's
/// variable, as docker compose v2 reads them.
const CARRIED_ENV: &[(&str, &str)] = &[
  ("POSTGRES_PASSWORD", "pg-Hx81mQv2Lw0pZr7T"),
  // Defined twice: the last one.
  ("N8N_DB_PASSWORD", "n8n-Kd93LwQ7vX2m"),
  ("N8N_ENCRYPTION_KEY", "9c1f0e5a7b3d48e6a2c4f8b0d1e3a5c7"),
  // Single-quoted: every `$` as written.
  ("REDIS_PASSWORD", "r3d$Is$$pw{x}"),
  ("EVOLUTION_DB_PASSWORD", "evo-db-Ua93kLm2Pq"),
  ("EVOLUTION_API_KEY", "evo-key-Bn4Xc8Vz1Qa7"),
  // Double-quoted `\$`: one `$`.
  ("CHATWOOT_DB_PASSWORD", "cw-db-Rt5$Wn8"),
  (
    "CHATWOOT_SECRET_KEY_BASE",
    "7f3a9c1e5b2d8f4a6c0e9b3d7f1a5c2e8b4d0f6a3c9e1b5d7f2a8c4e0b6d3f9a",
  ),
  ("DIRECTUS_DB_PASSWORD", "dx-db-Ee4Nn7Qq"),
  ("DIRECTUS_SECRET", "dx-secret-Lp0Oi9Uy8Tr7"),
  ("DIRECTUS_ADMIN_PASSWORD", "dx-admin-Mn6Bv5Cx4"),
];

/// Values of `.env` that are no secret stackc keeps, yet must not be
/// printed either: the first definition of a duplicate, a token.
const NEVER_PRINTED: &[&str] = &["n8n-old-value-Jq2", "<obtain-from-admin-ui>"];

/// stackc's `.env` as its values: a single-quoted one holds no escape here.
fn unquoted_env_values(path: &Path) -> BTreeMap<String, String> {
  env_values(path)
    .into_iter()
    .map(|(key, value)| {
      let value = match value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        Some(inner) => inner.to_owned(),
        None => value,
      };
      (key, value)
    })
    .collect()
}

#[test]
fn a_borgstack_env_with_references_imports_whole() {
  let directory = tempfile::tempdir().unwrap();
  let path = directory.path();
  let running = path.join("running");
  copy(&root().join("tests/import/borgstack-env"), &running);
  let output = stackc_in(path, ["import", "running"], &[]);
  assert_eq!(output.status, 0, "{}", output.stderr);
  let report: Vec<&str> = output
    .stderr
    .lines()
    .filter_map(|line| line.strip_prefix("note: "))
    .collect();
  let compose = "docker-compose.yml: services";
  let expected = [
    ".env:27: N8N_DB_PASSWORD is defined more than once with different values (also line 13); the last one is used, as docker compose does".to_owned(),
    ".env:48: TZ is defined more than once with different values (also line 46); the last one is used, as docker compose does".to_owned(),
    ".env:51: DUPLICATI_PASSPHRASE has no value (docker compose would take it from the environment of whoever runs it); not read".to_owned(),
    ".env:52: BACKUP_TARGET refers to BACKUP_BUCKET, which is not defined above it; read as empty (docker compose would take it from the environment of whoever runs it)".to_owned(),
    format!("{compose}.postgresql: runs pgvector/pgvector:pg18, a tag that moves; the catalog's pinned pgvector/pgvector:0.8.6-pg18 is used"),
    format!("{compose}.postgresql.environment.N8N_DB_PASSWORD: not set by the catalog, so not carried over"),
    format!("{compose}.postgresql.environment.EVOLUTION_DB_PASSWORD: not set by the catalog, so not carried over"),
    format!("{compose}.postgresql.environment.CHATWOOT_DB_PASSWORD: not set by the catalog, so not carried over"),
    format!("{compose}.postgresql.environment.DIRECTUS_DB_PASSWORD: not set by the catalog, so not carried over"),
    format!("{compose}.caddy.environment.DOMAIN: not set by the catalog, so not carried over"),
    format!("{compose}.caddy.environment.EMAIL: not set by the catalog, so not carried over"),
    format!("{compose}.caddy.volumes: the bind mount ./config/caddy/Caddyfile:/etc/caddy/Caddyfile:ro is not carried over (stackc writes its own files)"),
    format!("{compose}.evolution: runs atendai/evolution-api:v2.2.3, the catalog pins evoapicloud/evolution-api:v2.3.7; kept as `image` (the catalog's pin is the one checked against upstream)"),
    ".env: BACKUP_TARGET is read by no service, so not carried over".to_owned(),
    ".env: CHATWOOT_API_TOKEN is read by no service, so not carried over".to_owned(),
    ".env: LOG_LEVEL is read by no service, so not carried over".to_owned(),
  ];
  assert_eq!(report, expected, "{}", output.stderr);
  assert!(output.stderr.contains("(11 secret value(s) carried over)"));

  // Routing values are the stack's domain and hosts, not secrets.
  let stack = fs::read_to_string(path.join("stack.toml")).unwrap();
  for line in [
    "domain = \"example.com.br\"\n",
    "acme_email = \"admin@example.com.br\"\n",
    "timezone = \"UTC\"\n",
    "[services.n8n]\n\n",
    "[services.chatwoot]\nsubdomain = \"atendimento\"\n",
    "[services.evolution]\nimage = \"atendai/evolution-api:v2.2.3\"\n\n",
  ] {
    assert!(stack.contains(line), "{line}\n{stack}");
  }
  assert!(!stack.contains("[secrets]"), "{stack}");
  assert!(!stack.contains("host = "), "{stack}");

  let check = stackc_in(path, ["check"], &[]);
  assert_eq!(check.status, 0, "{}", check.stderr);
  let build = stackc_in(path, ["build", "--out", "deploy"], &[]);
  assert_eq!(build.status, 0, "{}", build.stderr);
  let built = unquoted_env_values(&path.join("deploy/.env"));
  for (variable, value) in CARRIED_ENV {
    assert_eq!(
      built.get(*variable).map(String::as_str),
      Some(*value),
      "{variable}"
    );
  }
  for printed in [&output, &check, &build] {
    let text = format!("{}{}", printed.stdout, printed.stderr);
    for value in CARRIED_ENV
      .iter()
      .map(|(_, value)| value)
      .chain(NEVER_PRINTED)
    {
      assert!(!text.contains(value), "{text}");
    }
  }
  let stack = fs::read_to_string(path.join("stack.toml")).unwrap();
  for value in CARRIED_ENV
    .iter()
    .map(|(_, value)| value)
    .chain(NEVER_PRINTED)
  {
    assert!(!stack.contains(value), "{stack}");
  }
  same_as_docker_compose(&running, &path.join("deploy"));
}

/// Every variable of the running deployment's containers that the built
/// one sets too has the same value, each side resolved by docker compose
/// v2 itself from its own `.env`, in an empty environment: what stackc's
/// import resolved is what compose resolves.
fn same_as_docker_compose(running: &Path, built: &Path) {
  let resolve = |directory: &Path| -> Option<serde_json::Value> {
    let output = common::compose::v2_config_command(directory)
      .env_clear()
      .env("PATH", std::env::var_os("PATH").unwrap_or_default())
      .env("HOME", directory)
      .stdin(Stdio::null())
      .output()
      .ok()?;
    assert!(
      output.status.success(),
      "{}",
      String::from_utf8_lossy(&output.stderr)
    );
    Some(serde_json::from_slice(&output.stdout).unwrap())
  };
  let theirs = resolve(running).expect("docker compose v2 is installed: run .ci/run");
  let ours = resolve(built).unwrap();
  let mut compared = 0;
  for (service, container) in theirs["services"].as_object().unwrap() {
    let Some(environment) = container["environment"].as_object() else {
      continue;
    };
    for (key, value) in environment {
      let Some(built) = ours["services"][service]["environment"].get(key) else {
        continue;
      };
      // No value in the message: they are the fixture's secrets.
      assert!(built == value, "{service}.{key} differs once built");
      compared += 1;
    }
  }
  // Every secret and every routing value of the fixture, at least.
  assert!(compared >= 20, "{compared}");
}
