//! Destructive commands ask first: `secrets prune` keeps set-once secrets
//! without `--force` and backs up what it removes; `build --out` refuses
//! folders it must not write; temporary files a killed build left are
//! removed by the next one.

mod common;

use {
  common::{scratch, scratch_with, stackc_in},
  std::{
    fs,
    os::unix::fs::{PermissionsExt, symlink},
    path::Path,
    time::{Duration, SystemTime},
  },
};

/// minimal.toml with the shared Redis, whose password is an ordinary
/// (not set-once) generated secret that several services use.
const WITH_REDIS: &str = "[services.redis]\n";

const STORE: &str = ".stackc/stack.secrets.toml";

fn stackc(directory: &Path, arguments: &[&str]) -> common::Output {
  stackc_in(directory, arguments, &[])
}

fn tree(directory: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
  if directory.exists() {
    common::files(directory)
  } else {
    Vec::new()
  }
}

#[test]
fn prune_keeps_set_once_secrets_without_force_and_backs_up_what_it_removes() {
  let directory = scratch("minimal.toml");
  assert_eq!(
    stackc(directory.path(), &["build", "stack.toml", "--out", "out"]).status,
    0
  );
  let stack = directory.path().join("stack.toml");
  let text = fs::read_to_string(&stack).unwrap();
  fs::write(&stack, &text[..text.find("[services.n8n]").unwrap()]).unwrap();
  let store = fs::read_to_string(directory.path().join(STORE)).unwrap();
  let output = stackc(directory.path(), &["secrets", "prune"]);
  assert_eq!(output.status, 1);
  assert!(
    output
      .stderr
      .starts_with("error: refusing to prune set-once secrets: `n8n_encryption_key`."),
    "{}",
    output.stderr
  );
  assert!(output.stderr.contains("`stackc secrets prune --force`"));
  assert_eq!(
    fs::read_to_string(directory.path().join(STORE)).unwrap(),
    store,
    "refused: nothing removed"
  );
  let output = stackc(directory.path(), &["secrets", "prune", "--force"]);
  assert_eq!(output.status, 0, "{}", output.stderr);
  let (pruned, backup) = output.stdout.split_once("backup: ").unwrap();
  assert_eq!(
    pruned,
    "pruned n8n_db_password\npruned n8n_encryption_key\n"
  );
  let backup = Path::new(backup.trim_end());
  let name = backup.file_name().unwrap().to_string_lossy().into_owned();
  let stamp = name
    .strip_prefix("stack.secrets.pruned-")
    .and_then(|rest| rest.strip_suffix(".toml"))
    .unwrap_or_else(|| panic!("{name}"));
  assert!(
    stamp.len() == 16
      && stamp[..8].chars().all(|c| c.is_ascii_digit())
      && &stamp[8..9] == "T"
      && stamp[9..15].chars().all(|c| c.is_ascii_digit())
      && stamp.ends_with('Z'),
    "{stamp}"
  );
  let backup = directory.path().join(backup);
  assert_eq!(
    backup.parent(),
    Some(directory.path().join(".stackc").as_path())
  );
  assert_eq!(
    fs::metadata(&backup).unwrap().permissions().mode() & 0o777,
    0o600
  );
  let before: toml::Table = toml::from_str(&store).unwrap();
  let kept: toml::Table = toml::from_str(&fs::read_to_string(&backup).unwrap()).unwrap();
  assert_eq!(kept.keys().count(), 2);
  for (name, entry) in &kept {
    assert_eq!(
      entry["value"], before[name]["value"],
      "`{name}` backed up whole"
    );
  }
  let after: toml::Table =
    toml::from_str(&fs::read_to_string(directory.path().join(STORE)).unwrap()).unwrap();
  assert_eq!(after.keys().collect::<Vec<_>>(), ["postgres_password"]);
}

