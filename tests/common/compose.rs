//! docker compose v2, for tests that check stackc against it.

use std::{collections::BTreeMap, fs, path::Path, process::Command};

/// `docker compose` (the v2 CLI plugin).
pub fn compose_v2() -> Command {
  let mut command = Command::new("docker");
  command.arg("compose");
  command
}

/// The values Compose v2 reads from the `.env` file `env` for `keys`: a
/// scratch compose file interpolates each into a service's environment,
/// and `config --format json` prints them (each `$` as `$$`).
pub fn v2_reads(env: &Path, keys: &[String]) -> BTreeMap<String, String> {
  let scratch = tempfile::tempdir().unwrap();
  let mut file = String::from("services:\n  probe:\n    image: busybox\n    environment:\n");
  for key in keys {
    file.push_str(&format!("      {key}: \"${{{key}}}\"\n"));
  }
  fs::write(scratch.path().join("compose.yml"), file).unwrap();
  let output = compose_v2()
    .current_dir(scratch.path())
    .arg("--env-file")
    .arg(env)
    .args(["-f", "compose.yml", "config", "--format", "json"])
    .env_clear()
    .env("PATH", std::env::var_os("PATH").unwrap_or_default())
    .output()
    .expect("docker runs");
  assert!(
    output.status.success(),
    "docker compose (v2) is installed (.ci/run) and reads {}: {}",
    env.display(),
    String::from_utf8_lossy(&output.stderr)
  );
  let config: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
  config["services"]["probe"]["environment"]
    .as_object()
    .unwrap()
    .iter()
    .map(|(key, value)| (key.clone(), value.as_str().unwrap().replace("$$", "$")))
    .collect()
}

/// `docker compose config --format json` in `out`, reading its `.env` and
/// `docker-compose.yml`: for a test that sets its own environment.
pub fn v2_config_command(out: &Path) -> Command {
  let mut command = compose_v2();
  command.current_dir(out).args([
    "--env-file",
    ".env",
    "-f",
    "docker-compose.yml",
    "config",
    "--format",
    "json",
  ]);
  command
}

/// `docker compose config` of the deployment in `out` (its `.env` and
/// `docker-compose.yml`), as the value a YAML reader gives. Read as JSON:
/// Go leaves U+FEFF raw in its JSON, which a YAML reader refuses.
pub fn v2_config(out: &Path) -> serde_norway::Value {
  let config: serde_json::Value = serde_json::from_str(&super::built::run(v2_config_command(out)))
    .expect("docker compose prints JSON");
  serde_norway::to_value(config).unwrap()
}
