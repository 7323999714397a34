//! `stackc secrets encrypt [--recipient KEY…|--recipients-file FILE]`: the
//! plain store, and the backups `secrets prune` kept beside it, encrypted
//! to the recipients, then removed; recipients given on the command line
//! are written into the stack file, where a reviewer sees who can read.
//! The caller holds the store's lock.

use crate::config::secrets_store::StoreSettings;
use {
  crate::{
    diagnostic::command_failure::CommandFailure,
    files::atomic_write::write_new,
    secrets::{
      encrypted_store, encryption::Encryption, recipients::Recipients, stack_recipients,
      store::SecretStore, stored_secret::StoredSecret,
    },
  },
  std::{
    collections::BTreeMap,
    fmt::Write,
    path::{Path, PathBuf},
  },
};

/// Encrypts and returns what to print; `Err` changes nothing.
pub fn encrypt(
  stack: &Path,
  settings: Option<&StoreSettings>,
  keys: &[String],
  file: Option<&Path>,
) -> Result<String, CommandFailure> {
  let given = !keys.is_empty() || file.is_some();
  if given && settings.is_some() {
    return Err(CommandFailure::Refused(format!(
      "error: {} already names the store's recipients (`[secrets_store]`); run `stackc secrets encrypt` without --recipient to use them, or change them with `stackc secrets recipients add|remove`; nothing was changed",
      stack.display()
    )));
  }
  let encrypted = encrypted_store::path_for(stack);
  if std::fs::symlink_metadata(&encrypted).is_ok() {
    return Err(CommandFailure::Refused(format!(
      "error: {} exists: the store is already encrypted; nothing was changed",
      encrypted.display()
    )));
  }
  let file_setting = file.map(|file| setting_path(stack, file));
  // The stack file will name it, and every later command read it from
  // there as a file the stack names: it must be one it may name.
  if let Some(setting) = &file_setting {
    Recipients::file_path(stack, setting)?;
  }
  let recipients = if given {
    let mut all = keys.to_vec();
    if let Some(file) = file {
      all.extend(Recipients::read_file(file)?);
    }
    Recipients::parse(all.iter().map(String::as_str))?
  } else {
    match Recipients::of_stack(stack, settings) {
      Some(recipients) => recipients?,
      None => {
        return Err(CommandFailure::Refused(
          "error: name who can read the store: `--recipient AGE_PUBLIC_KEY` (repeatable) or `--recipients-file FILE`, or `[secrets_store]` in the stack file; nothing was changed".into(),
        ));
      }
    }
  };
  let mut store = SecretStore::load_plain(stack)?;
  let plain = store.path.clone();
  store.encryption = Some(Encryption::new(recipients.clone()));
  store.path = encrypted.clone();
  let backups = backups(&plain)?;
  store.save()?;
  let mut converted = Vec::new();
  for backup in &backups {
    match convert(&store, backup) {
      Ok(path) => converted.push(path),
      Err(message) => {
        undo(&encrypted, &converted);
        return Err(message.into());
      }
    }
  }
  if given
    && let Err(message) =
      stack_recipients::declare(stack, &keys_only(keys), file_setting.as_deref())
  {
    undo(&encrypted, &converted);
    return Err(message.into());
  }
  let mut removed = Vec::new();
  for path in std::iter::once(&plain).chain(&backups) {
    match std::fs::remove_file(path) {
      Ok(()) => removed.push(path.display().to_string()),
      Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
      Err(error) => {
        return Err(
          format!(
            "error: wrote {}, but cannot remove {}: {error}; remove it by hand",
            encrypted.display(),
            path.display()
          )
          .into(),
        );
      }
    }
  }
  let mut text = format!(
    "Encrypted {} secret(s) to {} recipient(s) in {}.\n",
    store.entries.len(),
    recipients.keys.len(),
    encrypted.display()
  );
  if !removed.is_empty() {
    let _ = writeln!(text, "Removed the plain text: {}.", removed.join(", "));
  }
  if given {
    let _ = writeln!(
      text,
      "Wrote the recipients into {} (`[secrets_store]`).",
      stack.display()
    );
  }
  let _ = writeln!(
    text,
    "Commit {} and the stack file. A removed file's bytes may survive on this disk and in its backups, and in git history if it was ever committed: rotate what matters (`stackc secrets rotate NAME`).",
    encrypted.display()
  );
  Ok(text)
}

/// The keys as given, trimmed (checked already).
fn keys_only(keys: &[String]) -> Vec<String> {
  let mut keys: Vec<String> = keys.iter().map(|key| key.trim().to_owned()).collect();
  keys.sort();
  keys.dedup();
  keys
}

/// `file` as the stack file names it: relative to the stack's folder when
/// it is inside it, else absolute.
fn setting_path(stack: &Path, file: &Path) -> String {
  let absolute = |path: &Path| std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
  let folder = absolute(crate::secrets::recipients::stack_directory(stack));
  let file = absolute(file);
  let folder = folder.components().collect::<PathBuf>();
  let file = file.components().collect::<PathBuf>();
  match file.strip_prefix(&folder) {
    Ok(relative) => relative.display().to_string(),
    Err(_) => file.display().to_string(),
  }
}

/// The plain backups `secrets prune` wrote beside the store.
fn backups(plain: &Path) -> Result<Vec<PathBuf>, String> {
  let Some(directory) = plain.parent() else {
    return Ok(Vec::new());
  };
  let name = plain
    .file_name()
    .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
  let prefix = format!("{}.pruned-", name.strip_suffix(".toml").unwrap_or(&name));
  let entries = match std::fs::read_dir(directory) {
    Ok(entries) => entries,
    Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
    Err(error) => {
      return Err(format!(
        "error: cannot read {}: {error}",
        directory.display()
      ));
    }
  };
  let mut found: Vec<PathBuf> = entries
    .filter_map(Result::ok)
    .map(|entry| entry.path())
    .filter(|path| {
      path.file_name().is_some_and(|name| {
        let name = name.to_string_lossy();
        name.starts_with(&prefix) && name.ends_with(".toml")
      })
    })
    .collect();
  found.sort();
  Ok(found)
}

/// Encrypts one backup beside it, as `.age`, never over another file.
fn convert(store: &SecretStore, backup: &Path) -> Result<PathBuf, String> {
  let bytes = crate::files::regular_file::read(backup, crate::secrets::store::STORE_LIMIT)
    .map_err(|failure| {
      format!(
        "error: cannot read {}: {failure}; nothing was changed",
        backup.display()
      )
    })?;
  let entries: BTreeMap<String, StoredSecret> = std::str::from_utf8(&bytes)
    .ok()
    .and_then(|text| toml::from_str(text).ok())
    .ok_or_else(|| format!("error: {} is not a secrets backup stackc reads; nothing was changed (move it out of the way)", backup.display()))?;
  let contents = store.encode(&entries)?;
  let target = backup.with_extension("age");
  write_new(&target, contents.as_bytes(), 0o600).map_err(|error| {
    format!(
      "error: cannot write {}: {error}; nothing was changed",
      target.display()
    )
  })?;
  Ok(target)
}

/// Takes back what a failed `encrypt` wrote, so that the plain store stays
/// the only one.
fn undo(encrypted: &Path, converted: &[PathBuf]) {
  for path in std::iter::once(encrypted).chain(converted.iter().map(PathBuf::as_path)) {
    let _ = std::fs::remove_file(path);
  }
}
