//! `stackc build`, `build --check`, `diff` and `graph` as an operator meets
//! them: what is written, what is not, and what a failure leaves behind.

mod common;

use {
  common::{root, scratch, stackc_in},
  std::{fs, os::unix::fs::PermissionsExt, path::Path},
};

fn build(directory: &Path, extra: &[&str]) -> common::Output {
  let mut arguments = vec!["build", "stack.toml", "--out", "out"];
  arguments.extend(extra);
  stackc_in(directory, arguments, &[])
}

fn read_tree(directory: &Path) -> Vec<(String, Vec<u8>)> {
  common::files(directory)
    .into_iter()
    .map(|(path, bytes)| (path.display().to_string(), bytes))
    .collect()
}

#[test]
fn build_writes_every_artifact_with_private_env() {
  let directory = scratch("borgstack.toml");
  let output = build(directory.path(), &["--profile", "development"]);
  assert_eq!(output.status, 0, "{}", output.stderr);
  let out = directory.path().join("out");
  let names: Vec<String> = read_tree(&out).into_iter().map(|(name, _)| name).collect();
  assert_eq!(
    names,
    [
      ".env",
      ".env.example",
      "CHECKLIST.md",
      "Caddyfile",
      "Caddyfile.development",
      "docker-compose.development.yml",
      "docker-compose.yml",
      "mongodb/backup.sh",
      "mongodb/provision.js",
      "postgresql/backup.sh",
      "postgresql/provision.sh",
      "postgresql/provision.sql",
    ]
  );
  let mode = |path: &str| fs::metadata(out.join(path)).unwrap().permissions().mode() & 0o777;
  assert_eq!(mode(".env"), 0o600);
  assert_eq!(mode("postgresql/provision.sh"), 0o755);
  assert_eq!(mode("postgresql/backup.sh"), 0o755);
  assert_eq!(mode("docker-compose.yml"), 0o644);
  let store = directory.path().join(".stackc/stack.secrets.toml");
  assert_eq!(
    fs::metadata(&store).unwrap().permissions().mode() & 0o777,
    0o600
  );
  assert_eq!(
    fs::metadata(store.parent().unwrap())
      .unwrap()
      .permissions()
      .mode()
      & 0o777,
    0o700
  );
}

#[test]
fn the_same_input_gives_the_same_bytes() {
  let directory = scratch("borgstack.toml");
  assert_eq!(build(directory.path(), &[]).status, 0);
  let first = read_tree(&directory.path().join("out"));
  fs::remove_dir_all(directory.path().join("out")).unwrap();
  assert_eq!(build(directory.path(), &[]).status, 0);
  assert_eq!(read_tree(&directory.path().join("out")), first);
  // From another working directory and path, too.
  let elsewhere = tempfile::tempdir().unwrap();
  let stack = directory.path().join("stack.toml");
  let out = elsewhere.path().join("out");
  let output = stackc_in(
    elsewhere.path(),
    [
      "build",
      stack.to_str().unwrap(),
      "--out",
      out.to_str().unwrap(),
    ],
    &[],
  );
  assert_eq!(output.status, 0, "{}", output.stderr);
  assert_eq!(read_tree(&out), first);
}

#[test]
fn build_check_passes_on_fresh_output_and_fails_after_a_change() {
  let directory = scratch("minimal.toml");
  assert_eq!(build(directory.path(), &[]).status, 0);
  let output = build(directory.path(), &["--check"]);
  assert_eq!(output.status, 0, "{}", output.stderr);
  assert_eq!(output.stderr, "out: up to date\n");
  let stack = directory.path().join("stack.toml");
  let text = fs::read_to_string(&stack).unwrap();
  fs::write(
    &stack,
    text.replace("subdomain = \"automation\"", "subdomain = \"flows\""),
  )
  .unwrap();
  let before = read_tree(&directory.path().join("out"));
  let output = build(directory.path(), &["--check"]);
  assert_eq!(output.status, 1);
  assert_eq!(
    output.stdout,
    "out/docker-compose.yml\nout/Caddyfile\nout/CHECKLIST.md\n"
  );
  assert_eq!(
    read_tree(&directory.path().join("out")),
    before,
    "--check writes nothing"
  );
}

