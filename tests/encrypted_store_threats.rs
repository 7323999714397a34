//! The encrypted store under attack or accident: no identity, another's, a
//! file cut short or changed, a recipient that is not a key, a store for
//! nobody, two operators rotating at once. Each refusal changes nothing.

mod common;

use {
  common::{
    age::{STORE, decrypted, keygen, sealed},
    files, scratch, stackc_in,
  },
  std::{fs, path::Path},
};

struct Encrypted {
  directory: tempfile::TempDir,
  _keys: tempfile::TempDir,
  identity: std::path::PathBuf,
  other: std::path::PathBuf,
  public: String,
}

fn encrypted() -> Encrypted {
  let directory = scratch("minimal.toml");
  let keys = tempfile::tempdir().unwrap();
  let (identity, public) = keygen(keys.path(), "key.txt");
  let (other, _) = keygen(keys.path(), "other.txt");
  let dir = directory.path();
  assert_eq!(
    stackc_in(dir, ["build", "stack.toml", "--out", "out"], &[]).status,
    0
  );
  let output = stackc_in(
    dir,
    ["secrets", "encrypt", "--recipient", public.as_str()],
    &[],
  );
  assert_eq!(output.status, 0, "{}", output.stderr);
  Encrypted {
    directory,
    _keys: keys,
    identity,
    other,
    public,
  }
}

/// Runs a store-reading command with `environment`; asserts exit `status`
/// and a folder byte for byte as before; returns stderr.
fn refused(dir: &Path, status: i32, environment: &[(&str, &str)], arguments: &[&str]) -> String {
  let before = files(dir);
  let output = stackc_in(dir, arguments, environment);
  assert_eq!(output.status, status, "{arguments:?}: {}", output.stderr);
  let after: Vec<_> = files(dir)
    .into_iter()
    .filter(|(path, _)| !path.ends_with("stack.lock"))
    .collect();
  let before: Vec<_> = before
    .into_iter()
    .filter(|(path, _)| !path.ends_with("stack.lock"))
    .collect();
  assert!(before == after, "{arguments:?} changed the folder");
  output.stderr
}

const COMMANDS: &[&[&str]] = &[
  &["build", "stack.toml", "--out", "out"],
  &["build", "stack.toml", "--out", "out", "--check"],
  &["check", "stack.toml", "--deploy", "out"],
  &["secrets", "rotate", "n8n_db_password"],
  &["secrets", "adopt", "--all", "--out", "out"],
  &["secrets", "prune"],
];

#[test]
fn without_the_right_identity_nothing_runs_and_nothing_changes() {
  let store = encrypted();
  let dir = store.directory.path();
  let other = store.other.to_str().unwrap();
  for command in COMMANDS {
    let stderr = refused(dir, 2, &[("HOME", "/nonexistent")], command);
    assert!(
      stderr.contains("STACKC_AGE_IDENTITY")
        && stderr.contains("/nonexistent/.config/stackc/age/keys.txt"),
      "{stderr}"
    );
    let stderr = refused(dir, 2, &[("STACKC_AGE_IDENTITY", other)], command);
    assert!(
      stderr.contains("cannot decrypt") && stderr.contains(&store.public),
      "{stderr}"
    );
  }
  // Neither key reaches the output.
  let key = fs::read_to_string(&store.other).unwrap();
  let secret = key
    .lines()
    .find(|line| line.starts_with("AGE-SECRET-KEY"))
    .unwrap();
  let stderr = refused(dir, 1, &[], &["secrets", "encrypt", "--recipient", secret]);
  assert!(!stderr.contains(secret), "{stderr}");
}

#[test]
fn a_changed_or_truncated_store_stops_with_exit_2() {
  let store = encrypted();
  let dir = store.directory.path();
  let identity = store.identity.to_str().unwrap();
  let original = fs::read_to_string(dir.join(STORE)).unwrap();
  let block = sealed(dir)["secrets"]["postgres_password"]["value"]
    .as_str()
    .unwrap()
    .to_owned();
  // One character of the ciphertext changed: age's MAC or tag fails.
  let line = block.lines().nth(3).unwrap();
  let flipped: String = line
    .chars()
    .enumerate()
    .map(|(i, c)| {
      if i == 10 {
        if c == 'A' { 'B' } else { 'A' }
      } else {
        c
      }
    })
    .collect();
  let tampered = original.replace(line, &flipped);
  let cut = &original[..original.len() * 2 / 3];
  let short_block = original.replace(block.trim(), &block.trim()[..block.trim().len() - 60]);
  for damaged in [tampered.as_str(), cut, short_block.as_str()] {
    fs::write(dir.join(STORE), damaged).unwrap();
    for command in COMMANDS {
      refused(dir, 2, &[("STACKC_AGE_IDENTITY", identity)], command);
    }
  }
}

