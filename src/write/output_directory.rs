//! The `--out` folders a build refuses: `/`, the stack's own folder, the
//! secrets store's folder, and any folder reached through a symbolic link
//! (the build would write wherever the link points).

use {
  crate::secrets::store::SecretStore,
  std::{
    io,
    path::{Component, Path, PathBuf},
  },
};

/// `Err` is the one-line reason `out` is refused; nothing has been written.
/// Checked before the store is locked or read, so that a refused folder
/// costs nothing; `refuse_linked_folders` checks the folders inside it once
/// the artifacts are known.
pub fn refuse_unsafe(out: &Path, stack: &Path) -> Result<(), String> {
  let refuse = |why: String| Err(refusal(out, &why));
  if let Some(link) = first_symlink(out).map_err(|error| cannot(out, &error))? {
    return refuse(format!(
      "{} is a symbolic link, and stackc does not write through one; give the real path",
      link.display()
    ));
  }
  // A file, FIFO or device where the folder should be: said as such, before
  // anything inside it is looked for.
  if let Ok(metadata) = std::fs::symlink_metadata(out)
    && !metadata.is_dir()
  {
    return refuse("it exists and is not a folder".into());
  }
  let Some(resolved) = resolve(out).map_err(|error| cannot(out, &error))? else {
    return refuse("`..` follows a folder that does not exist".into());
  };
  if resolved == Path::new("/") {
    return refuse("it is the root of the file system".into());
  }
  let stack_directory = match stack.parent() {
    Some(parent) if !parent.as_os_str().is_empty() => parent,
    _ => Path::new("."),
  };
  if let Ok(Some(stack_directory)) = resolve(stack_directory)
    && resolved == stack_directory
  {
    return refuse(
      "it is the stack file's own folder; choose a folder of its own, such as `deploy`".into(),
    );
  }
  // Resolved whether or not the store exists yet.
  if let Some(store) = SecretStore::path_for(stack).parent()
    && let Ok(Some(store)) = resolve(store)
    && resolved.starts_with(&store)
  {
    return refuse("it is the secrets store's folder".into());
  }
  Ok(())
}

/// As `refuse_unsafe`, for `directories`, the folders an artifact is
/// written in (`write::directories`: `out` and those inside it): none may be
/// a symbolic link (or have become one since `refuse_unsafe` looked).
pub fn refuse_linked_folders(out: &Path, directories: &[PathBuf]) -> Result<(), String> {
  for directory in directories {
    if let Some(link) = first_symlink(directory).map_err(|error| cannot(out, &error))? {
      return Err(refusal(
        out,
        &format!(
          "{} is a symbolic link, and stackc does not write through one; remove it",
          link.display()
        ),
      ));
    }
  }
  Ok(())
}

fn refusal(out: &Path, why: &str) -> String {
  format!(
    "error: refusing to write into {}: {why}; nothing was written",
    out.display()
  )
}

fn cannot(out: &Path, error: &io::Error) -> String {
  format!("error: cannot inspect {}: {error}", out.display())
}

/// The first existing component of `path`, as given, that is a symbolic link.
fn first_symlink(path: &Path) -> io::Result<Option<PathBuf>> {
  let mut prefix = PathBuf::new();
  for component in path.components() {
    prefix.push(component);
    if !matches!(component, Component::Normal(_)) {
      continue;
    }
    match std::fs::symlink_metadata(&prefix) {
      Ok(metadata) if metadata.file_type().is_symlink() => return Ok(Some(prefix)),
      Ok(_) => {}
      Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
      Err(error) => return Err(error),
    }
  }
  Ok(None)
}

/// `path` made absolute and free of `.` and `..`: its longest existing
/// ancestor canonicalised, then the rest. `None` when `..` follows a
/// folder that does not exist, which cannot be resolved.
fn resolve(path: &Path) -> io::Result<Option<PathBuf>> {
  let absolute = std::path::absolute(path)?;
  let mut existing = absolute.as_path();
  let mut rest = Vec::new();
  let mut resolved = loop {
    match existing.canonicalize() {
      Ok(base) => break base,
      Err(error) if error.kind() == io::ErrorKind::NotFound => {
        // `file_name` is `None` for a path ending in `..`.
        let (Some(name), Some(parent)) = (existing.file_name(), existing.parent()) else {
          return Ok(None);
        };
        rest.push(name.to_owned());
        existing = parent;
      }
      Err(error) => return Err(error),
    }
  };
  for name in rest.iter().rev() {
    resolved.push(name);
  }
  Ok(Some(resolved))
}