#[test]
fn build_check_generates_no_secret() {
  let directory = scratch("minimal.toml");
  let output = build(directory.path(), &["--check"]);
  assert_eq!(output.status, 1);
  assert!(!directory.path().join(".stackc").exists());
  assert!(!directory.path().join("out").exists());
}

#[test]
fn diff_prints_a_unified_diff_of_what_would_change() {
  let directory = scratch("minimal.toml");
  assert_eq!(build(directory.path(), &[]).status, 0);
  let output = stackc_in(
    directory.path(),
    ["diff", "stack.toml", "--out", "out"],
    &[],
  );
  assert_eq!((output.status, output.stdout.as_str()), (0, ""));
  let stack = directory.path().join("stack.toml");
  let text = fs::read_to_string(&stack).unwrap();
  fs::write(
    &stack,
    text.replace("subdomain = \"automation\"", "subdomain = \"flows\""),
  )
  .unwrap();
  let output = stackc_in(
    directory.path(),
    ["diff", "stack.toml", "--out", "out"],
    &[],
  );
  // 1 when files differ, as `build --check`.
  assert_eq!(output.status, 1, "{}", output.stderr);
  assert!(
    output
      .stdout
      .contains("--- a/docker-compose.yml\n+++ b/docker-compose.yml\n"),
    "{}",
    output.stdout
  );
  assert!(output.stdout.contains(
    "-      N8N_HOST: \"automation.example.com\"\n+      N8N_HOST: \"flows.example.com\"\n"
  ));
  assert!(output.stdout.contains("+flows.example.com {"));
  assert!(!output.stdout.contains(".env\n"), "diff never shows .env");
}

#[test]
fn an_invalid_stack_writes_nothing_and_leaves_the_previous_output() {
  let directory = scratch("minimal.toml");
  assert_eq!(build(directory.path(), &[]).status, 0);
  let before = read_tree(&directory.path().join("out"));
  let stack = directory.path().join("stack.toml");
  let text = fs::read_to_string(&stack).unwrap();
  fs::write(&stack, text.replace("[services.postgresql]\n", "")).unwrap();
  let output = build(directory.path(), &[]);
  assert_eq!(output.status, 1);
  assert!(output.stderr.contains("SC102"));
  assert_eq!(read_tree(&directory.path().join("out")), before);
}

#[test]
fn a_rebuild_writes_nothing_unless_a_file_or_its_mode_changed() {
  let directory = scratch("minimal.toml");
  assert_eq!(build(directory.path(), &[]).status, 0);
  let out = directory.path().join("out");
  let written = |output: &common::Output| {
    assert_eq!(output.status, 0, "{}", output.stderr);
    output.stderr.lines().last().unwrap_or_default().to_owned()
  };
  let files = read_tree(&out).len();
  assert_eq!(
    written(&build(directory.path(), &[])),
    format!("out: wrote 0 of {files} files")
  );
  // Same bytes, but readable by everyone: the mode alone is put right.
  let env = out.join(".env");
  let bytes = fs::read(&env).unwrap();
  fs::set_permissions(&env, fs::Permissions::from_mode(0o644)).unwrap();
  assert_eq!(
    written(&build(directory.path(), &[])),
    format!("out: wrote 1 of {files} files")
  );
  assert_eq!(
    fs::metadata(&env).unwrap().permissions().mode() & 0o777,
    0o600
  );
  assert_eq!(fs::read(&env).unwrap(), bytes);
}

#[test]
fn files_the_build_did_not_produce_are_left_alone() {
  let directory = scratch("minimal.toml");
  let out = directory.path().join("out");
  fs::create_dir_all(&out).unwrap();
  fs::write(out.join("notes.txt"), "mine").unwrap();
  assert_eq!(build(directory.path(), &[]).status, 0);
  assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
}

