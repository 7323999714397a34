//! The recipients, written where a reviewer reads them: the stack file's
//! `[secrets_store]` (edited with `toml_edit`, which keeps every other
//! byte, comments included) or its recipients file. Each file is replaced
//! atomically, with its mode kept, and never through a symbolic link.

use crate::config::secrets_store::StoreSettings;
use {
  crate::{files::atomic_write::write_atomic, secrets::recipients::Recipients},
  std::{os::unix::fs::PermissionsExt, path::Path},
};

const FILE_LIMIT: u64 = 64 * 1024 * 1024;

fn read(path: &Path) -> Result<(String, u32), String> {
  let metadata = std::fs::symlink_metadata(path)
    .map_err(|error| format!("error: cannot read {}: {error}", path.display()))?;
  if !metadata.is_file() {
    return Err(format!(
      "error: {} is not a regular file (a symbolic link?), and stackc does not write through one; nothing was changed",
      path.display()
    ));
  }
  let bytes = crate::files::regular_file::read(path, FILE_LIMIT)
    .map_err(|failure| format!("error: cannot read {}: {failure}", path.display()))?;
  let text = String::from_utf8(bytes).map_err(|_| {
    format!(
      "error: {} is not UTF-8; nothing was changed",
      path.display()
    )
  })?;
  Ok((text, metadata.permissions().mode() & 0o7777))
}

fn write(path: &Path, text: &str, mode: u32) -> Result<(), String> {
  write_atomic(path, text.as_bytes(), mode)
    .map_err(|error| format!("error: cannot write {}: {error}", path.display()))
}

/// Appends a `[secrets_store]` table to a stack file that has none.
pub fn declare(stack: &Path, keys: &[String], file: Option<&str>) -> Result<(), String> {
  let (mut text, mode) = read(stack)?;
  if !text.is_empty() && !text.ends_with('\n') {
    text.push('\n');
  }
  text.push_str("\n# Who can read the encrypted secrets store, .stackc/");
  text.push_str(&format!(
    "{}.secrets.age\n# (`stackc secrets recipients add|remove KEY` changes it).\n[secrets_store]\n",
    stack
      .file_stem()
      .map_or("stack".into(), |s| s.to_string_lossy())
  ));
  if !keys.is_empty() {
    text.push_str("recipients = [\n");
    for key in keys {
      text.push_str(&format!("  \"{key}\",\n"));
    }
    text.push_str("]\n");
  }
  if let Some(file) = file {
    text.push_str(&format!(
      "recipients_file = {}\n",
      toml_edit::Value::from(file).to_string().trim()
    ));
  }
  write(stack, &text, mode)
}

/// Adds `key` where the recipients are written: the recipients file when
/// the stack names only that, else the stack file's `recipients`.
pub fn add(stack: &Path, settings: &StoreSettings, key: &str) -> Result<(), String> {
  if let (Some(file), true) = (&settings.recipients_file, settings.recipients.is_empty()) {
    let path = Recipients::file_path(stack, file)?;
    let (mut text, mode) = read(&path)?;
    if !text.is_empty() && !text.ends_with('\n') {
      text.push('\n');
    }
    text.push_str(key);
    text.push('\n');
    return write(&path, &text, mode);
  }
  edit_stack(stack, |recipients| {
    recipients.push(key);
    Ok(())
  })
}

/// Removes `key` from the stack file's `recipients` and from its
/// recipients file, wherever it is written.
pub fn remove(stack: &Path, settings: &StoreSettings, key: &str) -> Result<(), String> {
  if settings
    .recipients
    .iter()
    .any(|written| written.trim() == key)
  {
    edit_stack(stack, |recipients| {
      recipients.retain(|value| value.as_str().map(str::trim) != Some(key));
      Ok(())
    })?;
  }
  if let Some(file) = &settings.recipients_file {
    let path = Recipients::file_path(stack, file)?;
    let (text, mode) = read(&path)?;
    if text.lines().any(|line| line.trim() == key) {
      let kept: String = text
        .lines()
        .filter(|line| line.trim() != key)
        .map(|line| format!("{line}\n"))
        .collect();
      write(&path, &kept, mode)?;
    }
  }
  Ok(())
}

fn edit_stack(
  stack: &Path,
  change: impl FnOnce(&mut toml_edit::Array) -> Result<(), String>,
) -> Result<(), String> {
  let (text, mode) = read(stack)?;
  let mut document: toml_edit::DocumentMut = text.parse().map_err(|_| {
    format!(
      "error: cannot parse {}; nothing was changed",
      stack.display()
    )
  })?;
  let table = document
    .entry("secrets_store")
    .or_insert_with(toml_edit::table)
    .as_table_like_mut()
    .ok_or_else(|| {
      format!(
        "error: `secrets_store` in {} is not a table",
        stack.display()
      )
    })?;
  let recipients = table
    .entry("recipients")
    .or_insert(toml_edit::value(toml_edit::Array::new()))
    .as_array_mut()
    .ok_or_else(|| {
      format!(
        "error: `secrets_store.recipients` in {} is not an array",
        stack.display()
      )
    })?;
  change(recipients)?;
  // One key a line, so that a diff shows who was added or removed.
  for value in recipients.iter_mut() {
    value.decor_mut().set_prefix("\n  ");
  }
  recipients.set_trailing_comma(true);
  recipients.set_trailing("\n");
  write(stack, &document.to_string(), mode)
}
