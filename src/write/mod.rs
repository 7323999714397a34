//! Stage 7: artifacts onto disk, atomically. Every file is staged as a
//! temporary file in its own directory and fsynced (`files::atomic_write`);
//! only when all of them are written are they renamed into place, so a
//! failed build leaves the previous output as it was, and a killed one
//! leaves each file whole.

pub mod output_directory;

use {
  crate::{
    files::atomic_write::{parent, stage},
    files::regular_file,
    targets::Artifact,
  },
  std::{
    fs, io,
    os::unix::fs::PermissionsExt,
    path::{Component, Path},
  },
};

/// Removes the regular files of `directory` whose name starts with `prefix`
/// and that were last changed before `before`: temporary files of a killed
/// stackc (the caller holds the lock, so no live one is writing them).
/// Returns how many were removed; a missing directory (or a file where one
/// should be, which the write reports) has none.
pub fn remove_stale_temporaries(
  directory: &Path,
  prefix: &str,
  before: std::time::SystemTime,
) -> io::Result<usize> {
  let entries = match fs::read_dir(directory) {
    Ok(entries) => entries,
    Err(error)
      if matches!(
        error.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
      ) =>
    {
      return Ok(0);
    }
    Err(error) => return Err(error),
  };
  let mut removed = 0;
  for entry in entries {
    let entry = entry?;
    if !entry.file_name().to_string_lossy().starts_with(prefix) {
      continue;
    }
    let metadata = entry.metadata()?;
    let stale =
      metadata.file_type().is_file() && metadata.modified().is_ok_and(|modified| modified < before);
    if stale {
      fs::remove_file(entry.path())?;
      removed += 1;
    }
  }
  Ok(removed)
}

/// The directories under `out` that the artifacts are written in.
pub fn directories(out: &Path, artifacts: &[Artifact]) -> Vec<std::path::PathBuf> {
  let mut directories = vec![out.to_path_buf()];
  for artifact in artifacts {
    if let Some(directory) = Path::new(&artifact.path).parent()
      && !directory.as_os_str().is_empty()
    {
      let directory = out.join(directory);
      if !directories.contains(&directory) {
        directories.push(directory);
      }
    }
  }
  directories
}

/// Whether an artifact path stays inside the output directory.
fn is_contained(relative: &str) -> bool {
  let path = Path::new(relative);
  !relative.is_empty()
    && path
      .components()
      .all(|component| matches!(component, Component::Normal(_)))
}

/// Writes every artifact under `out`, leaving files the build did not
/// produce alone and files whose bytes are unchanged untouched. Returns the
/// paths written.
pub fn write_all(out: &Path, artifacts: &[Artifact]) -> io::Result<Vec<String>> {
  let mut staged = Vec::new();
  for artifact in artifacts {
    if !is_contained(&artifact.path) {
      return Err(io::Error::other(format!(
        "refusing to write {} outside the output directory",
        artifact.path
      )));
    }
    let path = out.join(&artifact.path);
    let unchanged = holding(&path, &artifact.contents)
      .is_some_and(|metadata| metadata.permissions().mode() & 0o777 == artifact.mode);
    if unchanged {
      continue;
    }
    // On an error, the temporary files staged so far are removed on drop.
    staged.push((
      stage(&path, artifact.contents.as_bytes(), artifact.mode)?,
      path,
      &artifact.path,
    ));
  }
  // Every file is renamed into place first, then each directory that got
  // one is fsynced once: the renames are durable together, for one fsync
  // per directory rather than one per file.
  let mut written = Vec::new();
  let mut directories = std::collections::BTreeSet::new();
  for (file, path, name) in staged {
    file.persist(&path).map_err(|error| error.error)?;
    directories.insert(parent(&path).to_path_buf());
    written.push(name.clone());
  }
  for directory in directories {
    fs::File::open(directory)?.sync_all()?;
  }
  Ok(written)
}

/// The metadata of the file at `path` when it holds exactly `contents`.
/// What is there is read through `regular_file`, and no further than
/// `contents` goes: a FIFO, a device or a huge file put in an artifact's
/// place differs, and is neither waited on nor read whole.
fn holding(path: &Path, contents: &str) -> Option<fs::Metadata> {
  regular_file::read_with(path, contents.len() as u64, true)
    .ok()
    .filter(|(old, _)| old == contents.as_bytes())
    .map(|(_, metadata)| metadata)
}

/// The largest earlier file `diff` compares with.
const DIFF_LIMIT: u64 = 16 * 1024 * 1024;

/// The committed artifacts whose file under `out` differs or is missing.
pub fn differing(out: &Path, artifacts: &[Artifact]) -> Vec<String> {
  artifacts
    .iter()
    .filter(|artifact| artifact.committed)
    .filter(|artifact| holding(&out.join(&artifact.path), &artifact.contents).is_none())
    .map(|artifact| artifact.path.clone())
    .collect()
}

/// A unified diff of every committed artifact against what is under `out`.
pub fn diff(out: &Path, artifacts: &[Artifact]) -> String {
  let mut output = String::new();
  for artifact in artifacts.iter().filter(|artifact| artifact.committed) {
    // What is not a regular UTF-8 file of a sensible size shows as absent.
    let old = regular_file::read(&out.join(&artifact.path), DIFF_LIMIT)
      .ok()
      .and_then(|bytes| String::from_utf8(bytes).ok())
      .unwrap_or_default();
    if old == artifact.contents {
      continue;
    }
    let (old_name, new_name) = (
      format!("a/{}", artifact.path),
      format!("b/{}", artifact.path),
    );
    output.push_str(
      &similar::TextDiff::from_lines(&old, &artifact.contents)
        .unified_diff()
        .context_radius(3)
        .header(&old_name, &new_name)
        .to_string(),
    );
  }
  output
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn only_plain_relative_paths_are_contained() {
    assert!(is_contained("docker-compose.yml"));
    assert!(is_contained("postgresql/init.sql"));
    assert!(!is_contained("../x"));
    assert!(!is_contained("/etc/passwd"));
    assert!(!is_contained("a/../../b"));
    assert!(!is_contained(""));
  }
}