#[test]
fn a_failed_write_leaves_the_previous_output_whole() {
  let directory = scratch("minimal.toml");
  assert_eq!(build(directory.path(), &[]).status, 0);
  let out = directory.path().join("out");
  let before = read_tree(&out);
  let stack = directory.path().join("stack.toml");
  let text = fs::read_to_string(&stack).unwrap();
  fs::write(
    &stack,
    text.replace("subdomain = \"automation\"", "subdomain = \"flows\""),
  )
  .unwrap();
  // `postgresql/` cannot be written to: the build fails part-way through.
  let locked = out.join("postgresql");
  fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).unwrap();
  // Root ignores directory permissions; make the directory a file instead.
  fs::rename(&locked, directory.path().join("moved")).unwrap();
  fs::write(&locked, "not a directory").unwrap();
  let output = build(directory.path(), &[]);
  assert_eq!(output.status, 2, "{}", output.stderr);
  assert!(
    output
      .stderr
      .contains("the previous files were left as they were"),
    "{}",
    output.stderr
  );
  fs::remove_file(&locked).unwrap();
  fs::rename(directory.path().join("moved"), &locked).unwrap();
  fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
  assert_eq!(read_tree(&out), before, "no file was replaced");
}

#[test]
fn values_filled_in_by_hand_survive_a_rebuild() {
  let directory = common::stack_with(
    "[secrets]\ntoken = { manual = \"from the admin UI\" }\n[services.api]\nimage = \"acme/api:1.0\"\nenv = { TOKEN = \"{{ secrets.token }}\" }\n",
  );
  assert_eq!(build(directory.path(), &[]).status, 0);
  let env = directory.path().join("out/.env");
  let text = fs::read_to_string(&env).unwrap();
  assert!(text.contains("\nTOKEN=\n"), "{text}");
  fs::write(
    &env,
    text.replace("\nTOKEN=\n", "\nTOKEN=filled-in-by-hand\n"),
  )
  .unwrap();
  assert_eq!(build(directory.path(), &[]).status, 0);
  assert!(
    fs::read_to_string(&env)
      .unwrap()
      .contains("\nTOKEN=filled-in-by-hand\n")
  );
}

#[test]
fn an_unknown_profile_cannot_run() {
  let directory = scratch("minimal.toml");
  let output = build(directory.path(), &["--profile", "staging"]);
  assert_eq!(output.status, 2);
  assert_eq!(
    output.stderr,
    "error: no profile `staging` in the stack file (profiles: none)\n"
  );
}

#[test]
fn service_names_cannot_write_outside_the_output_directory() {
  let directory = common::stack_with("[services.\"../escape\"]\nimage = \"acme/api:1.0\"\n");
  let output = build(directory.path(), &[]);
  assert_eq!(output.status, 1);
  assert!(output.stderr.contains("SC112"));
  assert!(!directory.path().join("escape").exists());
  assert!(!directory.path().join("out").exists());
}

#[test]
fn graph_prints_mermaid_or_dot() {
  let output = stackc_in(&root(), ["graph", "stacks/minimal.toml"], &[]);
  assert_eq!(output.status, 0, "{}", output.stderr);
  assert!(output.stdout.starts_with("flowchart LR\n"));
  assert!(
    output
      .stdout
      .contains("  caddy -->|automation.example.com| n8n\n")
  );
  assert!(
    output
      .stdout
      .contains("  n8n -.->|depends on| postgresql\n")
  );
  let output = stackc_in(
    &root(),
    ["graph", "stacks/minimal.toml", "--format", "dot"],
    &[],
  );
  assert!(output.stdout.starts_with("digraph \"minimal\" {\n"));
  assert!(
    output
      .stdout
      .contains("  \"n8n\" -> \"postgresql\" [style=dashed];\n")
  );
  // The checklist carries the same diagram.
  let directory = scratch("minimal.toml");
  assert_eq!(build(directory.path(), &[]).status, 0);
  let checklist = fs::read_to_string(directory.path().join("out/CHECKLIST.md")).unwrap();
  let mermaid = stackc_in(&root(), ["graph", "stacks/minimal.toml"], &[]).stdout;
  assert!(checklist.contains(&format!("```mermaid\n{mermaid}```\n")));
}
