//! The deployed `.env` is a source of truth: a build never replaces a value
//! it holds. A lost store is rebuilt from it, a value edited by hand stops
//! the build until `secrets adopt` or `secrets rotate` settles it, and
//! variables stackc does not manage are kept.

mod common;

use {
  common::{scratch_with, stackc_in},
  std::{collections::BTreeMap, fs, path::Path},
};

/// minimal.toml with the shared Redis, whose password is an ordinary
/// (not set-once) generated secret that several services use.
const WITH_REDIS: &str = "[services.redis]\n";

const STORE: &str = ".stackc/stack.secrets.toml";

fn stackc(directory: &Path, arguments: &[&str]) -> common::Output {
  stackc_in(directory, arguments, &[])
}

fn build(directory: &Path) -> common::Output {
  stackc(directory, &["build", "stack.toml", "--out", "out"])
}

/// The store's values, by variable.
fn stored(directory: &Path) -> BTreeMap<String, String> {
  let text = fs::read_to_string(directory.join(STORE)).unwrap();
  let table: toml::Table = toml::from_str(&text).unwrap();
  table
    .iter()
    .map(|(name, entry)| {
      (
        name.to_ascii_uppercase(),
        entry["value"].as_str().unwrap().to_owned(),
      )
    })
    .collect()
}

/// The `.env` values, by variable.
fn deployed(directory: &Path) -> BTreeMap<String, String> {
  let text = fs::read_to_string(directory.join("out/.env")).unwrap();
  stackc::targets::shared::env_file_reader::parse(&text).unwrap()
}

fn set_in_env(directory: &Path, variable: &str, value: &str) {
  let path = directory.join("out/.env");
  let text = fs::read_to_string(&path).unwrap();
  let line = format!("\n{variable}={}\n", deployed(directory)[variable]);
  assert!(text.contains(&line), "{text}");
  fs::write(
    &path,
    text.replace(&line, &format!("\n{variable}={value}\n")),
  )
  .unwrap();
}

/// No value of `values` appears in the command's output.
fn assert_no_value(output: &common::Output, values: &BTreeMap<String, String>) {
  for value in values.values().filter(|value| value.len() >= 8) {
    assert!(
      !output.stdout.contains(value.as_str()) && !output.stderr.contains(value.as_str()),
      "a secret value was printed"
    );
  }
}

#[test]
fn a_lost_or_empty_store_is_rebuilt_from_env_and_says_so() {
  let directory = scratch_with("minimal.toml", WITH_REDIS);
  assert_eq!(build(directory.path()).status, 0);
  let env = fs::read(directory.path().join("out/.env")).unwrap();
  let values = stored(directory.path());
  assert_eq!(values, deployed(directory.path()));
  for damage in ["lost", "empty"] {
    match damage {
      "lost" => fs::remove_dir_all(directory.path().join(".stackc")).unwrap(),
      _ => fs::write(directory.path().join(STORE), "").unwrap(),
    }
    let output = build(directory.path());
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert!(
      output.stderr.contains("lacked N8N_DB_PASSWORD, N8N_ENCRYPTION_KEY, POSTGRES_PASSWORD, REDIS_PASSWORD; rebuilt from out/.env"),
      "{damage}: {}",
      output.stderr
    );
    assert_no_value(&output, &values);
    assert_eq!(
      fs::read(directory.path().join("out/.env")).unwrap(),
      env,
      "{damage}: .env is unchanged"
    );
    assert_eq!(
      stored(directory.path()),
      values,
      "{damage}: the store is whole again"
    );
  }
}

