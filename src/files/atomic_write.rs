//! Files written whole or not at all: each is staged as a temporary file in
//! its own directory, fsynced, then renamed into place. Temporary files are
//! named `.stackc-tmp-<file>.<random>`, so that the next stackc can
//! recognise and remove those a killed one left.

use {
  std::{
    fs,
    io::{self, Write},
    os::unix::fs::PermissionsExt,
    path::Path,
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

/// Stages `contents` beside `path`: a fsynced temporary file, for `commit`.
pub fn stage(path: &Path, contents: &[u8], mode: u32) -> io::Result<NamedTempFile> {
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

/// Renames a staged file into place and fsyncs its directory.
pub fn commit(staged: NamedTempFile, path: &Path) -> io::Result<()> {
  staged.persist(path).map_err(|error| error.error)?;
  fs::File::open(parent(path))?.sync_all()
}

/// The directory `path` is in (`.` for a bare name).
pub fn parent(path: &Path) -> &Path {
  match path.parent() {
    Some(parent) if !parent.as_os_str().is_empty() => parent,
    _ => Path::new("."),
  }
}

#[cfg(test)]
mod tests {
  use super::*;

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
