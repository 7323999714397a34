//! Secrets: generated once, never lost, never leaked, rotated only on purpose.

mod common;

use {
  common::{root, scratch, stackc_in, stacks},
  std::{collections::BTreeMap, fs, path::Path, process::Command, time::Duration},
};

const STORE: &str = ".stackc/stack.secrets.toml";

fn stackc(directory: &Path, arguments: &[&str]) -> common::Output {
  stackc_in(directory, arguments, &[])
}

fn build(directory: &Path) -> common::Output {
  let output = stackc(directory, &["build", "stack.toml", "--out", "out"]);
  assert_eq!(output.status, 0, "{}", output.stderr);
  output
}

/// The store's values, by secret name.
fn stored(directory: &Path) -> BTreeMap<String, String> {
  let text = fs::read_to_string(directory.join(STORE)).unwrap();
  let table: toml::Table = toml::from_str(&text).unwrap();
  table
    .iter()
    .map(|(name, entry)| (name.clone(), entry["value"].as_str().unwrap().to_owned()))
    .collect()
}

#[test]
fn two_builds_give_identical_secrets_and_a_removed_secret_stays_stored() {
  let directory = scratch("minimal.toml");
  build(directory.path());
  let first = (
    stored(directory.path()),
    fs::read(directory.path().join("out/.env")).unwrap(),
  );
  build(directory.path());
  let second = (
    stored(directory.path()),
    fs::read(directory.path().join("out/.env")).unwrap(),
  );
  assert_eq!(first, second, "a second build changes no secret");
  assert_eq!(first.0.len(), 3);
  // Another profile or output directory reuses the same values.
  let output = stackc(
    directory.path(),
    &["build", "stack.toml", "--out", "elsewhere"],
  );
  assert_eq!(output.status, 0);
  assert_eq!(
    fs::read(directory.path().join("elsewhere/.env")).unwrap(),
    first.1
  );
  // Remove n8n, the last user of its two secrets: they stay in the store.
  let stack = directory.path().join("stack.toml");
  let text = fs::read_to_string(&stack).unwrap();
  fs::write(&stack, &text[..text.find("[services.n8n]").unwrap()]).unwrap();
  build(directory.path());
  assert_eq!(
    stored(directory.path()),
    first.0,
    "nothing is dropped until `secrets prune`"
  );
  let env = fs::read_to_string(directory.path().join("out/.env")).unwrap();
  assert!(
    !env.contains("N8N_ENCRYPTION_KEY"),
    ".env holds only what the compose file uses"
  );
}

#[test]
fn a_changed_generator_setting_is_reported_not_applied() {
  let directory = scratch("minimal.toml");
  build(directory.path());
  let before = stored(directory.path());
  let stack = directory.path().join("stack.toml");
  let text = fs::read_to_string(&stack).unwrap();
  fs::write(
    &stack,
    format!("{text}\n[secrets]\nn8n_db_password = {{ generate = \"alnum\", length = 48 }}\n"),
  )
  .unwrap();
  let output = build(directory.path());
  assert!(
    output.stderr.contains("warning: secret `n8n_db_password` was generated as password of 32 characters; the stack now asks for alnum of 48 characters. The stored value is kept"),
    "{}",
    output.stderr
  );
  assert_eq!(stored(directory.path()), before);
}