#[test]
fn a_store_from_another_machine_stops_the_build_until_adopted() {
  let directory = scratch_with("minimal.toml", WITH_REDIS);
  assert_eq!(build(directory.path()).status, 0);
  let other = scratch_with("minimal.toml", WITH_REDIS);
  assert_eq!(build(other.path()).status, 0);
  fs::copy(other.path().join(STORE), directory.path().join(STORE)).unwrap();
  let env = fs::read(directory.path().join("out/.env")).unwrap();
  let store = fs::read(directory.path().join(STORE)).unwrap();
  let output = build(directory.path());
  assert_eq!(output.status, 1, "{}", output.stderr);
  for variable in deployed(directory.path()).keys() {
    assert!(
      output.stderr.contains(&format!("  {variable} (secret `")),
      "{variable} is named: {}",
      output.stderr
    );
  }
  assert!(
    output
      .stderr
      .contains("`stackc secrets adopt NAME stack.toml --out out` (or `--all` for every one)")
  );
  assert!(
    output
      .stderr
      .contains("`stackc secrets rotate NAME stack.toml`")
  );
  assert_no_value(&output, &stored(directory.path()));
  assert_no_value(&output, &deployed(directory.path()));
  assert_eq!(fs::read(directory.path().join("out/.env")).unwrap(), env);
  assert_eq!(fs::read(directory.path().join(STORE)).unwrap(), store);
  // `build --check` and `check --deploy` report every one, too.
  for arguments in [
    &["build", "stack.toml", "--out", "out", "--check"][..],
    &["check", "stack.toml", "--deploy", "out"],
  ] {
    let output = stackc(directory.path(), arguments);
    assert_eq!(output.status, 1, "{arguments:?}: {}", output.stderr);
    assert_eq!(
      output.stderr.matches(" (secret `").count(),
      4,
      "{arguments:?}: {}",
      output.stderr
    );
  }
  let output = stackc(
    directory.path(),
    &["secrets", "adopt", "--all", "--out", "out"],
  );
  assert_eq!(output.status, 0, "{}", output.stderr);
  assert_eq!(output.stdout.matches("adopted `").count(), 4);
  assert_no_value(&output, &deployed(directory.path()));
  assert_eq!(stored(directory.path()), deployed(directory.path()));
  let output = build(directory.path());
  assert_eq!(output.status, 0, "{}", output.stderr);
  assert_eq!(fs::read(directory.path().join("out/.env")).unwrap(), env);
}

#[test]
fn a_value_edited_by_hand_is_never_replaced() {
  let directory = scratch_with("minimal.toml", WITH_REDIS);
  assert_eq!(build(directory.path()).status, 0);
  let before = stored(directory.path());
  set_in_env(
    directory.path(),
    "REDIS_PASSWORD",
    "edited-by-hand-0123456789",
  );
  let env = fs::read(directory.path().join("out/.env")).unwrap();
  let output = build(directory.path());
  assert_eq!(output.status, 1);
  assert!(
    output
      .stderr
      .contains("  REDIS_PASSWORD (secret `redis_password`): the secrets store ./.stackc/stack.secrets.toml holds another value\n"),
    "{}",
    output.stderr
  );
  assert_eq!(output.stderr.matches(" (secret `").count(), 1, "only it");
  assert!(!output.stderr.contains("edited-by-hand"));
  assert_eq!(fs::read(directory.path().join("out/.env")).unwrap(), env);
  assert_eq!(stored(directory.path()), before);
  // Adopting one that agrees, or one .env lacks, changes nothing.
  let output = stackc(
    directory.path(),
    &["secrets", "adopt", "postgres_password", "--out", "out"],
  );
  assert_eq!(output.status, 0);
  assert!(output.stdout.starts_with("Nothing to adopt"));
  let output = stackc(
    directory.path(),
    &["secrets", "adopt", "redis_password", "--out", "elsewhere"],
  );
  assert_eq!(output.status, 1);
  assert!(output.stderr.contains("holds no value of REDIS_PASSWORD"));
  // Adopting the deployed value settles it.
  let output = stackc(
    directory.path(),
    &["secrets", "adopt", "redis_password", "--out", "out"],
  );
  assert_eq!(output.status, 0, "{}", output.stderr);
  assert_eq!(
    output.stdout,
    "adopted `redis_password` (REDIS_PASSWORD) from out/.env\n"
  );
  assert_eq!(
    stored(directory.path())["REDIS_PASSWORD"],
    "edited-by-hand-0123456789"
  );
  assert_eq!(build(directory.path()).status, 0);
  assert_eq!(fs::read(directory.path().join("out/.env")).unwrap(), env);
}

