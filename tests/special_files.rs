//! Every file stackc reads that another process, a pull request or a lost
//! disk could replace: the stack file, the secret store, its lock, the
//! deployed `.env` and the files of the output directory. Replaced by a
//! FIFO (a read would block forever), a device (a read would never end) or
//! a sparse 20 GB file (a read would exhaust memory), each must end in a
//! clear message naming the file, the right exit code and nothing written.

mod common;

use {
  common::{HEADER, Output, stackc_within},
  std::{
    ffi::CString,
    fs,
    os::unix::{
      ffi::OsStrExt,
      fs::{MetadataExt, symlink},
    },
    path::Path,
    process::Command,
    time::Duration,
  },
};

/// A run that blocks is killed and fails the test; this is no timing claim.
const LIMIT: Duration = Duration::from_secs(10);

const BODY: &str = "[secrets]\ntoken = { generate = \"hex\" }\n[services.api]\nimage = \"acme/api:1.0\"\nenv = { TOKEN = \"{{ secrets.token }}\" }\n";

/// What can be put where a file should be.
#[derive(Clone, Copy, Debug)]
enum Hazard {
  Fifo,
  Device,
  Huge,
}

const HAZARDS: [Hazard; 3] = [Hazard::Fifo, Hazard::Device, Hazard::Huge];

impl Hazard {
  fn create(self, path: &Path) {
    match self {
      Self::Fifo => {
        let c_path = CString::new(path.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
      }
      Self::Device => symlink("/dev/zero", path).unwrap(),
      Self::Huge => {
        let status = Command::new("truncate")
          .args(["-s", "20G"])
          .arg(path)
          .status()
          .unwrap();
        assert!(status.success());
      }
    }
  }

  /// What stackc says of it.
  fn described(self) -> &'static str {
    match self {
      Self::Fifo => "is a FIFO, not a regular file",
      Self::Device => "is a character device, not a regular file",
      Self::Huge => "is 21474836480 bytes, more than the limit of",
    }
  }
}

fn project() -> tempfile::TempDir {
  let directory = tempfile::tempdir().unwrap();
  fs::write(
    directory.path().join("stack.toml"),
    format!("{HEADER}{BODY}"),
  )
  .unwrap();
  directory
}

fn run(directory: &Path, arguments: &[&str]) -> Output {
  stackc_within(directory, arguments, LIMIT)
}

/// The names in `directory`, sorted.
fn names(directory: &Path) -> Vec<String> {
  let mut names: Vec<String> = fs::read_dir(directory)
    .unwrap()
    .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
    .collect();
  names.sort();
  names
}

fn assert_cannot_run(output: &Output, file: &str, hazard: Hazard, what: &str) {
  assert_eq!(output.status, 2, "{what}, {hazard:?}: {}", output.stderr);
  let expected = format!("cannot read {file}: {}", hazard.described());
  assert!(
    output.stderr.contains(&expected),
    "{what}, {hazard:?}: expected {expected:?} in\n{}",
    output.stderr
  );
}

#[test]
fn a_stack_file_that_is_no_regular_file_is_not_read() {
  for hazard in HAZARDS {
    let directory = project();
    hazard.create(&directory.path().join("hazard.toml"));
    for arguments in [
      &["check", "hazard.toml"][..],
      &["build", "hazard.toml", "--out", "out"],
      &["build", "hazard.toml", "--out", "out", "--check"],
      &[
        "build",
        "hazard.toml",
        "--out",
        "out",
        "--check",
        "--format",
        "json",
      ],
      &["diff", "hazard.toml", "--out", "out"],
      &["graph", "hazard.toml"],
      &["secrets", "list", "hazard.toml"],
    ] {
      let output = run(directory.path(), arguments);
      assert_cannot_run(&output, "hazard.toml", hazard, &arguments.join(" "));
      assert_eq!(names(directory.path()), ["hazard.toml", "stack.toml"]);
    }
  }
}

