//! The `age` CLI (Debian's `age` package; `scripts/install-test-tools`
//! installs it) and the stackc commands of an encrypted store.

use std::{
  collections::BTreeMap,
  path::{Path, PathBuf},
  process::{Command, Stdio},
};

pub const STORE: &str = ".stackc/stack.secrets.age";

/// A new identity in `directory/name`; returns its file and public key.
pub fn keygen(directory: &Path, name: &str) -> (PathBuf, String) {
  let path = directory.join(name);
  let status = Command::new("age-keygen")
    .arg("-o")
    .arg(&path)
    .stderr(Stdio::null())
    .status()
    .expect("age-keygen runs (scripts/install-test-tools installs age)");
  assert!(status.success());
  let public = Command::new("age-keygen")
    .arg("-y")
    .arg(&path)
    .output()
    .unwrap();
  (
    path,
    String::from_utf8(public.stdout).unwrap().trim().to_owned(),
  )
}

/// Runs the `age` CLI with `input` on stdin; its stdout, or its stderr as `Err`.
pub fn age(arguments: &[&str], input: &[u8]) -> Result<Vec<u8>, String> {
  use std::io::Write;
  let mut child = Command::new("age")
    .args(arguments)
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .expect("age runs");
  child.stdin.take().unwrap().write_all(input).unwrap();
  let output = child.wait_with_output().unwrap();
  if output.status.success() {
    Ok(output.stdout)
  } else {
    Err(String::from_utf8_lossy(&output.stderr).into_owned())
  }
}

/// The encrypted store as TOML.
pub fn sealed(directory: &Path) -> toml::Table {
  toml::from_str(&std::fs::read_to_string(directory.join(STORE)).unwrap()).unwrap()
}

/// Every value of the encrypted store, each block opened by the `age` CLI.
pub fn decrypted(directory: &Path, identity: &Path) -> BTreeMap<String, String> {
  let table = sealed(directory);
  table["secrets"]
    .as_table()
    .unwrap()
    .iter()
    .map(|(name, secret)| {
      let block = secret["value"].as_str().unwrap();
      let plaintext = age(&["-d", "-i", identity.to_str().unwrap()], block.as_bytes())
        .unwrap_or_else(|error| panic!("age -d opens {name}: {error}"));
      (name.clone(), String::from_utf8(plaintext).unwrap())
    })
    .collect()
}

/// The variables of a `.env` stackc wrote (values unquoted as generated).
pub fn env(path: &Path) -> BTreeMap<String, String> {
  std::fs::read_to_string(path)
    .unwrap()
    .lines()
    .filter(|line| !line.starts_with('#'))
    .filter_map(|line| line.split_once('='))
    .map(|(key, value)| (key.to_owned(), value.trim_matches('\'').to_owned()))
    .collect()
}
