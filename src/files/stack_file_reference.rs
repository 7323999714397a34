//! Reading a file that the stack file names (`prompt_file`, and any later
//! file reference). Stack files come from pull requests: whatever a
//! reference says, only a regular file inside the stack file's folder is
//! read, never a secret store, a `.env` or the output directory, and never
//! in a way that blocks (a FIFO, a device) or exhausts memory (a 20 GB file).
//! `check` and `build` both read through `read`, so what was checked is
//! what is read.

use {
  crate::{
    files::reference_problem::{ReferenceProblem, SIZE_LIMIT},
    files::regular_file::{self, ReadFailure},
  },
  std::{
    os::unix::fs::MetadataExt,
    path::{Component, Path, PathBuf},
  },
};

/// The folder of a stack's secret stores.
const SECRET_STORE: &str = ".stackc";

/// Reads the file `reference` names, relative to `directory` (the stack
/// file's folder). `output` is the build's output directory, when known.
pub fn read(
  directory: &Path,
  output: Option<&Path>,
  reference: &str,
) -> Result<String, ReferenceProblem> {
  let resolved = resolve(directory, output, reference)?;
  let bytes = match regular_file::read_with(&resolved, SIZE_LIMIT, false) {
    // A hard link is the same file under two names, and nothing tells where
    // the other name is: the store or a `.env` of this stack, another
    // stack's, an output directory no flag named. Comparing device and
    // inode with this stack's store and this build's output would miss all
    // but two of those; refusing every file with more than one name misses
    // none, and costs only a copy (git never checks out hard links).
    Ok((_, metadata)) if metadata.nlink() > 1 => {
      return Err(ReferenceProblem::HardLink {
        links: metadata.nlink(),
      });
    }
    Ok((bytes, _)) => bytes,
    Err(ReadFailure::NotRegular(kind)) => return Err(ReferenceProblem::NotRegular { kind }),
    Err(ReadFailure::TooLarge { size, .. }) => return Err(ReferenceProblem::TooLarge { size }),
    Err(failure) => {
      return Err(ReferenceProblem::Unreadable {
        reason: failure.to_string(),
      });
    }
  };
  String::from_utf8(bytes).map_err(|_| ReferenceProblem::NotUtf8)
}

/// Where the file `reference` names is, when it is one a stack file may
/// name: relative, inside `directory` once links are followed, in no
/// secret store, not a `.env`, not inside the output directory.
pub fn resolve(
  directory: &Path,
  output: Option<&Path>,
  reference: &str,
) -> Result<PathBuf, ReferenceProblem> {
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
  Ok(resolved)
}

fn unreadable(error: std::io::Error) -> ReferenceProblem {
  ReferenceProblem::Unreadable {
    reason: error.to_string(),
  }
}