#[test]
fn build_refuses_to_write_into_root_the_stack_folder_or_the_store() {
  let directory = scratch_with("minimal.toml", WITH_REDIS);
  let absolute = directory.path().canonicalize().unwrap();
  let absolute = absolute.to_string_lossy();
  fs::create_dir(directory.path().join("sub")).unwrap();
  for (out, why) in [
    ("/", "it is the root of the file system"),
    (
      ".",
      "it is the stack file's own folder; choose a folder of its own, such as `deploy`",
    ),
    (
      "sub/..",
      "it is the stack file's own folder; choose a folder of its own, such as `deploy`",
    ),
    (
      &*absolute,
      "it is the stack file's own folder; choose a folder of its own, such as `deploy`",
    ),
    ("missing/..", "`..` follows a folder that does not exist"),
  ] {
    let output = stackc(directory.path(), &["build", "stack.toml", "--out", out]);
    assert_eq!(output.status, 2, "{out}: {}", output.stderr);
    assert_eq!(
      output.stderr,
      format!("error: refusing to write into {out}: {why}; nothing was written\n"),
      "{out}"
    );
  }
  // The store's folder, before and after it exists.
  for round in ["before", "after"] {
    if round == "after" {
      assert_eq!(
        stackc(directory.path(), &["build", "stack.toml", "--out", "out"]).status,
        0
      );
    }
    let before = tree(&directory.path().join(".stackc"));
    for out in [".stackc", ".stackc/deploy"] {
      let output = stackc(directory.path(), &["build", "stack.toml", "--out", out]);
      assert_eq!(output.status, 2, "{round}: {out}");
      assert!(
        output.stderr.contains("it is the secrets store's folder"),
        "{}",
        output.stderr
      );
    }
    assert_eq!(tree(&directory.path().join(".stackc")), before);
    if round == "before" {
      assert_eq!(
        tree(directory.path()).len(),
        1,
        "only stack.toml: not even the store"
      );
      assert!(!directory.path().join(".stackc").exists());
    }
  }
}

#[test]
fn build_refuses_to_write_through_a_symbolic_link() {
  let directory = scratch_with("minimal.toml", WITH_REDIS);
  let elsewhere = tempfile::tempdir().unwrap();
  symlink(elsewhere.path(), directory.path().join("link")).unwrap();
  for out in ["link", "link/deploy"] {
    let output = stackc(directory.path(), &["build", "stack.toml", "--out", out]);
    assert_eq!(output.status, 2, "{out}: {}", output.stderr);
    assert_eq!(
      output.stderr,
      format!(
        "error: refusing to write into {out}: link is a symbolic link, and stackc does not write through one; give the real path; nothing was written\n"
      )
    );
  }
  // A folder the build writes in, inside the output, pointing elsewhere.
  assert_eq!(
    stackc(directory.path(), &["build", "stack.toml", "--out", "out"]).status,
    0
  );
  let out = directory.path().join("out");
  fs::remove_dir_all(out.join("postgresql")).unwrap();
  symlink(elsewhere.path(), out.join("postgresql")).unwrap();
  let before = tree(&out);
  let output = stackc(directory.path(), &["build", "stack.toml", "--out", "out"]);
  assert_eq!(output.status, 2);
  assert!(
    output
      .stderr
      .contains("out/postgresql is a symbolic link, and stackc does not write through one"),
    "{}",
    output.stderr
  );
  assert_eq!(tree(&out), before);
  assert!(
    tree(elsewhere.path()).is_empty(),
    "nothing written through the link"
  );
}

#[test]
fn temporary_files_of_a_killed_build_are_removed_by_the_next() {
  let directory = scratch_with("minimal.toml", WITH_REDIS);
  assert_eq!(
    stackc(directory.path(), &["build", "stack.toml", "--out", "out"]).status,
    0
  );
  let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
  let plant = |path: &str| {
    let path = directory.path().join(path);
    fs::write(&path, "half-written secret").unwrap();
    fs::File::options()
      .write(true)
      .open(&path)
      .unwrap()
      .set_modified(an_hour_ago)
      .unwrap();
  };
  let stale = [
    "out/.stackc-tmp-.env.a1B2c3",
    "out/postgresql/.stackc-tmp-init.sql.d4E5f6",
    ".stackc/.stackc-tmp-stack.secrets.toml.g7H8i9",
  ];
  let foreign = [
    "out/.tmpKEEP01",
    "out/notes.stackc-tmp-",
    ".stackc/.stackc-tmp-other.secrets.toml.j1K2l3",
  ];
  for path in stale.iter().chain(&foreign) {
    plant(path);
  }
  let output = stackc(directory.path(), &["build", "stack.toml", "--out", "out"]);
  assert_eq!(output.status, 0, "{}", output.stderr);
  for path in stale {
    assert!(!directory.path().join(path).exists(), "{path} is left");
  }
  for path in foreign {
    assert!(
      directory.path().join(path).exists(),
      "{path}, not this stack's temporary file, was removed"
    );
  }
  assert!(
    output
      .stderr
      .contains("note: removed 1 temporary file(s) an interrupted stackc left in ./.stackc\n"),
    "{}",
    output.stderr
  );
  assert!(
    output
      .stderr
      .contains("note: removed 1 temporary file(s) an interrupted stackc left in out/postgresql\n")
  );
  // `secrets rotate` cleans the store's folder too.
  plant(stale[2]);
  let output = stackc(directory.path(), &["secrets", "rotate", "redis_password"]);
  assert_eq!(output.status, 0, "{}", output.stderr);
  assert!(!directory.path().join(stale[2]).exists());
}