#[test]
fn a_recipient_that_is_not_a_key_or_none_at_all_is_refused() {
  let directory = scratch("minimal.toml");
  let dir = directory.path();
  assert_eq!(
    stackc_in(dir, ["build", "stack.toml", "--out", "out"], &[]).status,
    0
  );
  for bad in ["age1notakey", "ssh-ed25519 AAAA", ""] {
    let stderr = refused(dir, 1, &[], &["secrets", "encrypt", "--recipient", bad]);
    assert!(stderr.contains("error:"), "{stderr}");
  }
  // An empty recipients file encrypts to nobody.
  fs::write(dir.join("empty.txt"), "# nobody\n").unwrap();
  let stderr = refused(
    dir,
    1,
    &[],
    &["secrets", "encrypt", "--recipients-file", "empty.txt"],
  );
  assert!(stderr.contains("nobody"), "{stderr}");
  let stack = fs::read_to_string(dir.join("stack.toml")).unwrap();
  // A key whose checksum fails passes the schema's pattern, not age.
  let keys = tempfile::tempdir().unwrap();
  let (_, public) = keygen(keys.path(), "key.txt");
  let last = public.chars().last().unwrap();
  let broken = format!(
    "{}{}",
    &public[..public.len() - 1],
    if last == 'q' { 'p' } else { 'q' }
  );
  for (settings, status) in [
    (format!("recipients = [\"{broken}\"]"), 1),
    ("recipients = []".to_owned(), 1),
    ("recipients = [\"not-a-key\"]".to_owned(), 1),
  ] {
    fs::write(
      dir.join("stack.toml"),
      format!("{stack}\n[secrets_store]\n{settings}\n"),
    )
    .unwrap();
    refused(dir, status, &[], &["build", "stack.toml", "--out", "out"]);
  }
  // A stored file that names no recipient opens for nobody.
  let store = encrypted();
  let dir = store.directory.path();
  let text = fs::read_to_string(dir.join(STORE)).unwrap();
  let public = &store.public;
  fs::write(
    dir.join(STORE),
    text.replace(&format!("  \"{public}\",\n"), ""),
  )
  .unwrap();
  let other = store.other.to_str().unwrap();
  let stderr = refused(
    dir,
    2,
    &[("STACKC_AGE_IDENTITY", other)],
    &["build", "stack.toml", "--out", "out"],
  );
  assert!(stderr.contains("nobody stackc knows of"), "{stderr}");
}

#[test]
fn two_operators_rotating_at_once_lose_neither_rotation() {
  let store = encrypted();
  let dir = store.directory.path().to_path_buf();
  let before = decrypted(&dir, &store.identity);
  let identity = store.identity.to_str().unwrap().to_owned();
  let rotations: Vec<_> = [
    ("n8n_db_password", &[][..]),
    ("postgres_password", &["--force"][..]),
  ]
  .into_iter()
  .map(|(name, flags)| {
    let (dir, identity) = (dir.clone(), identity.clone());
    let mut arguments = vec!["secrets", "rotate", name];
    arguments.extend(flags);
    let arguments: Vec<String> = arguments.into_iter().map(str::to_owned).collect();
    std::thread::spawn(move || {
      stackc_in(
        &dir,
        &arguments,
        &[("STACKC_AGE_IDENTITY", identity.as_str())],
      )
    })
  })
  .collect();
  for rotation in rotations {
    let output = rotation.join().unwrap();
    assert_eq!(output.status, 0, "{}", output.stderr);
  }
  let after = decrypted(&dir, &store.identity);
  assert_ne!(before["n8n_db_password"], after["n8n_db_password"]);
  assert_ne!(before["postgres_password"], after["postgres_password"]);
  assert_eq!(before["n8n_encryption_key"], after["n8n_encryption_key"]);
}

#[test]
fn a_recipients_file_the_stack_names_outside_its_folder_is_neither_read_nor_written() {
  let store = encrypted();
  let dir = store.directory.path();
  let identity = store.identity.to_str().unwrap();
  // A file beside the stack's folder, holding a key, that a pull request's
  // stack file could point at.
  let outside = tempfile::tempdir().unwrap();
  let (_, key) = keygen(outside.path(), "outsider.txt");
  let target = outside.path().join("recipients.txt");
  fs::write(&target, format!("{}\n", store.public)).unwrap();
  fs::write(dir.join("inside.txt"), format!("{}\n", store.public)).unwrap();
  let stack = fs::read_to_string(dir.join("stack.toml")).unwrap();
  let named = [
    target.display().to_string(),
    format!(
      "../{}/recipients.txt",
      outside.path().file_name().unwrap().to_string_lossy()
    ),
    ".stackc/stack.secrets.age".to_owned(),
  ];
  for file in &named {
    fs::write(
      dir.join("stack.toml"),
      stack.replace(
        "[secrets_store]\n",
        &format!("[secrets_store]\nrecipients_file = {file:?}\n"),
      ),
    )
    .unwrap();
    for arguments in [
      &["build", "stack.toml", "--out", "out"][..],
      &["secrets", "recipients", "add", key.as_str()][..],
    ] {
      let stderr = refused(dir, 1, &[("STACKC_AGE_IDENTITY", identity)], arguments);
      assert!(stderr.contains("the recipients file"), "{file}: {stderr}");
    }
    assert_eq!(
      fs::read_to_string(&target).unwrap(),
      format!("{}\n", store.public)
    );
  }
  // One inside the folder is read as before.
  fs::write(
    dir.join("stack.toml"),
    stack.replace(
      "[secrets_store]\n",
      "[secrets_store]\nrecipients_file = \"inside.txt\"\n",
    ),
  )
  .unwrap();
  let output = stackc_in(
    dir,
    ["build", "stack.toml", "--out", "out"],
    &[("STACKC_AGE_IDENTITY", identity)],
  );
  assert_eq!(output.status, 0, "{}", output.stderr);
}
