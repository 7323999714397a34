//! A real PostgreSQL server for the tests: Debian's, from `initdb` and
//! `pg_ctl` in a temporary directory, on loopback.

use std::{
  fs,
  path::{Path, PathBuf},
  process::Command,
};

/// A PostgreSQL server in a temporary directory, on loopback, stopped on drop.
pub struct Postgres {
  pub directory: tempfile::TempDir,
  pub port: u16,
  pub bin: PathBuf,
}

impl Postgres {
  pub fn start() -> Self {
    let bin = fs::read_dir("/usr/lib/postgresql")
      .expect("PostgreSQL is installed: run .ci/run, which installs it")
      .map(|entry| entry.unwrap().path().join("bin"))
      .find(|bin| bin.join("initdb").exists())
      .expect("initdb is installed");
    let directory = tempfile::tempdir().unwrap();
    let port = {
      let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
      listener.local_addr().unwrap().port()
    };
    // PostgreSQL refuses to run as root: the server runs as `postgres`.
    run_as_postgres(&format!("chmod 777 {0}", directory.path().display()), true);
    let data = directory.path().join("data");
    run_as_postgres(
      &format!(
        "{}/initdb -D {} -U postgres --auth-local=trust --auth-host=scram-sha-256 >/dev/null",
        bin.display(),
        data.display()
      ),
      false,
    );
    run_as_postgres(
      &format!(
        "{}/pg_ctl -D {} -w -l {}/log -o \"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={}\" start >/dev/null",
        bin.display(),
        data.display(),
        directory.path().display(),
        directory.path().display()
      ),
      false,
    );
    Postgres {
      directory,
      port,
      bin,
    }
  }

  /// pgvector is not packaged by Debian: where it is missing, a stand-in
  /// extension named `vector` is installed, so that `CREATE EXTENSION
  /// vector` runs. Everything else here is real.
  pub fn ensure_vector_extension(&self) {
    let sharedir = String::from_utf8(
      Command::new(self.bin.join("pg_config"))
        .arg("--sharedir")
        .output()
        .map(|o| o.stdout)
        .unwrap_or_default(),
    )
    .unwrap();
    let sharedir = if sharedir.trim().is_empty() {
      format!(
        "/usr/share/postgresql/{}",
        self
          .bin
          .parent()
          .unwrap()
          .file_name()
          .unwrap()
          .to_string_lossy()
      )
    } else {
      sharedir.trim().to_owned()
    };
    let extension = Path::new(&sharedir).join("extension");
    if !extension.join("vector.control").exists() {
      fs::write(
        extension.join("vector.control"),
        "comment = 'stand-in for pgvector in stackc tests'\ndefault_version = '0.0.0'\nrelocatable = true\n",
      )
      .expect("writable extension directory (the tests run as root in CI)");
      fs::write(
        extension.join("vector--0.0.0.sql"),
        "-- stand-in for pgvector: no objects\n",
      )
      .unwrap();
    }
  }

  pub fn psql(
    &self,
    connection: &str,
    password: Option<&str>,
    sql: &str,
  ) -> Result<String, String> {
    let mut command = Command::new(self.bin.join("psql"));
    command.args([
      connection,
      "-X",
      "-A",
      "-t",
      "-v",
      "ON_ERROR_STOP=1",
      "-c",
      sql,
    ]);
    command.env_remove("PGPASSWORD");
    if let Some(password) = password {
      command.env("PGPASSWORD", password);
    }
    let output = command.output().unwrap();
    if output.status.success() {
      Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    } else {
      Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
  }
}

impl Drop for Postgres {
  fn drop(&mut self) {
    run_as_postgres(
      &format!(
        "{}/pg_ctl -D {}/data -m immediate stop >/dev/null",
        self.bin.display(),
        self.directory.path().display()
      ),
      true,
    );
  }
}

pub fn run_as_postgres(script: &str, as_root: bool) {
  let mut command = if as_root {
    let mut command = Command::new("sh");
    command.args(["-c", script]);
    command
  } else {
    let mut command = Command::new("runuser");
    command.args(["-u", "postgres", "--", "sh", "-c", script]);
    command
  };
  let output = command.output().expect("sh runs");
  assert!(
    output.status.success() || as_root,
    "{script}: {}",
    String::from_utf8_lossy(&output.stderr)
  );
}
