//! Stage 6: artifacts onto disk, atomically. Every file is written to a
//! temporary file in its own directory and fsynced; only when all of them
//! are written are they renamed into place, so a failed build leaves the
//! previous output as it was, and a killed one leaves each file whole.
//! Temporary files are named `.stackc-tmp-<file>.<random>`, so that the
//! next build can recognise and remove those a killed one left.

pub mod output_directory;

use {
  crate::{files::regular_file, targets::Artifact},
  std::{
    fs,
    io::{self, Write},
    os::unix::fs::PermissionsExt,
    path::{Component, Path},
  },
  tempfile::NamedTempFile,
};

/// The start of every temporary file stackc stages.
pub const TEMPORARY_PREFIX: &str = ".stackc-tmp-";

/// Writes `contents` to `path` atomically with `mode`, fsyncing the file and
/// its directory: afterwards the file holds either the old or the new bytes.
pub fn write_atomic(path: &Path, contents: &[u8], mode: u32) -> io::Result<()> {
  let staged = stage(path, contents, mode)?;
  commit(staged, path)
}

/// Writes `contents` to `path` with `mode`, fsynced, only if no file is
/// there: a backup never replaces another.
pub fn write_new(path: &Path, contents: &[u8], mode: u32) -> io::Result<()> {
  let staged = stage(path, contents, mode)?;
  staged
    .persist_noclobber(path)
    .map_err(|error| error.error)?;
  fs::File::open(parent(path))?.sync_all()
}

fn stage(path: &Path, contents: &[u8], mode: u32) -> io::Result<NamedTempFile> {
  let directory = parent(path);
  fs::create_dir_all(directory)?;
  let name = path
    .file_name()
    .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
  let mut file = tempfile::Builder::new()
    .prefix(&format!("{TEMPORARY_PREFIX}{name}."))
    .tempfile_in(directory)?;
  file
    .as_file()
    .set_permissions(fs::Permissions::from_mode(mode))?;
  file.write_all(contents)?;
  file.as_file().sync_all()?;
  Ok(file)
}

fn commit(staged: NamedTempFile, path: &Path) -> io::Result<()> {
  staged.persist(path).map_err(|error| error.error)?;
  fs::File::open(parent(path))?.sync_all()
}

fn parent(path: &Path) -> &Path {
  match path.parent() {
    Some(parent) if !parent.as_os_str().is_empty() => parent,
    _ => Path::new("."),
  }
}

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

  #[test]
  fn atomic_writes_set_the_mode_and_replace_the_file() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("sub/.env");
    write_atomic(&path, b"one", 0o600).unwrap();
    write_atomic(&path, b"two", 0o600).unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"two");
    assert_eq!(
      fs::metadata(&path).unwrap().permissions().mode() & 0o777,
      0o600
    );
    // Nothing but the file is left in its directory.
    assert_eq!(fs::read_dir(path.parent().unwrap()).unwrap().count(), 1);
  }
}
