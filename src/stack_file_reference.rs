//! Reading a file that the stack file names (`prompt_file`, and any later
//! file reference). Stack files come from pull requests: whatever a
//! reference says, only a regular file inside the stack file's folder is
//! read, never a secret store, a `.env` or the output directory, and never
//! in a way that blocks (a FIFO, a device) or exhausts memory (a 20 GB file).
//! `check` and `build` both read through `read`, so what was checked is
//! what is read.

use {
  crate::reference_problem::ReferenceProblem,
  std::{
    fs::{File, Metadata},
    io::Read,
    os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt},
    path::{Component, Path, PathBuf},
  },
};

/// The largest file a reference may name: 256 KiB, far more than any prompt.
pub const SIZE_LIMIT: u64 = 256 * 1024;

/// The folder of a stack's secret stores.
const SECRET_STORE: &str = ".stackc";

/// Reads the file `reference` names, relative to `directory` (the stack
/// file's folder). `output` is the build's output directory, when known.
pub fn read(
  directory: &Path,
  output: Option<&Path>,
  reference: &str,
) -> Result<String, ReferenceProblem> {
  let relative = Path::new(reference);
  if relative.has_root() {
    return Err(ReferenceProblem::Absolute);
  }
  if relative.components().any(|c| c == Component::ParentDir) {
    return Err(ReferenceProblem::ParentDirectory);
  }
  let looked_for = directory.join(relative);
  let root = directory.canonicalize().map_err(unreadable)?;
  let resolved = match looked_for.canonicalize() {
    Ok(resolved) => resolved,
    Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
      return Err(ReferenceProblem::NotFound { looked_for });
    }
    Err(error) => return Err(unreadable(error)),
  };
  let Ok(inside) = resolved.strip_prefix(&root) else {
    return Err(ReferenceProblem::Outside { resolved });
  };
  if inside.components().any(|c| c.as_os_str() == SECRET_STORE) {
    return Err(ReferenceProblem::SecretStore);
  }
  if resolved.file_name().is_some_and(|name| name == ".env") {
    return Err(ReferenceProblem::EnvFile);
  }
  if let Some(output) = output.and_then(|output| output.canonicalize().ok())
    && resolved.starts_with(&output)
  {
    return Err(ReferenceProblem::OutputDirectory);
  }
  // Looked at before opening, so that no device is ever opened.
  let before = std::fs::metadata(&resolved).map_err(unreadable)?;
  regular(&before)?;
  read_regular(&resolved, &before)
}

/// Opens without blocking and without following a symlink put in place since
/// `resolved` was computed, then checks that the file opened is the one
/// looked at, and reads at most one byte past the limit.
fn read_regular(resolved: &PathBuf, before: &Metadata) -> Result<String, ReferenceProblem> {
  let file = File::options()
    .read(true)
    .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_NOFOLLOW)
    .open(resolved)
    .map_err(unreadable)?;
  let opened = file.metadata().map_err(unreadable)?;
  regular(&opened)?;
  if (opened.dev(), opened.ino()) != (before.dev(), before.ino()) {
    return Err(ReferenceProblem::Unreadable {
      reason: "the file changed while it was read".into(),
    });
  }
  let mut bytes = Vec::new();
  file
    .take(SIZE_LIMIT + 1)
    .read_to_end(&mut bytes)
    .map_err(unreadable)?;
  if bytes.len() as u64 > SIZE_LIMIT {
    return Err(ReferenceProblem::TooLarge {
      size: opened.len().max(bytes.len() as u64),
    });
  }
  String::from_utf8(bytes).map_err(|_| ReferenceProblem::NotUtf8)
}

fn regular(metadata: &Metadata) -> Result<(), ReferenceProblem> {
  let kind = metadata.file_type();
  let name = if kind.is_file() {
    if metadata.len() > SIZE_LIMIT {
      return Err(ReferenceProblem::TooLarge {
        size: metadata.len(),
      });
    }
    return Ok(());
  } else if kind.is_dir() {
    "a directory"
  } else if kind.is_fifo() {
    "a FIFO"
  } else if kind.is_char_device() {
    "a character device"
  } else if kind.is_block_device() {
    "a block device"
  } else if kind.is_socket() {
    "a socket"
  } else {
    "a special file"
  };
  Err(ReferenceProblem::NotRegular { kind: name })
}

fn unreadable(error: std::io::Error) -> ReferenceProblem {
  ReferenceProblem::Unreadable {
    reason: error.to_string(),
  }
}
