//! The CI integrations, checked by the tools that read them: `action.yml`
//! against GitHub's schema for actions, and the pre-commit hook run by the
//! real `pre-commit` in a scratch git repository.

mod common;

use {
  common::{git, root},
  std::{fs, path::Path, process::Command},
};

#[test]
fn the_action_matches_githubs_schema() {
  let output = Command::new("check-jsonschema")
    .args(["--builtin-schema", "vendor.github-actions"])
    .arg(root().join("action.yml"))
    .output()
    .expect("check-jsonschema is installed: run .ci/run");
  assert!(
    output.status.success(),
    "{}{}",
    String::from_utf8_lossy(&output.stdout),
    String::from_utf8_lossy(&output.stderr)
  );
}

/// Runs the hook through `pre-commit try-repo` on `stack.toml` of a scratch
/// repository holding `contents`; returns whether it passed, and its output.
fn hook_on(contents: &str) -> (bool, String) {
  let directory = tempfile::tempdir().unwrap();
  let path = directory.path();
  fs::write(path.join("stack.toml"), contents).unwrap();
  git(path, &["init", "-q"]);
  git(path, &["add", "stack.toml"]);
  // The hook runs the `stackc` on PATH: the one these tests built.
  let binary = Path::new(env!("CARGO_BIN_EXE_stackc"));
  let search = format!(
    "{}:{}",
    binary.parent().unwrap().display(),
    std::env::var("PATH").unwrap_or_default()
  );
  let output = Command::new("pre-commit")
    .current_dir(path)
    .env("PATH", search)
    .env("PRE_COMMIT_HOME", path.join(".cache"))
    .args(["try-repo"])
    .arg(root())
    .args(["stackc-check", "--files", "stack.toml"])
    .output()
    .expect("pre-commit is installed: run .ci/run");
  (
    output.status.success(),
    format!(
      "{}{}",
      String::from_utf8_lossy(&output.stdout),
      String::from_utf8_lossy(&output.stderr)
    ),
  )
}

#[test]
fn the_pre_commit_hook_passes_a_good_stack_and_fails_a_broken_one() {
  let good = fs::read_to_string(root().join("stacks/minimal.toml")).unwrap();
  let (passed, output) = hook_on(&good);
  assert!(passed, "{output}");
  assert!(output.contains("stackc check"), "{output}");
  let (passed, output) = hook_on(&good.replace("name = \"minimal\"", "name = \"Not A Name\""));
  assert!(!passed, "{output}");
  assert!(output.contains("SC109"), "{output}");
}
