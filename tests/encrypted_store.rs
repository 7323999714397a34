//! The encrypted secrets store: the `age` CLI reads what stackc writes and
//! stackc what the CLI writes; an encrypted stack builds, rotates and
//! adopts as a plain one, from a fresh clone; no value stays in plain text.

mod common;

use {
  common::{
    age::{STORE, age, decrypted, env, keygen, sealed},
    git, scratch, stackc_in,
  },
  std::{fs, path::Path},
};

fn run(directory: &Path, identity: &Path, arguments: &[&str]) -> common::Output {
  stackc_in(
    directory,
    arguments,
    &[("STACKC_AGE_IDENTITY", identity.to_str().unwrap())],
  )
}

fn ok(output: common::Output) -> common::Output {
  assert_eq!(output.status, 0, "{}{}", output.stdout, output.stderr);
  output
}

/// A built minimal stack, then encrypted to a new key: (folder, the key's
/// folder, key file).
fn encrypted() -> (tempfile::TempDir, tempfile::TempDir, std::path::PathBuf) {
  let directory = scratch("minimal.toml");
  let keys = tempfile::tempdir().unwrap();
  let (identity, public) = keygen(keys.path(), "key.txt");
  ok(stackc_in(
    directory.path(),
    ["build", "stack.toml", "--out", "out"],
    &[],
  ));
  ok(stackc_in(
    directory.path(),
    ["secrets", "encrypt", "--recipient", public.as_str()],
    &[],
  ));
  (directory, keys, identity)
}

#[test]
fn the_age_cli_opens_what_stackc_wrote_and_stackc_what_the_cli_wrote() {
  let (directory, _keys, identity) = encrypted();
  let dir = directory.path();
  assert!(!dir.join(".stackc/stack.secrets.toml").exists());
  // Every block, cut out, opens with `age -d` and holds the deployed value.
  let values = decrypted(dir, &identity);
  let deployed = env(&dir.join("out/.env"));
  assert_eq!(values.len(), 3);
  for (name, value) in &values {
    assert_eq!(&deployed[&name.to_ascii_uppercase()], value);
  }
  // A block the CLI made replaces one: stackc reads it.
  let public = sealed(dir)["recipients"][0].as_str().unwrap().to_owned();
  let block =
    String::from_utf8(age(&["-e", "-a", "-r", &public], b"made-by-the-age-cli").unwrap()).unwrap();
  let text = fs::read_to_string(dir.join(STORE)).unwrap();
  let old = sealed(dir)["secrets"]["n8n_db_password"]["value"]
    .as_str()
    .unwrap()
    .to_owned();
  fs::write(dir.join(STORE), text.replace(old.trim(), block.trim())).unwrap();
  ok(run(
    dir,
    &identity,
    &["build", "stack.toml", "--out", "fresh"],
  ));
  assert_eq!(
    env(&dir.join("fresh/.env"))["N8N_DB_PASSWORD"],
    "made-by-the-age-cli"
  );

  // A whole plain store the CLI encrypted is read as well.
  let plain = scratch("minimal.toml");
  let p = plain.path();
  ok(stackc_in(p, ["build", "stack.toml", "--out", "out"], &[]));
  let toml = fs::read(p.join(".stackc/stack.secrets.toml")).unwrap();
  fs::write(p.join(STORE), age(&["-e", "-r", &public], &toml).unwrap()).unwrap();
  fs::remove_file(p.join(".stackc/stack.secrets.toml")).unwrap();
  let stack = fs::read_to_string(p.join("stack.toml")).unwrap();
  fs::write(
    p.join("stack.toml"),
    format!("{stack}\n[secrets_store]\nrecipients = [\"{public}\"]\n"),
  )
  .unwrap();
  ok(run(
    p,
    &identity,
    &["build", "stack.toml", "--out", "fresh"],
  ));
  assert_eq!(env(&p.join("fresh/.env")), env(&p.join("out/.env")));
}

