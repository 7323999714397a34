//! Many stackc processes on one stack at once: `build`, `secrets rotate`,
//! `secrets adopt` and `secrets prune` take the store's lock, so no update
//! is lost and `.env` never disagrees with the store.

mod common;

use {
  common::stackc_in,
  std::{
    collections::BTreeMap,
    fs,
    io::Write,
    path::Path,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
  },
};

const STORE: &str = ".stackc/stack.secrets.toml";
const TOKENS: usize = 8;

/// A stack with postgresql, redis, n8n and `TOKENS` generated tokens.
fn stack() -> tempfile::TempDir {
  let mut body =
    String::from("[services.postgresql]\n[services.redis]\n[services.caddy]\n[services.n8n]\n");
  for token in 0..TOKENS {
    body.push_str(&format!(
      "[services.app-{token}]\nimage = \"acme/app:1.0\"\nenv = {{ TOKEN = \"{{{{ secrets.token_{token} }}}}\" }}\n[secrets.token_{token}]\ngenerate = \"alnum\"\n"
    ));
  }
  common::stack_with(&body)
}

/// The store's entries, by secret name.
fn store(directory: &Path) -> toml::Table {
  toml::from_str(&fs::read_to_string(directory.join(STORE)).unwrap()).unwrap()
}

fn values(directory: &Path) -> BTreeMap<String, String> {
  store(directory)
    .iter()
    .map(|(name, entry)| (name.clone(), entry["value"].as_str().unwrap().to_owned()))
    .collect()
}

fn deployed(directory: &Path) -> BTreeMap<String, String> {
  let text = fs::read_to_string(directory.join("out/.env")).unwrap();
  stackc::targets::shared::env_file_reader::parse(&text).unwrap()
}

fn spawn(directory: &Path, arguments: &[&str]) -> Child {
  Command::new(env!("CARGO_BIN_EXE_stackc"))
    .args(arguments)
    .current_dir(directory)
    .env("STACKC_LOCK_TIMEOUT", "120")
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap()
}

/// Starts every command at once and waits for all; each must succeed.
fn run_all(directory: &Path, commands: &[Vec<&str>]) {
  let children: Vec<(String, Child)> = commands
    .iter()
    .map(|arguments| (arguments.join(" "), spawn(directory, arguments)))
    .collect();
  for (command, child) in children {
    let output = child.wait_with_output().unwrap();
    assert!(
      output.status.success(),
      "`stackc {command}` failed: {}",
      String::from_utf8_lossy(&output.stderr)
    );
  }
}

/// Every stored value is what its generator makes.
fn assert_well_formed(directory: &Path) {
  for (name, entry) in store(directory) {
    let value = entry["value"].as_str().unwrap();
    let (alphabet, length): (&dyn Fn(char) -> bool, usize) =
      match entry["generator"].as_str().unwrap() {
        "alnum" => (&|c: char| c.is_ascii_alphanumeric(), 32),
        "password" => (&|c: char| c.is_ascii_alphanumeric() || "-_".contains(c), 32),
        "hex" => (&|c: char| c.is_ascii_hexdigit(), 64),
        other => panic!("unexpected generator {other}"),
      };
    assert!(
      value.chars().all(alphabet) && value.len() == length,
      "`{name}` is malformed"
    );
  }
}

/// `.env` holds the store's value of every variable, except a rotation not
/// yet built, where it holds the value that rotation replaced.
fn assert_env_follows_store(directory: &Path) {
  let env = deployed(directory);
  for (name, entry) in store(directory) {
    let Some(deployed) = env.get(&name.to_ascii_uppercase()) else {
      continue;
    };
    let value = entry["value"].as_str().unwrap();
    let pending = entry.get("rotated").and_then(toml::Value::as_bool) == Some(true);
    assert!(
      deployed == value || pending,
      "`{name}`: .env disagrees with the store"
    );
  }
}

#[test]
fn concurrent_rotations_and_builds_lose_no_update() {
  let directory = stack();
  assert_eq!(
    stackc_in(
      directory.path(),
      ["build", "stack.toml", "--out", "out"],
      &[]
    )
    .status,
    0
  );
  let before = values(directory.path());
  let names: Vec<String> = (0..TOKENS).map(|token| format!("token_{token}")).collect();
  let mut commands: Vec<Vec<&str>> = Vec::new();
  for (index, name) in names.iter().enumerate() {
    commands.push(vec!["secrets", "rotate", name]);
    if index % 2 == 0 {
      commands.push(vec!["build", "stack.toml", "--out", "out"]);
    } else {
      commands.push(vec!["check", "stack.toml", "--deploy", "out"]);
    }
  }
  run_all(directory.path(), &commands);
  let after = values(directory.path());
  for name in &names {
    assert_ne!(
      after[name], before[name],
      "the rotation of `{name}` was lost"
    );
  }
  for name in before.keys().filter(|name| !names.contains(name)) {
    assert_eq!(after[name], before[name], "`{name}` changed");
  }
  assert_well_formed(directory.path());
  assert_env_follows_store(directory.path());
  let output = stackc_in(
    directory.path(),
    ["build", "stack.toml", "--out", "out"],
    &[],
  );
  assert_eq!(output.status, 0, "{}", output.stderr);
  let env = deployed(directory.path());
  for (name, value) in &after {
    assert_eq!(&env[&name.to_ascii_uppercase()], value);
  }
}

