//! One writer at a time on a stack's secrets: `build`, `secrets rotate`,
//! `secrets prune` and `secrets adopt` hold an advisory lock on
//! `.stackc/<stack>.lock` from reading the store to writing `.env`, so that
//! no update is lost and `.env` never disagrees with the store, whatever
//! runs beside them. Readers (`build --check`, `check --deploy`,
//! `secrets list`) take it shared, and only when it exists, so that they
//! never create anything.

use {
  crate::secrets::store::SecretStore,
  std::{
    fs::{File, OpenOptions, TryLockError},
    io::Write,
    os::unix::fs::{FileExt, OpenOptionsExt},
    path::{Path, PathBuf},
    time::{Duration, Instant, SystemTime},
  },
};

/// How long to wait for another stackc, unless `STACKC_LOCK_TIMEOUT` (in
/// seconds) says otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(20);

/// Held until dropped; the operating system releases it if the process dies.
#[derive(Debug)]
pub struct StoreLock {
  _file: File,
  /// When it was taken: temporary files older than this were left by a
  /// process that is gone.
  pub acquired: SystemTime,
}

/// A lock that could not be taken: the command cannot run (exit 2).
#[derive(Debug)]
pub struct LockError(pub String);

impl StoreLock {
  pub fn path_for(stack: &Path) -> PathBuf {
    let store = SecretStore::path_for(stack);
    let stem = stack
      .file_stem()
      .map_or("stack".into(), |stem| stem.to_string_lossy());
    store.with_file_name(format!("{stem}.lock"))
  }

  /// The exclusive lock, for a command that changes the store or `.env`;
  /// records `command` and the process id for whoever waits.
  pub fn exclusive(stack: &Path, command: &str) -> Result<Self, LockError> {
    let path = Self::path_for(stack);
    let directory = path.parent().unwrap_or(Path::new("."));
    SecretStore::create_directory(directory).map_err(LockError)?;
    let file = OpenOptions::new()
      .read(true)
      .write(true)
      .create(true)
      .truncate(false)
      .mode(0o600)
      .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
      .open(&path)
      .map_err(|error| LockError(format!("error: cannot open {}: {error}", path.display())))?;
    regular(&file, &path)?;
    wait(&file, &path, true)?;
    // Whoever waits next reads who holds it.
    let holder = format!("pid {} running `stackc {command}`\n", std::process::id());
    // Written over the last holder, and cut only past its end: truncating
    // to nothing frees the file's block and the write takes a new one,
    // which cost more than the rest of an unchanged build's writing.
    let _ = file.write_all_at(holder.as_bytes(), 0);
    if file
      .metadata()
      .is_ok_and(|metadata| metadata.len() > holder.len() as u64)
    {
      let _ = file.set_len(holder.len() as u64);
    }
    Ok(Self {
      _file: file,
      acquired: SystemTime::now(),
    })
  }

  /// The shared lock, for a command that only reads; `None` when no stackc
  /// has ever written this stack's store (there is nothing to wait for).
  pub fn shared_if_present(stack: &Path) -> Result<Option<Self>, LockError> {
    let path = Self::path_for(stack);
    // Without blocking: a FIFO put in the lock's place would wait for a writer.
    let opened = OpenOptions::new()
      .read(true)
      .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
      .open(&path);
    let file = match opened {
      Ok(file) => file,
      Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
      Err(error) => {
        return Err(LockError(format!(
          "error: cannot open {}: {error}",
          path.display()
        )));
      }
    };
    regular(&file, &path)?;
    wait(&file, &path, false)?;
    Ok(Some(Self {
      _file: file,
      acquired: SystemTime::now(),
    }))
  }
}

/// A lock file is a regular file; anything else in its place (a FIFO, a
/// device) is refused rather than locked or read.
fn regular(file: &File, path: &Path) -> Result<(), LockError> {
  let metadata = file
    .metadata()
    .map_err(|error| LockError(format!("error: cannot open {}: {error}", path.display())))?;
  if metadata.is_file() {
    return Ok(());
  }
  Err(LockError(format!(
    "error: cannot lock {}: it is not a regular file; nothing was changed (remove it, and stackc creates a new one)",
    path.display()
  )))
}

fn timeout() -> Duration {
  std::env::var("STACKC_LOCK_TIMEOUT")
    .ok()
    .and_then(|seconds| seconds.trim().parse::<f64>().ok())
    .filter(|seconds| seconds.is_finite() && *seconds >= 0.0)
    .map_or(DEFAULT_TIMEOUT, Duration::from_secs_f64)
}

fn wait(file: &File, path: &Path, exclusive: bool) -> Result<(), LockError> {
  let limit = timeout();
  let start = Instant::now();
  let mut announced = false;
  loop {
    let attempt = if exclusive {
      file.try_lock()
    } else {
      file.try_lock_shared()
    };
    match attempt {
      Ok(()) => return Ok(()),
      Err(TryLockError::WouldBlock) => {}
      Err(TryLockError::Error(error)) => {
        return Err(LockError(format!(
          "error: cannot lock {}: {error}",
          path.display()
        )));
      }
    }
    if start.elapsed() >= limit {
      return Err(LockError(format!(
        "error: another stackc ({}) still holds {} after {} s; nothing was changed. Run the command again when it has finished (STACKC_LOCK_TIMEOUT sets the wait, in seconds).",
        holder(path),
        path.display(),
        limit.as_secs_f64()
      )));
    }
    if !announced && start.elapsed() >= Duration::from_secs(1) {
      announced = true;
      let _ = writeln!(
        std::io::stderr(),
        "waiting for another stackc ({}) to release {}",
        holder(path),
        path.display()
      );
    }
    std::thread::sleep(POLL);
  }
}

/// What the holder wrote into the lock file, made safe to print.
fn holder(path: &Path) -> String {
  // Read as any file another process may have replaced (see `regular_file`).
  let bytes = crate::files::regular_file::read(path, 4096).unwrap_or_default();
  let text = String::from_utf8_lossy(&bytes);
  let text: String = text
    .trim()
    .chars()
    .filter(|c| !c.is_control())
    .take(120)
    .collect();
  if text.is_empty() {
    "holder unknown".into()
  } else {
    text
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn the_holder_replaces_a_longer_or_shorter_one_exactly() {
    let directory = tempfile::tempdir().unwrap();
    let stack = directory.path().join("stack.toml");
    let lock = StoreLock::path_for(&stack);
    std::fs::create_dir_all(lock.parent().unwrap()).unwrap();
    let expected =
      |command: &str| format!("pid {} running `stackc {command}`\n", std::process::id());
    for earlier in [
      "",
      "x",
      &"a much longer holder than any pid and command\n".repeat(200),
    ] {
      std::fs::write(&lock, earlier).unwrap();
      let held = StoreLock::exclusive(&stack, "build").unwrap();
      assert_eq!(std::fs::read_to_string(&lock).unwrap(), expected("build"));
      drop(held);
    }
  }
}