#[test]
fn an_encrypted_stack_builds_rotates_and_adopts_from_a_fresh_clone() {
  let (directory, _keys, identity) = encrypted();
  let dir = directory.path();
  fs::write(
    dir.join(".gitignore"),
    ".stackc/*\n!.stackc/*.secrets.age\nout/\n",
  )
  .unwrap();
  git(dir, &["init", "-q"]);
  git(dir, &["add", "."]);
  git(dir, &["commit", "-q", "-m", "encrypted"]);
  let clones = tempfile::tempdir().unwrap();
  let clone = clones.path().join("clone");
  git(
    clones.path(),
    &["clone", "-q", dir.to_str().unwrap(), "clone"],
  );
  let before = fs::read(clone.join(STORE)).unwrap();
  ok(run(
    &clone,
    &identity,
    &["build", "stack.toml", "--out", "out"],
  ));
  assert_eq!(env(&clone.join("out/.env")), env(&dir.join("out/.env")));
  assert_eq!(
    fs::read(clone.join(STORE)).unwrap(),
    before,
    "a build changes no block"
  );

  // A rotation changes that secret's block only, and review names it.
  let blocks = sealed(&clone);
  ok(run(
    &clone,
    &identity,
    &["secrets", "rotate", "n8n_db_password"],
  ));
  let after = sealed(&clone);
  for name in ["postgres_password", "n8n_encryption_key"] {
    assert_eq!(blocks["secrets"][name], after["secrets"][name]);
  }
  assert_ne!(
    blocks["secrets"]["n8n_db_password"]["value"],
    after["secrets"]["n8n_db_password"]["value"]
  );
  let review = ok(run(
    &clone,
    &identity,
    &["review", "--base", "HEAD", "stack.toml"],
  ));
  assert!(
    review.stdout.contains("secret n8n_db_password rotated"),
    "{}",
    review.stdout
  );
  assert!(!review.stdout.contains("postgres_password rotated"));
  ok(run(
    &clone,
    &identity,
    &["build", "stack.toml", "--out", "out"],
  ));
  let rotated = decrypted(&clone, &identity)["n8n_db_password"].clone();
  assert_eq!(env(&clone.join("out/.env"))["N8N_DB_PASSWORD"], rotated);
  assert_ne!(env(&dir.join("out/.env"))["N8N_DB_PASSWORD"], rotated);

  // A hand-edited .env stops the build; adopt stores its value.
  let path = clone.join("out/.env");
  let text = fs::read_to_string(&path).unwrap();
  fs::write(&path, text.replace(&rotated, "handEditedValue123")).unwrap();
  let stopped = run(&clone, &identity, &["build", "stack.toml", "--out", "out"]);
  assert_eq!(stopped.status, 1, "{}", stopped.stderr);
  ok(run(
    &clone,
    &identity,
    &["secrets", "adopt", "n8n_db_password", "--out", "out"],
  ));
  assert_eq!(
    decrypted(&clone, &identity)["n8n_db_password"],
    "handEditedValue123"
  );
  ok(run(
    &clone,
    &identity,
    &["build", "stack.toml", "--out", "out"],
  ));
  ok(run(
    &clone,
    &identity,
    &["check", "stack.toml", "--deploy", "out"],
  ));
  // Names and marks need no identity; neither does `check`.
  let list = ok(stackc_in(
    &clone,
    ["secrets", "list"],
    &[("HOME", "/nonexistent")],
  ));
  assert!(list.stdout.contains("n8n_db_password"));
  ok(stackc_in(
    &clone,
    ["check", "stack.toml"],
    &[("HOME", "/nonexistent")],
  ));
  // In CI, the identity's contents in a variable.
  let data = fs::read_to_string(&identity).unwrap();
  ok(stackc_in(
    &clone,
    ["build", "stack.toml", "--out", "out", "--check"],
    &[
      ("STACKC_AGE_IDENTITY_DATA", data.as_str()),
      ("HOME", "/nonexistent"),
    ],
  ));
}

#[test]
fn no_value_is_left_in_plain_text_after_encrypt() {
  let directory = scratch("minimal.toml");
  let dir = directory.path();
  let keys = tempfile::tempdir().unwrap();
  let (identity, public) = keygen(keys.path(), "key.txt");
  ok(stackc_in(dir, ["build", "stack.toml", "--out", "out"], &[]));
  let mut values: Vec<String> = env(&dir.join("out/.env")).into_values().collect();
  // A secret removed and pruned: its backup is plain text until encrypt.
  let stack = fs::read_to_string(dir.join("stack.toml")).unwrap();
  fs::write(
    dir.join("stack.toml"),
    &stack[..stack.find("[services.n8n]").unwrap()],
  )
  .unwrap();
  ok(stackc_in(dir, ["secrets", "prune", "--force"], &[]));
  fs::write(dir.join("stack.toml"), &stack).unwrap();
  ok(stackc_in(
    dir,
    ["secrets", "encrypt", "--recipient", public.as_str()],
    &[],
  ));
  for target in ["compose", "swarm", "kubernetes"] {
    let out = format!("out-{target}");
    ok(run(
      dir,
      &identity,
      &["build", "stack.toml", "--target", target, "--out", &out],
    ));
  }
  values.extend(env(&dir.join("out-compose/.env")).into_values());
  values.retain(|value| value.len() >= 16);
  assert!(values.len() >= 3);
  let backups: Vec<String> = fs::read_dir(dir.join(".stackc"))
    .unwrap()
    .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
    .filter(|name| name.contains(".pruned-"))
    .collect();
  assert!(
    !backups.is_empty() && backups.iter().all(|name| name.ends_with(".age")),
    "{backups:?}"
  );
  for (path, bytes) in common::files(dir) {
    let relative = path.strip_prefix(dir).unwrap_or(&path);
    let deployed = relative.file_name().is_some_and(|name| name == ".env")
      || relative
        .components()
        .any(|part| part.as_os_str() == "secrets");
    if deployed {
      continue;
    }
    let text = String::from_utf8_lossy(&bytes);
    for value in &values {
      assert!(
        !text.contains(value.as_str()),
        "a value is in plain text in {}",
        relative.display()
      );
    }
  }
}