#[test]
fn a_secret_store_that_is_no_regular_file_is_not_read() {
  for hazard in HAZARDS {
    let directory = project();
    let store = directory.path().join(".stackc");
    fs::create_dir(&store).unwrap();
    hazard.create(&store.join("stack.secrets.toml"));
    let identity = |path: &Path| {
      let metadata = fs::symlink_metadata(path).unwrap();
      (metadata.file_type(), metadata.len(), metadata.ino())
    };
    let before = identity(&store.join("stack.secrets.toml"));
    for arguments in [
      &["build", "--out", "out"][..],
      &["build", "--out", "out", "--check"],
      &["check", "--deploy", "."],
      &["secrets", "list"],
      &["secrets", "rotate", "token"],
      &["secrets", "prune"],
    ] {
      let output = run(directory.path(), arguments);
      assert_cannot_run(
        &output,
        "secrets store ./.stackc/stack.secrets.toml",
        hazard,
        &arguments.join(" "),
      );
      assert!(!directory.path().join("out").exists(), "nothing written");
      assert_eq!(
        identity(&store.join("stack.secrets.toml")),
        before,
        "the store was left as it was"
      );
    }
  }
}

#[test]
fn a_deployed_env_that_is_no_regular_file_is_not_read() {
  for hazard in HAZARDS {
    let directory = project();
    let out = directory.path().join("out");
    fs::create_dir(&out).unwrap();
    hazard.create(&out.join(".env"));
    for arguments in [
      &["build", "--out", "out"][..],
      &["build", "--out", "out", "--check"],
      &["check", "--deploy", "out"],
      &["secrets", "adopt", "token", "--out", "out"],
    ] {
      let output = run(directory.path(), arguments);
      assert_cannot_run(&output, "out/.env", hazard, &arguments.join(" "));
      assert_eq!(names(&out), [".env"], "nothing written");
      assert!(
        !directory.path().join(".stackc/stack.secrets.toml").exists(),
        "no secret generated"
      );
    }
  }
}

#[test]
fn a_lock_that_is_no_regular_file_is_refused() {
  // A 20 GB lock is a regular file: it is locked, never read whole.
  for hazard in [Hazard::Fifo, Hazard::Device] {
    let directory = project();
    let store = directory.path().join(".stackc");
    fs::create_dir(&store).unwrap();
    hazard.create(&store.join("stack.lock"));
    for arguments in [&["build", "--out", "out"][..], &["secrets", "list"]] {
      let output = run(directory.path(), arguments);
      assert_eq!(output.status, 2, "{hazard:?}: {}", output.stderr);
      assert!(
        output
          .stderr
          .contains("cannot lock ./.stackc/stack.lock: it is not a regular file"),
        "{}",
        output.stderr
      );
      assert!(!directory.path().join("out").exists());
    }
  }
}

#[test]
fn an_output_file_that_is_no_regular_file_differs_and_is_replaced() {
  for hazard in HAZARDS {
    let directory = project();
    let out = directory.path().join("out");
    fs::create_dir(&out).unwrap();
    hazard.create(&out.join("docker-compose.yml"));
    let check = run(directory.path(), &["build", "--out", "out", "--check"]);
    assert_eq!(check.status, 1, "{hazard:?}: {}", check.stderr);
    assert!(
      check.stdout.contains("out/docker-compose.yml"),
      "{}",
      check.stdout
    );
    let diff = run(directory.path(), &["diff", "--out", "out"]);
    assert_eq!(diff.status, 1, "{hazard:?}: {}", diff.stderr);
    assert!(diff.stdout.contains("+++ b/docker-compose.yml"));
    let build = run(directory.path(), &["build", "--out", "out"]);
    assert_eq!(build.status, 0, "{hazard:?}: {}", build.stderr);
    let written = fs::symlink_metadata(out.join("docker-compose.yml")).unwrap();
    assert!(written.is_file() && written.len() < 4096, "{hazard:?}");
    assert!(
      fs::read_to_string(out.join("docker-compose.yml"))
        .unwrap()
        .contains("acme/api:1.0")
    );
  }
}

#[test]
fn an_output_folder_that_is_no_folder_is_refused() {
  for hazard in HAZARDS {
    let directory = project();
    hazard.create(&directory.path().join("out"));
    let output = run(directory.path(), &["build", "--out", "out"]);
    assert_eq!(output.status, 2, "{hazard:?}: {}", output.stderr);
    // The device is reached through a symlink, which is refused first.
    let why = match hazard {
      Hazard::Device => "out is a symbolic link",
      Hazard::Fifo | Hazard::Huge => "it exists and is not a folder",
    };
    assert!(
      output
        .stderr
        .contains(&format!("refusing to write into out: {why}")),
      "{}",
      output.stderr
    );
    assert!(!directory.path().join(".stackc/stack.secrets.toml").exists());
  }
}
