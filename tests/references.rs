//! Files a stack file names (`prompt_file`), attacked as a hostile pull
//! request would: every escape from the stack's folder, the secret store,
//! a deployment's `.env`, the output directory, and files that would block
//! or exhaust a reader. Each must end, quickly, in SC311 at the value, with
//! nothing written and nothing of the file shown.

mod common;

use {
  common::{Output, stackc_within},
  serde_json::Value,
  std::{
    ffi::CString,
    fs,
    os::unix::{ffi::OsStrExt, fs::symlink},
    path::Path,
    time::Duration,
  },
};

/// A run that blocks is killed and fails the test; this is no timing claim.
const LIMIT: Duration = Duration::from_secs(10);

/// Stands for a secret: must never reach any output.
const SECRET: &str = "never-shown-4f7a1c";

/// A valid stack whose billing agent reads `prompt_file`, on line 19.
fn stack(prompt_file: &str) -> String {
  format!(
    r#"version = 1
[stack]
name = "s"
domain = "example.com"
acme_email = "a@example.com"
[secrets]
openai_api_key = {{ from_env = "OPENAI_API_KEY" }}
[services.postgresql]
[services.redis]
[orchestratai]
vector_store = "chromadb"
embedding_model = "openai/text-embedding-3-large"
[orchestratai.providers.openai]
api_key = "{{{{ secrets.openai_api_key }}}}"
[orchestratai.orchestrator]
analysis_model = "openai/gpt-4o"
guide_model = "openai/gpt-4o-mini"
[orchestratai.agents.billing]
prompt_file = {prompt_file:?}
strategy = "cag"
model = "openai/gpt-4o-mini"
[services.caddy]
"#
  )
}

const LINE: u64 = 19;
const COLUMN: u64 = 15;

fn project(prompt_file: &str) -> tempfile::TempDir {
  let directory = tempfile::tempdir().unwrap();
  fs::write(directory.path().join("stack.toml"), stack(prompt_file)).unwrap();
  fs::create_dir(directory.path().join("prompts")).unwrap();
  directory
}

/// Every entry under `directory` with its kind and size, and the contents
/// of small regular files: the test itself must not read a FIFO or 20 GB.
fn tree(directory: &Path) -> Vec<(std::path::PathBuf, String, u64, Vec<u8>)> {
  let mut found = Vec::new();
  let mut pending = vec![directory.to_path_buf()];
  while let Some(path) = pending.pop() {
    for entry in fs::read_dir(&path).unwrap() {
      let path = entry.unwrap().path();
      let metadata = fs::symlink_metadata(&path).unwrap();
      let kind = format!("{:?}", metadata.file_type());
      let contents = if metadata.is_file() && metadata.len() < 1 << 20 {
        fs::read(&path).unwrap()
      } else {
        Vec::new()
      };
      if metadata.is_dir() {
        pending.push(path.clone());
      }
      let relative = path.strip_prefix(directory).unwrap().to_path_buf();
      found.push((relative, kind, metadata.len(), contents));
    }
  }
  found.sort();
  found
}

fn run(directory: &Path, arguments: &[&str]) -> Output {
  stackc_within(directory, arguments, LIMIT)
}

/// `check` and `build` both refuse the reference with SC311 at the value,
/// saying `expected`; the build writes nothing; no output shows the secret.
fn refused(directory: &Path, expected: &str) {
  let output = run(directory, &["check", "stack.toml", "--format", "json"]);
  assert_eq!(output.status, 1, "{}{}", output.stdout, output.stderr);
  let diagnostics: Value = serde_json::from_str(&output.stdout).unwrap();
  // `prompt_file` also draws SC319 (no effect on OrchestratAI): a warning.
  let errors: Vec<&Value> = diagnostics
    .as_array()
    .unwrap()
    .iter()
    .filter(|d| d["severity"] == "error")
    .collect();
  let found: Vec<_> = errors
    .iter()
    .map(|d| (d["code"].clone(), d["line"].clone(), d["column"].clone()))
    .collect();
  assert_eq!(
    found,
    vec![(Value::from("SC311"), Value::from(LINE), Value::from(COLUMN))],
    "{}",
    output.stdout
  );
  let message = errors[0]["message"].as_str().unwrap();
  assert!(message.contains(expected), "{message}");
  assert!(errors[0]["help"].is_string());

  let before = tree(directory);
  for format in ["json", "human"] {
    let output = run(
      directory,
      &["build", "stack.toml", "--out", "out", "--format", format],
    );
    assert_eq!(output.status, 1, "{}", output.stderr);
    let shown = format!("{}{}", output.stdout, output.stderr);
    assert!(shown.contains("SC311"), "{shown}");
    assert!(!shown.contains(SECRET), "{shown}");
    if format == "json" {
      assert!(output.stdout.contains(expected), "{shown}");
    }
  }
  assert_eq!(before, tree(directory), "the build wrote something");
}

