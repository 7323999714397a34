//! Runs the real `stackc` binary, as a user would: arguments in; stdout,
//! stderr and exit code out.

#![allow(dead_code)]

pub mod age;
pub mod built;
pub mod compose;
pub mod lsp_client;
pub mod postgres;
pub mod sections;
pub mod swarm;

use std::{
  path::{Path, PathBuf},
  process::Command,
};

pub struct Output {
  pub status: i32,
  pub stdout: String,
  pub stderr: String,
}

pub fn stackc<I, S>(arguments: I) -> Output
where
  I: IntoIterator<Item = S>,
  S: AsRef<std::ffi::OsStr>,
{
  stackc_in(Path::new(env!("CARGO_MANIFEST_DIR")), arguments, &[])
}

pub fn stackc_in<I, S>(directory: &Path, arguments: I, environment: &[(&str, &str)]) -> Output
where
  I: IntoIterator<Item = S>,
  S: AsRef<std::ffi::OsStr>,
{
  let mut command = Command::new(env!("CARGO_BIN_EXE_stackc"));
  command
    .args(arguments)
    .current_dir(directory)
    .env_remove("NO_COLOR");
  for (key, value) in environment {
    command.env(key, value);
  }
  let output = command.output().expect("stackc runs");
  Output {
    status: output
      .status
      .code()
      .expect("stackc exits normally, not by a signal"),
    stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
    stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
  }
}

/// Runs git in `directory` as a throwaway identity; fails the test if git does.
pub fn git(directory: &Path, arguments: &[&str]) {
  let status = Command::new("git")
    .current_dir(directory)
    .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
    .args(arguments)
    .status()
    .unwrap();
  assert!(status.success(), "git {arguments:?}");
}

pub fn root() -> PathBuf {
  PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled valid stacks, `stacks/*.toml`, as paths relative to the root.
pub fn stacks() -> Vec<String> {
  let mut stacks: Vec<String> = std::fs::read_dir(root().join("stacks"))
    .expect("stacks/ exists")
    .map(|entry| entry.expect("entry").path())
    .filter(|path| path.extension().is_some_and(|e| e == "toml"))
    .map(|path| format!("stacks/{}", path.file_name().unwrap().to_string_lossy()))
    .collect();
  stacks.sort();
  stacks
}

/// A scratch directory holding a copy of `stacks/<stack>` as `stack.toml`.
pub fn scratch(stack: &str) -> tempfile::TempDir {
  let directory = tempfile::tempdir().unwrap();
  std::fs::copy(
    root().join("stacks").join(stack),
    directory.path().join("stack.toml"),
  )
  .unwrap();
  directory
}

/// As `scratch`, with `extra` appended to the stack file: a bundled stack
/// with one more service, say.
pub fn scratch_with(stack: &str, extra: &str) -> tempfile::TempDir {
  let directory = scratch(stack);
  let path = directory.path().join("stack.toml");
  let text = std::fs::read_to_string(&path).unwrap();
  std::fs::write(&path, format!("{text}{extra}")).unwrap();
  directory
}

/// The `[stack]` every hand-written test stack starts with.
pub const HEADER: &str =
  "version = 1\n[stack]\nname = \"s\"\ndomain = \"example.com\"\nacme_email = \"a@example.com\"\n";

/// A scratch directory holding `stack.toml`: `HEADER`, then `body`.
pub fn stack_with(body: &str) -> tempfile::TempDir {
  let directory = tempfile::tempdir().unwrap();
  std::fs::write(
    directory.path().join("stack.toml"),
    format!("{HEADER}{body}"),
  )
  .unwrap();
  directory
}

/// Every file under `directory`, recursively (not `target/` or `.git/`),
/// by path relative to it, sorted.
pub fn files(directory: &Path) -> Vec<(PathBuf, Vec<u8>)> {
  let mut found = Vec::new();
  let mut pending = vec![directory.to_path_buf()];
  while let Some(path) = pending.pop() {
    for entry in std::fs::read_dir(&path).unwrap() {
      let path = entry.unwrap().path();
      if path.is_dir() {
        if path
          .file_name()
          .is_some_and(|name| name != "target" && name != ".git")
        {
          pending.push(path);
        }
      } else {
        let relative = path.strip_prefix(directory).unwrap().to_path_buf();
        found.push((relative, std::fs::read(&path).unwrap()));
      }
    }
  }
  found.sort();
  found
}

/// `stackc_in`, killed and failed if it runs longer than `limit`: for inputs
/// that must never make it block (a FIFO, a device) or crawl.
pub fn stackc_within<I, S>(directory: &Path, arguments: I, limit: std::time::Duration) -> Output
where
  I: IntoIterator<Item = S>,
  S: AsRef<std::ffi::OsStr>,
{
  use std::{io::Read, process::Stdio, time::Instant};
  let mut child = Command::new(env!("CARGO_BIN_EXE_stackc"))
    .args(arguments)
    .current_dir(directory)
    .env_remove("NO_COLOR")
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .expect("stackc runs");
  // Drained on threads, so that a large output cannot fill a pipe and stall.
  let drain = |mut pipe: Box<dyn Read + Send>| {
    std::thread::spawn(move || {
      let mut bytes = Vec::new();
      pipe.read_to_end(&mut bytes).unwrap();
      String::from_utf8(bytes).expect("output is UTF-8")
    })
  };
  let stdout = drain(Box::new(child.stdout.take().unwrap()));
  let stderr = drain(Box::new(child.stderr.take().unwrap()));
  let started = Instant::now();
  let status = loop {
    if let Some(status) = child.try_wait().unwrap() {
      break status;
    }
    if started.elapsed() > limit {
      child.kill().unwrap();
      child.wait().unwrap();
      panic!("stackc ran for more than {limit:?} and was killed");
    }
    std::thread::sleep(std::time::Duration::from_millis(10));
  };
  Output {
    status: status
      .code()
      .expect("stackc exits normally, not by a signal"),
    stdout: stdout.join().unwrap(),
    stderr: stderr.join().unwrap(),
  }
}