#[test]
fn an_unreadable_store_is_an_error_that_changes_nothing() {
  let directory = scratch("minimal.toml");
  build(directory.path());
  let store = directory.path().join(STORE);
  let mut text = fs::read_to_string(&store).unwrap();
  text.push_str("\n[broken\n");
  fs::write(&store, &text).unwrap();
  let env = fs::read(directory.path().join("out/.env")).unwrap();
  let output = stackc(directory.path(), &["build", "stack.toml", "--out", "out"]);
  assert_eq!(output.status, 1);
  let lines = text.lines().count();
  assert!(
    output.stderr.starts_with(&format!(
      "error: secrets store ./.stackc/stack.secrets.toml:{lines}:"
    )),
    "{}",
    output.stderr
  );
  assert!(output.stderr.contains("nothing was changed"));
  assert_eq!(fs::read_to_string(&store).unwrap(), text);
  assert_eq!(fs::read(directory.path().join("out/.env")).unwrap(), env);
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_store_whole() {
  let directory = tempfile::tempdir().unwrap();
  let stack = directory.path().join("stack.toml");
  let mut text = format!(
    "{}[services.postgresql]\n[services.redis]\n[services.caddy]\n[services.n8n]\n",
    common::HEADER
  );
  let mut previous: BTreeMap<String, String> = BTreeMap::new();
  let mut killed = 0;
  for round in 0..60 {
    // Each round declares a new secret, so that each build rewrites the store.
    text.push_str(&format!(
      "[services.app-{round}]\nimage = \"acme/app:1.0\"\nenv = {{ TOKEN = \"{{{{ secrets.token_{round} }}}}\" }}\n[secrets.token_{round}]\ngenerate = \"alnum\"\n"
    ));
    fs::write(&stack, &text).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_stackc"))
      .args(["build", "stack.toml", "--out", "out"])
      .current_dir(directory.path())
      .stderr(std::process::Stdio::null())
      .spawn()
      .unwrap();
    // Kill it after 0 to ~12 ms: before, during and after the store write.
    std::thread::sleep(Duration::from_micros((round * 211 % 12_000) as u64));
    if child.kill().is_ok() {
      killed += 1;
    }
    let _ = child.wait();
    let path = directory.path().join(STORE);
    if !path.exists() {
      assert!(previous.is_empty(), "round {round}: the store vanished");
      continue;
    }
    let now = stored(directory.path());
    for (name, value) in &previous {
      assert_eq!(
        now.get(name),
        Some(value),
        "round {round}: `{name}` was lost or changed"
      );
    }
    // A kill between creating a temporary file and renaming it leaves it
    // behind: the next build removes it (checked at the end).
    previous = now;
  }
  assert!(killed > 10, "the builds were killed only {killed} times");
  // Whatever was interrupted, the next build completes the store, and
  // removes the temporary files a kill left.
  build(directory.path());
  assert!(stored(directory.path()).len() >= 63);
  for (path, _) in common::files(directory.path()) {
    assert!(
      !path.to_string_lossy().contains(".stackc-tmp-"),
      "{} was left behind",
      path.display()
    );
  }
}

#[test]
fn rotating_a_set_once_secret_needs_force_and_says_what_breaks() {
  let directory = scratch("minimal.toml");
  build(directory.path());
  let before = stored(directory.path());
  let output = stackc(
    directory.path(),
    &["secrets", "rotate", "n8n_encryption_key"],
  );
  assert_eq!(output.status, 1);
  assert!(
    output.stderr.contains("`n8n_encryption_key` is set once"),
    "{}",
    output.stderr
  );
  assert!(
    output
      .stderr
      .contains("a new key makes every saved credential unreadable")
  );
  assert!(output.stderr.contains("--force"));
  assert_eq!(stored(directory.path()), before, "refused: nothing changed");
  let output = stackc(
    directory.path(),
    &["secrets", "rotate", "n8n_encryption_key", "--force"],
  );
  assert_eq!(output.status, 0, "{}", output.stderr);
  let after = stored(directory.path());
  assert_ne!(after["n8n_encryption_key"], before["n8n_encryption_key"]);
  assert_eq!(
    after["n8n_db_password"], before["n8n_db_password"],
    "only the named secret changes"
  );
  for value in before.values().chain(after.values()) {
    assert!(!output.stdout.contains(value.as_str()) && !output.stderr.contains(value.as_str()));
  }
}

#[test]
fn rotating_a_database_password_says_the_provisioning_job_applies_it() {
  let directory = scratch("minimal.toml");
  build(directory.path());
  let before = stored(directory.path());
  let output = stackc(directory.path(), &["secrets", "rotate", "n8n_db_password"]);
  assert_eq!(output.status, 0, "{}", output.stderr);
  assert_ne!(
    stored(directory.path())["n8n_db_password"],
    before["n8n_db_password"]
  );
  // tests/databases.rs runs that job against a real server.
  assert!(
    output.stdout.contains(
      "The postgresql-provision job finds that n8n_user cannot log in with the stored password and sets the new one"
    ),
    "{}",
    output.stdout
  );
  assert!(output.stdout.contains("docker compose up -d\n"));
  assert!(output.stdout.contains(": n8n."));
  let output = stackc(directory.path(), &["secrets", "rotate", "no_such_secret"]);
  assert_eq!(output.status, 1);
}

#[test]
fn list_names_every_secret_and_no_value() {
  let directory = scratch("borgstack.toml");
  build(directory.path());
  let output = stackc(directory.path(), &["secrets", "list"]);
  assert_eq!(output.status, 0, "{}", output.stderr);
  let lines: Vec<&str> = output.stdout.lines().collect();
  assert!(lines[0].starts_with("NAME"));
  assert_eq!(lines.len(), 1 + stored(directory.path()).len());
  let row: Vec<&str> = lines
    .iter()
    .find(|line| line.starts_with("n8n_encryption_key "))
    .unwrap()
    .split_whitespace()
    .collect();
  assert_eq!(
    &row[..5],
    [
      "n8n_encryption_key",
      "N8N_ENCRYPTION_KEY",
      "generated",
      "(hex,",
      "64)"
    ]
  );
  assert_eq!(
    &row[5..],
    ["yes", "yes", "n8n"],
    "set once, stored, used by n8n"
  );
  for value in stored(directory.path()).values() {
    assert!(!output.stdout.contains(value.as_str()));
  }
}

#[test]
fn prune_removes_only_what_the_stack_no_longer_has() {
  let directory = scratch("minimal.toml");
  let stack = directory.path().join("stack.toml");
  let text = fs::read_to_string(&stack).unwrap();
  fs::write(
    &stack,
    format!("{text}[secrets.token]\ngenerate = \"alnum\"\n[services.api]\nimage = \"acme/api:1.0\"\nenv = {{ T = \"{{{{ secrets.token }}}}\" }}\n"),
  )
  .unwrap();
  build(directory.path());
  let before = stored(directory.path());
  fs::write(&stack, &text).unwrap();
  let output = stackc(directory.path(), &["secrets", "prune"]);
  assert_eq!(output.status, 0, "{}", output.stderr);
  let (pruned, backup) = output.stdout.split_once("backup: ").unwrap();
  assert_eq!(pruned, "pruned token\n");
  let backup = directory.path().join(backup.trim_end());
  let mut expected = before.clone();
  let token = expected.remove("token").unwrap();
  assert_eq!(stored(directory.path()), expected);
  let kept: toml::Table = toml::from_str(&fs::read_to_string(&backup).unwrap()).unwrap();
  assert_eq!(kept["token"]["value"].as_str(), Some(token.as_str()));
  assert!(!output.stdout.contains(&token));
  let output = stackc(directory.path(), &["secrets", "prune"]);
  assert_eq!(
    (output.status, output.stdout.as_str()),
    (
      0,
      "Nothing to prune: every stored secret is in the stack.\n"
    )
  );
}

#[test]
fn check_deploy_lists_every_missing_secret() {
  let directory = scratch("minimal.toml");
  let stack = directory.path().join("stack.toml");
  let text = fs::read_to_string(&stack).unwrap();
  fs::write(
    &stack,
    format!("{text}\n[secrets]\napi_token = {{ from_env = \"API_TOKEN\" }}\nchat_token = {{ manual = \"Chat > Settings > Token\" }}\n[services.api]\nimage = \"acme/api:1.0\"\nenv = {{ A = \"{{{{ secrets.api_token }}}}\", B = \"{{{{ secrets.chat_token }}}}\" }}\n"),
  )
  .unwrap();
  // The deployment folder exists, not yet built (a missing one exits 2).
  fs::create_dir(directory.path().join("out")).unwrap();
  let output = stackc(
    directory.path(),
    &["check", "stack.toml", "--deploy", "out"],
  );
  assert_eq!(output.status, 1);
  assert!(
    output
      .stderr
      .contains("  API_TOKEN: set $API_TOKEN when running `stackc build`"),
    "{}",
    output.stderr
  );
  assert!(
    output
      .stderr
      .contains("  CHAT_TOKEN: Chat > Settings > Token; write it into out/.env")
  );
  assert!(
    output
      .stderr
      .contains("  N8N_DB_PASSWORD: generated by `stackc build`, which has not run yet")
  );
  let output = stackc_in(
    directory.path(),
    ["build", "stack.toml", "--out", "out"],
    &[("API_TOKEN", "from-the-environment")],
  );
  assert_eq!(output.status, 0);
  let env = directory.path().join("out/.env");
  let filled = fs::read_to_string(&env)
    .unwrap()
    .replace("\nCHAT_TOKEN=\n", "\nCHAT_TOKEN=filled-in\n");
  fs::write(&env, filled).unwrap();
  let output = stackc(
    directory.path(),
    &["check", "stack.toml", "--deploy", "out"],
  );
  assert_eq!(output.status, 0, "{}", output.stderr);
  // The checklist names both.
  let checklist = fs::read_to_string(directory.path().join("out/CHECKLIST.md")).unwrap();
  assert!(checklist.contains("`API_TOKEN`: set the environment variable `API_TOKEN`"));
  assert!(checklist.contains("`CHAT_TOKEN`: Chat > Settings > Token"));
}

#[test]
fn no_secret_value_leaks_anywhere() {
  let mut outputs = String::new();
  let mut values = Vec::new();
  let mut committed = Vec::new();
  let mut scratches = Vec::new();
  for stack in stacks() {
    let name = stack.trim_start_matches("stacks/");
    let directory = scratch(name);
    let mut run = |arguments: &[&str]| {
      let output = stackc(directory.path(), arguments);
      outputs.push_str(&output.stdout);
      outputs.push_str(&output.stderr);
    };
    run(&["build", "stack.toml", "--out", "out"]);
    if name == "borgstack.toml" {
      run(&[
        "build",
        "stack.toml",
        "--out",
        "out",
        "--profile",
        "development",
      ]);
    }
    for format in ["human", "json", "sarif", "github"] {
      run(&["check", "stack.toml", "--format", format, "--deploy", "out"]);
      run(&[
        "build",
        "stack.toml",
        "--out",
        "out",
        "--check",
        "--format",
        format,
      ]);
    }
    run(&["diff", "stack.toml", "--out", "elsewhere"]);
    run(&["graph", "stack.toml"]);
    run(&["secrets", "list"]);
    values.extend(stored(directory.path()).into_values());
    committed.extend(
      common::files(&directory.path().join("out"))
        .into_iter()
        .filter(|(path, _)| path.file_name().is_some_and(|name| name != ".env")),
    );
    scratches.push(directory);
  }
  assert!(values.len() > 20, "the stacks generate their secrets");
  // Diagnostics of a stack with problems, in every format, too.
  for format in ["human", "json", "sarif", "github"] {
    let output = stackc(
      &root(),
      &[
        "check",
        "tests/corpus/multi-three-unrelated-mistakes.toml",
        "--format",
        format,
      ],
    );
    outputs.push_str(&output.stdout);
    outputs.push_str(&output.stderr);
  }
  let repository = common::files(&root());
  for value in &values {
    assert!(
      !outputs.contains(value.as_str()),
      "a secret value reached stdout or stderr"
    );
    for (path, bytes) in committed.iter().chain(&repository) {
      let text = String::from_utf8_lossy(bytes);
      assert!(
        !text.contains(value.as_str()),
        "a secret value is in {}",
        path.display()
      );
    }
  }
}

#[test]
fn operator_values_reach_the_container_unchanged() {
  let hostile = "q'uo\"te $HOME #hash  spaces \\back\\slash\nnew line";
  let directory = common::stack_with(
    "[secrets]\ntoken = { from_env = \"TOKEN_INPUT\" }\n[services.api]\nimage = \"acme/api:1.0\"\nenv = { TOKEN = \"{{ secrets.token }}\" }\n",
  );
  let output = stackc_in(
    directory.path(),
    ["build", "stack.toml", "--out", "out"],
    &[("TOKEN_INPUT", hostile)],
  );
  assert_eq!(output.status, 0, "{}", output.stderr);
  assert!(!output.stderr.contains("HOME #hash"));
  // Compose v1, then v2 (whose JSON YAML reads too), as operators run them.
  let v2 = common::compose::v2_config_command(&directory.path().join("out"));
  let mut v1 = Command::new("docker-compose");
  v1.args(["--env-file", ".env", "-f", "docker-compose.yml", "config"]);
  for mut command in [v1, v2] {
    let config = command
      .current_dir(directory.path().join("out"))
      .output()
      .expect("docker-compose and docker compose are installed: run .ci/run");
    assert!(
      config.status.success(),
      "{}",
      String::from_utf8_lossy(&config.stderr)
    );
    let config: serde_norway::Value = serde_norway::from_slice(&config.stdout).unwrap();
    let value = config["services"]["api"]["environment"]["TOKEN"]
      .as_str()
      .unwrap()
      .replace("$$", "$");
    assert_eq!(value, hostile, "{command:?}");
  }
  // A rebuild without the variable keeps the value .env holds.
  let output = stackc(directory.path(), &["build", "stack.toml", "--out", "out"]);
  assert_eq!(output.status, 0);
  let env = fs::read_to_string(directory.path().join("out/.env")).unwrap();
  assert!(
    env.contains("TOKEN='q\\'uo\"te $HOME #hash  spaces \\back\\slash\nnew line'"),
    "{env}"
  );
}