#[test]
fn a_plain_prompt_file_is_read() {
  let directory = project("prompts/billing.md");
  fs::write(directory.path().join("prompts/billing.md"), "Be brief.\n").unwrap();
  let output = run(directory.path(), &["build", "stack.toml", "--out", "out"]);
  assert_eq!(output.status, 0, "{}", output.stderr);
  let agents = fs::read_to_string(directory.path().join("out/orchestratai/agents.json")).unwrap();
  assert!(agents.contains("\"prompt\": \"Be brief.\\n\""), "{agents}");
}

#[test]
fn an_absolute_path_is_refused() {
  refused(project("/etc/passwd").path(), "is an absolute path");
}

#[test]
fn a_parent_directory_is_refused_even_when_it_exists() {
  let outer = tempfile::tempdir().unwrap();
  fs::write(outer.path().join("x"), SECRET).unwrap();
  let inner = outer.path().join("stack");
  fs::create_dir(&inner).unwrap();
  fs::write(inner.join("stack.toml"), stack("../x")).unwrap();
  refused(&inner, "`..`");
  // Hidden in the middle of a path too.
  fs::create_dir(inner.join("prompts")).unwrap();
  fs::write(inner.join("stack.toml"), stack("prompts/../../x")).unwrap();
  refused(&inner, "`..`");
}

#[test]
fn a_symlink_out_of_the_folder_is_refused() {
  let elsewhere = tempfile::tempdir().unwrap();
  fs::write(elsewhere.path().join("secret.txt"), SECRET).unwrap();
  let directory = project("prompts/billing.md");
  symlink(
    elsewhere.path().join("secret.txt"),
    directory.path().join("prompts/billing.md"),
  )
  .unwrap();
  refused(directory.path(), "outside the stack's folder");
  // A symlinked folder leads out just the same.
  fs::remove_file(directory.path().join("prompts/billing.md")).unwrap();
  fs::remove_dir(directory.path().join("prompts")).unwrap();
  symlink(elsewhere.path(), directory.path().join("prompts")).unwrap();
  fs::write(
    directory.path().join("stack.toml"),
    stack("prompts/secret.txt"),
  )
  .unwrap();
  refused(directory.path(), "outside the stack's folder");
}

#[test]
fn dev_zero_through_a_symlink_is_refused() {
  let directory = project("prompts/billing.md");
  symlink("/dev/zero", directory.path().join("prompts/billing.md")).unwrap();
  refused(directory.path(), "outside the stack's folder");
}

#[test]
fn a_fifo_is_refused_without_blocking() {
  let directory = project("prompts/billing.md");
  let path = directory.path().join("prompts/billing.md");
  let c_path = CString::new(path.as_os_str().as_bytes()).unwrap();
  // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
  assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) }, 0);
  refused(directory.path(), "is a FIFO, not a regular file");
}

#[test]
fn a_directory_is_refused() {
  refused(project("prompts").path(), "is a directory");
}

#[test]
fn a_sparse_twenty_gigabyte_file_is_refused_unread() {
  let directory = project("prompts/billing.md");
  let file = fs::File::create(directory.path().join("prompts/billing.md")).unwrap();
  file.set_len(20 << 30).unwrap();
  refused(directory.path(), "more than the limit of 262144 bytes");
}

