//! `stackc import` of a deployment written by hand in BorgStack's style
//! (`tests/import/borgstack-style`, written for these tests): every secret
//! value it runs with survives into the first build, and everything not
//! carried over is reported with where it came from.

mod common;

use {
  common::{root, stackc_in},
  std::{fs, path::Path},
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