#[test]
fn an_empty_value_in_env_counts_as_missing() {
  let directory = scratch_with("minimal.toml", WITH_REDIS);
  assert_eq!(build(directory.path()).status, 0);
  set_in_env(directory.path(), "REDIS_PASSWORD", "");
  let output = build(directory.path());
  assert_eq!(output.status, 0, "{}", output.stderr);
  assert_eq!(stored(directory.path()), deployed(directory.path()));
}

#[test]
fn rotation_is_the_way_to_a_new_value_in_every_deployment() {
  let directory = scratch_with("minimal.toml", WITH_REDIS);
  assert_eq!(build(directory.path()).status, 0);
  let output = stackc(
    directory.path(),
    &["build", "stack.toml", "--out", "second"],
  );
  assert_eq!(output.status, 0);
  let old = stored(directory.path())["REDIS_PASSWORD"].clone();
  // A hand edit in `out`, then a rotation: the build writes the new value
  // over both the edit and, in `second`, the replaced value.
  set_in_env(
    directory.path(),
    "REDIS_PASSWORD",
    "edited-by-hand-0123456789",
  );
  let output = stackc(directory.path(), &["secrets", "rotate", "redis_password"]);
  assert_eq!(output.status, 0, "{}", output.stderr);
  assert!(
    output
      .stdout
      .contains("this build replaces the old value there")
  );
  let new = stored(directory.path())["REDIS_PASSWORD"].clone();
  assert_ne!(new, old);
  let list = stackc(directory.path(), &["secrets", "list"]).stdout;
  assert!(
    list.lines().any(|line| line.starts_with("redis_password ")
      && line.contains(" rotated (the next build writes it) ")),
    "{list}"
  );
  let output = stackc(
    directory.path(),
    &["check", "stack.toml", "--deploy", "out"],
  );
  assert_eq!(
    output.status, 0,
    "a pending rotation is no disagreement: {}",
    output.stderr
  );
  assert!(output.stderr.contains("note: REDIS_PASSWORD rotated"));
  let output = build(directory.path());
  assert_eq!(output.status, 0, "{}", output.stderr);
  assert!(
    output
      .stderr
      .contains("note: writing the rotated REDIS_PASSWORD into out/.env"),
    "{}",
    output.stderr
  );
  assert!(!output.stderr.contains(&new) && !output.stderr.contains(&old));
  assert_eq!(deployed(directory.path())["REDIS_PASSWORD"], new);
  assert_eq!(stored(directory.path()), deployed(directory.path()));
  let output = stackc(
    directory.path(),
    &["build", "stack.toml", "--out", "second"],
  );
  assert_eq!(output.status, 0, "{}", output.stderr);
  let second = fs::read_to_string(directory.path().join("second/.env")).unwrap();
  assert!(second.contains(&format!("\nREDIS_PASSWORD={new}\n")));
  // Once written, the rotation is over: a new hand edit stops the build.
  set_in_env(
    directory.path(),
    "REDIS_PASSWORD",
    "edited-again-0123456789",
  );
  assert_eq!(build(directory.path()).status, 1);
  assert_eq!(
    deployed(directory.path())["REDIS_PASSWORD"],
    "edited-again-0123456789"
  );
}