#[test]
fn a_file_just_over_the_limit_is_refused_and_one_at_it_is_read() {
  let directory = project("prompts/billing.md");
  let path = directory.path().join("prompts/billing.md");
  fs::write(&path, "a".repeat(256 * 1024 + 1)).unwrap();
  refused(directory.path(), "is 262145 bytes");
  fs::write(&path, "a".repeat(256 * 1024)).unwrap();
  let output = run(directory.path(), &["check", "stack.toml"]);
  assert_eq!(output.status, 0, "{}", output.stderr);
}

#[test]
fn the_secret_store_is_refused_directly_and_through_a_symlink() {
  let directory = project(".stackc/stack.secrets.toml");
  fs::create_dir(directory.path().join(".stackc")).unwrap();
  fs::write(
    directory.path().join(".stackc/stack.secrets.toml"),
    format!("[x]\nvalue = \"{SECRET}\"\n"),
  )
  .unwrap();
  refused(directory.path(), "secret store");
  symlink(
    "../.stackc/stack.secrets.toml",
    directory.path().join("prompts/billing.md"),
  )
  .unwrap();
  fs::write(
    directory.path().join("stack.toml"),
    stack("prompts/billing.md"),
  )
  .unwrap();
  refused(directory.path(), "secret store");
}

#[test]
fn another_deployments_env_file_is_refused() {
  let directory = project("old-deploy/.env");
  fs::create_dir(directory.path().join("old-deploy")).unwrap();
  fs::write(
    directory.path().join("old-deploy/.env"),
    format!("X={SECRET}\n"),
  )
  .unwrap();
  refused(directory.path(), "`.env` file");
}

#[test]
fn the_output_directory_is_refused() {
  let directory = project("out/notes.md");
  fs::create_dir(directory.path().join("out")).unwrap();
  fs::write(directory.path().join("out/notes.md"), SECRET).unwrap();
  // `check` alone does not know the output directory; `build` and
  // `check --deploy` do.
  let output = run(directory.path(), &["check", "stack.toml"]);
  assert_eq!(output.status, 0, "{}", output.stderr);
  for arguments in [
    &["build", "stack.toml", "--out", "out"][..],
    &["build", "stack.toml", "--out", "out", "--check"],
    &["diff", "stack.toml", "--out", "out"],
    &["check", "stack.toml", "--deploy", "out"],
  ] {
    let before = tree(directory.path());
    let output = run(directory.path(), arguments);
    assert_eq!(output.status, 1, "{arguments:?}: {}", output.stderr);
    assert!(
      output.stderr.contains("SC311") && output.stderr.contains("inside the output directory"),
      "{arguments:?}: {}",
      output.stderr
    );
    assert!(!output.stdout.contains(SECRET) && !output.stderr.contains(SECRET));
    assert_eq!(before, tree(directory.path()), "{arguments:?}");
  }
}

/// A hard link inside the stack's folder is the store, or a `.env`, under a
/// second name that no path check can see through: every file with more
/// than one name is refused, wherever the other name is.
#[test]
fn a_hard_link_to_the_secret_store_or_an_output_file_is_refused() {
  let directory = project("prompts/billing.md");
  let root = directory.path();
  fs::create_dir(root.join(".stackc")).unwrap();
  fs::write(
    root.join(".stackc/stack.secrets.toml"),
    format!("[x]\nvalue = \"{SECRET}\"\n"),
  )
  .unwrap();
  fs::hard_link(
    root.join(".stackc/stack.secrets.toml"),
    root.join("prompts/billing.md"),
  )
  .unwrap();
  refused(root, "2 names (hard links)");

  // An output directory's `.env`, which `check` without `--out` knows nothing of.
  fs::remove_file(root.join("prompts/billing.md")).unwrap();
  fs::create_dir(root.join("deploy")).unwrap();
  fs::write(root.join("deploy/.env"), format!("X={SECRET}\n")).unwrap();
  fs::hard_link(root.join("deploy/.env"), root.join("prompts/billing.md")).unwrap();
  refused(root, "hard links");

  // A copy has one name, and is read.
  fs::remove_file(root.join("prompts/billing.md")).unwrap();
  fs::write(root.join("prompts/billing.md"), "Be brief.\n").unwrap();
  let output = run(root, &["check", "stack.toml"]);
  assert_eq!(output.status, 0, "{}", output.stderr);
}