#[test]
fn sixteen_mixed_commands_at_once_keep_store_and_env_in_agreement() {
  let directory = stack();
  assert_eq!(
    stackc_in(
      directory.path(),
      ["build", "stack.toml", "--out", "out"],
      &[]
    )
    .status,
    0
  );
  // A stored secret the stack no longer has, for `prune` to remove.
  let path = directory.path().join(STORE);
  let mut text = fs::read_to_string(&path).unwrap();
  text.push_str("\n[old_token]\nvalue = \"old-token-value-0123456789\"\ngenerator = \"alnum\"\n");
  fs::write(&path, text).unwrap();
  let before = values(directory.path());
  let mut commands: Vec<Vec<&str>> = Vec::new();
  for round in 0..4 {
    commands.push(vec!["build", "stack.toml", "--out", "out"]);
    commands.push(vec![
      "secrets",
      "rotate",
      ["token_0", "token_1", "redis_password", "n8n_db_password"][round],
    ]);
    commands.push(vec!["secrets", "adopt", "--all", "--out", "out"]);
    commands.push(vec!["secrets", "prune"]);
  }
  run_all(directory.path(), &commands);
  assert_well_formed(directory.path());
  assert_env_follows_store(directory.path());
  let after = values(directory.path());
  let mut expected: Vec<&String> = before.keys().filter(|name| *name != "old_token").collect();
  expected.sort();
  assert_eq!(after.keys().collect::<Vec<_>>(), expected, "nothing lost");
  // Exactly one prune removed `old_token`, into one backup.
  let backups: Vec<_> = fs::read_dir(directory.path().join(".stackc"))
    .unwrap()
    .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
    .filter(|name| name.contains(".pruned-"))
    .collect();
  assert_eq!(backups.len(), 1, "{backups:?}");
  let backup = fs::read_to_string(directory.path().join(".stackc").join(&backups[0])).unwrap();
  assert!(backup.contains("old-token-value-0123456789"));
  // No temporary file is left anywhere.
  for (path, _) in common::files(directory.path()) {
    assert!(
      !path.to_string_lossy().contains(".stackc-tmp-"),
      "{} was left behind",
      path.display()
    );
  }
  let output = stackc_in(
    directory.path(),
    ["build", "stack.toml", "--out", "out"],
    &[],
  );
  assert_eq!(output.status, 0, "{}", output.stderr);
  let env = deployed(directory.path());
  for (name, value) in values(directory.path()) {
    assert_eq!(env[&name.to_ascii_uppercase()], value, "`{name}`");
  }
}

#[test]
fn a_held_lock_is_waited_for_then_reported_by_holder() {
  let directory = stack();
  assert_eq!(
    stackc_in(
      directory.path(),
      ["build", "stack.toml", "--out", "out"],
      &[]
    )
    .status,
    0
  );
  let store = fs::read(directory.path().join(STORE)).unwrap();
  let env = fs::read(directory.path().join("out/.env")).unwrap();
  let mut lock = fs::OpenOptions::new()
    .write(true)
    .open(directory.path().join(".stackc/stack.lock"))
    .unwrap();
  lock.lock().unwrap();
  lock.set_len(0).unwrap();
  lock
    .write_all(b"pid 4242 running `stackc build`\n")
    .unwrap();
  for arguments in [
    &["build", "stack.toml", "--out", "out"][..],
    &["secrets", "rotate", "token_0"],
    &["secrets", "prune"],
    &["secrets", "adopt", "--all", "--out", "out"],
  ] {
    let started = Instant::now();
    let output = stackc_in(
      directory.path(),
      arguments,
      &[("STACKC_LOCK_TIMEOUT", "0.3")],
    );
    assert_eq!(output.status, 2, "{arguments:?}: {}", output.stderr);
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(
      output.stderr,
      "error: another stackc (pid 4242 running `stackc build`) still holds ./.stackc/stack.lock after 0.3 s; nothing was changed. Run the command again when it has finished (STACKC_LOCK_TIMEOUT sets the wait, in seconds).\n",
      "{arguments:?}"
    );
  }
  assert_eq!(fs::read(directory.path().join(STORE)).unwrap(), store);
  assert_eq!(fs::read(directory.path().join("out/.env")).unwrap(), env);
  // Within the timeout, the command waits, then runs.
  let mut child = spawn(directory.path(), &["secrets", "rotate", "token_0"]);
  std::thread::sleep(Duration::from_millis(1500));
  assert!(child.try_wait().unwrap().is_none(), "it waits for the lock");
  lock.unlock().unwrap();
  let output = child.wait_with_output().unwrap();
  assert!(output.status.success());
  let stderr = String::from_utf8_lossy(&output.stderr);
  assert!(
    stderr.contains(
      "waiting for another stackc (pid 4242 running `stackc build`) to release ./.stackc/stack.lock"
    ),
    "{stderr}"
  );
  assert_ne!(fs::read(directory.path().join(STORE)).unwrap(), store);
}
