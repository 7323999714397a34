//! `stackc review`, as a reviewer runs it on a pull request: two versions of
//! the bundled BorgStack stack, in every format, and against git.

mod common;

use {
  common::{git, root, stackc_in},
  serde_json::Value,
  std::{fs, process::Command},
};

/// The bundled stack with one image moved, Duplicati removed and a volume
/// added to n8n.
fn changed(original: &str) -> String {
  let changed = original
    .replace(
      "[services.n8n]\n",
      "[services.n8n]\nimage = \"n8nio/n8n:1.114.0\"\nvolumes = { n8n_files = \"/files\" }\n",
    )
    .replace("[services.duplicati]\n", "");
  assert_ne!(changed, original);
  changed
}

fn two_versions() -> tempfile::TempDir {
  let directory = tempfile::tempdir().unwrap();
  let original = fs::read_to_string(root().join("stacks/borgstack.toml")).unwrap();
  fs::write(directory.path().join("old.toml"), &original).unwrap();
  fs::write(directory.path().join("new.toml"), changed(&original)).unwrap();
  directory
}

#[test]
fn an_image_a_removed_service_and_an_added_volume_are_all_named() {
  let directory = two_versions();
  let output = stackc_in(directory.path(), ["review", "old.toml", "new.toml"], &[]);
  assert_eq!(output.status, 0, "{}", output.stderr);
  let text = output.stdout;
  assert!(
    text.contains("image: n8nio/n8n:1.113.3 → n8nio/n8n:1.114.0 (upgrade)"),
    "{text}"
  );
  assert!(
    text.contains(" ! removed: ran duplicati/duplicati:"),
    "{text}"
  );
  assert!(text.contains("   added: volume n8n_files"), "{text}");
  assert!(text.contains("volumes: mounts n8n_files"), "{text}");
  // Only what is lost is flagged: the upgrade and the new volume are not.
  for line in text.lines() {
    if line.contains("n8n_files") || line.contains("(upgrade)") {
      assert!(!line.starts_with(" !"), "{line}");
    }
  }
  assert!(text.ends_with("dangerous\n"), "{text}");
}

#[test]
fn markdown_for_a_pull_request_comment() {
  let directory = two_versions();
  let output = stackc_in(
    directory.path(),
    ["review", "old.toml", "new.toml", "--format", "markdown"],
    &[],
  );
  assert_eq!(output.status, 0, "{}", output.stderr);
  let markdown = output.stdout;
  assert!(markdown.starts_with("### What this change does to the deployment\n"));
  assert!(markdown.contains("> [!WARNING]"), "{markdown}");
  assert!(markdown.contains("**duplicati**"), "{markdown}");
  assert!(
    markdown.contains("- ⚠️ removed: ran duplicati/duplicati:"),
    "{markdown}"
  );
  // It renders as a list, with nothing raw: markdown-it (CommonMark) reads it.
  let html = Command::new("python3")
    .args([
      "-c",
      "import sys, markdown_it; print(markdown_it.MarkdownIt().render(sys.stdin.read()))",
    ])
    .stdin(std::process::Stdio::piped())
    .stdout(std::process::Stdio::piped())
    .spawn()
    .and_then(|mut child| {
      use std::io::Write;
      child.stdin.take().unwrap().write_all(markdown.as_bytes())?;
      child.wait_with_output()
    })
    .expect("markdown-it-py is installed: run .ci/run");
  let html = String::from_utf8(html.stdout).unwrap();
  assert!(html.contains("<strong>duplicati</strong>"), "{html}");
  assert!(
    html.contains("<li>⚠️ removed: ran duplicati/duplicati:"),
    "{html}"
  );
  assert!(html.contains("added: volume n8n_files"), "{html}");
}

#[test]
fn json_is_one_object_per_change_and_deny_dangerous_fails() {
  let directory = two_versions();
  let output = stackc_in(
    directory.path(),
    [
      "review",
      "old.toml",
      "new.toml",
      "--format",
      "json",
      "--deny-dangerous",
    ],
    &[],
  );
  assert_eq!(output.status, 1, "{}", output.stderr);
  let changes: Value = serde_json::from_str(&output.stdout).unwrap();
  let changes = changes.as_array().unwrap();
  let removed = changes
    .iter()
    .find(|c| c["subject"] == "duplicati" && c["kind"] == "removed")
    .unwrap();
  assert!(
    removed["danger"]
      .as_str()
      .unwrap()
      .contains("duplicati_config")
  );
  let image = changes
    .iter()
    .find(|c| c["subject"] == "n8n" && c["kind"] == "image")
    .unwrap();
  assert!(image.get("danger").is_none());
  // The same stack twice: nothing changes, nothing fails.
  let same = stackc_in(
    directory.path(),
    ["review", "old.toml", "old.toml", "--deny-dangerous"],
    &[],
  );
  assert_eq!(same.status, 0);
  assert_eq!(same.stdout, "no change to the deployment\n");
}

#[test]
fn a_database_major_version_is_dangerous_and_a_new_port_too() {
  let directory = tempfile::tempdir().unwrap();
  let original = fs::read_to_string(root().join("stacks/minimal.toml")).unwrap();
  fs::write(directory.path().join("old.toml"), &original).unwrap();
  fs::write(
    directory.path().join("new.toml"),
    original.replace(
      "[services.postgresql]\n",
      "[services.postgresql]\nimage = \"pgvector/pgvector:0.8.6-pg19\"\n",
    ),
  )
  .unwrap();
  let output = stackc_in(directory.path(), ["review", "old.toml", "new.toml"], &[]);
  assert!(
    output
      .stdout
      .contains("dangerous: postgresql 18 → 19 is a major version"),
    "{}{}",
    output.stdout,
    output.stderr
  );
}

#[test]
fn base_compares_the_committed_stack_with_the_working_copy() {
  let directory = tempfile::tempdir().unwrap();
  let path = directory.path();
  let original = fs::read_to_string(root().join("stacks/borgstack.toml")).unwrap();
  fs::write(path.join("stack.toml"), &original).unwrap();
  git(path, &["init", "-q"]);
  git(path, &["add", "stack.toml"]);
  git(path, &["commit", "-q", "-m", "stack"]);
  fs::write(path.join("stack.toml"), changed(&original)).unwrap();
  let output = stackc_in(path, ["review", "--base", "HEAD"], &[]);
  assert_eq!(output.status, 0, "{}", output.stderr);
  assert!(output.stdout.contains("(upgrade)"), "{}", output.stdout);
  let unknown = stackc_in(path, ["review", "--base", "no-such-revision"], &[]);
  assert_eq!(unknown.status, 2);
  assert!(
    unknown.stderr.contains("no-such-revision"),
    "{}",
    unknown.stderr
  );
}

#[test]
fn an_invalid_side_is_reported_and_nothing_is_compared() {
  let directory = two_versions();
  fs::write(
    directory.path().join("broken.toml"),
    "version = 1\n[stack]\nname = 3\n",
  )
  .unwrap();
  let output = stackc_in(directory.path(), ["review", "old.toml", "broken.toml"], &[]);
  assert_eq!(output.status, 1);
  assert!(output.stderr.contains("broken.toml"), "{}", output.stderr);
  assert!(output.stdout.is_empty());
  let missing = stackc_in(directory.path(), ["review", "old.toml", "nope.toml"], &[]);
  assert_eq!(missing.status, 2);
  let one = stackc_in(directory.path(), ["review", "old.toml"], &[]);
  assert_eq!(one.status, 2);
}