#[test]
fn an_environment_value_differing_from_env_stops_the_build() {
  let directory = common::stack_with(
    "[secrets]\ntoken = { from_env = \"TOKEN_INPUT\" }\n[services.api]\nimage = \"acme/api:1.0\"\nenv = { TOKEN = \"{{ secrets.token }}\" }\n",
  );
  let run = |value: Option<&str>, arguments: &[&str]| match value {
    Some(value) => stackc_in(directory.path(), arguments, &[("TOKEN_INPUT", value)]),
    None => stackc(directory.path(), arguments),
  };
  let build_arguments = ["build", "stack.toml", "--out", "out"];
  assert_eq!(run(Some("first-token-value"), &build_arguments).status, 0);
  let env = fs::read(directory.path().join("out/.env")).unwrap();
  let output = run(Some("second-token-value"), &build_arguments);
  assert_eq!(output.status, 1);
  assert!(
    output.stderr.contains(
      "  TOKEN (secret `token`): the environment variable $TOKEN_INPUT holds another value"
    ),
    "{}",
    output.stderr
  );
  assert!(output.stderr.contains("unset $TOKEN_INPUT"));
  assert!(!output.stderr.contains("token-value"));
  assert_eq!(fs::read(directory.path().join("out/.env")).unwrap(), env);
  let output = run(
    Some("second-token-value"),
    &["check", "stack.toml", "--deploy", "out"],
  );
  assert_eq!(output.status, 1);
  assert!(output.stderr.contains("$TOKEN_INPUT holds another value"));
  // Unset, or the same value: the deployed one stays.
  assert_eq!(run(None, &build_arguments).status, 0);
  assert_eq!(run(Some("first-token-value"), &build_arguments).status, 0);
  assert_eq!(fs::read(directory.path().join("out/.env")).unwrap(), env);
}

#[test]
fn variables_stackc_does_not_manage_are_kept_with_their_comments() {
  let directory = common::stack_with(
    "[secrets]\nchat = { manual = \"Chat > Settings\" }\n[services.redis]\n[services.api]\nimage = \"acme/api:1.0\"\nenv = { C = \"{{ secrets.chat }}\", R = \"{{ secrets.redis_password }}\" }\n",
  );
  let stack = directory.path().join("stack.toml");
  assert_eq!(build(directory.path()).status, 0);
  let path = directory.path().join("out/.env");
  let text = fs::read_to_string(&path)
    .unwrap()
    .replace("\nCHAT=\n", "\nCHAT=filled-by-hand\n");
  let own = "# The operator's own: read by a hand-written override.\nEXTRA_FLAG='on and off'\n";
  fs::write(&path, format!("{text}\n{own}\nexport LOOSE=1\n")).unwrap();
  let output = build(directory.path());
  assert_eq!(output.status, 0, "{}", output.stderr);
  let rebuilt = fs::read_to_string(&path).unwrap();
  assert!(
    rebuilt.ends_with(&format!(
      "\n# Not managed by stackc: kept as found.\n\n{own}\nexport LOOSE=1\n"
    )),
    "{rebuilt}"
  );
  assert!(rebuilt.contains("\nCHAT=filled-by-hand\n"));
  // A second build gives the same bytes.
  assert_eq!(build(directory.path()).status, 0);
  assert_eq!(fs::read_to_string(&path).unwrap(), rebuilt);
  // When the api goes, its hand-filled value is kept, not lost; the
  // generated one is dropped from .env since the store keeps it.
  let text = fs::read_to_string(&stack).unwrap();
  fs::write(
    &stack,
    text[..text.find("[services.api]").unwrap()]
      .replace("[secrets]\nchat = { manual = \"Chat > Settings\" }\n", ""),
  )
  .unwrap();
  let output = build(directory.path());
  assert_eq!(output.status, 0, "{}", output.stderr);
  let rebuilt = fs::read_to_string(&path).unwrap();
  let kept = &rebuilt[rebuilt.find("# Not managed").unwrap()..];
  assert!(kept.contains("\nCHAT=filled-by-hand\n"), "{rebuilt}");
  assert!(kept.contains("EXTRA_FLAG='on and off'"));
  assert!(
    rebuilt.contains("\nREDIS_PASSWORD="),
    "redis is still managed"
  );
}
