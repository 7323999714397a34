//! Whom the encrypted store is written for: the age public keys the stack
//! file names (`[secrets_store]`), checked, without duplicates, sorted so
//! that the same set always reads the same.

use {
  crate::{config::secrets_store::StoreSettings, files::stack_file_reference},
  std::{
    path::{Path, PathBuf},
    str::FromStr,
  },
};

/// A recipients file larger than this is not one.
const FILE_LIMIT: u64 = 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recipients {
  /// Each key as `age-keygen` prints it, sorted.
  pub keys: Vec<String>,
}

impl Recipients {
  /// Checks `keys`: each must be an age X25519 public key (`age1…`); `Err`
  /// names the first that is not (a public key, safe to print).
  pub fn parse<'k>(keys: impl IntoIterator<Item = &'k str>) -> Result<Self, String> {
    let mut checked = Vec::new();
    for key in keys {
      let key = key.trim();
      age::x25519::Recipient::from_str(key).map_err(|_| {
        format!(
          "error: `{}` is not an age public key (`age1…`, as `age-keygen -y` prints it); nothing was changed",
          printable(key)
        )
      })?;
      checked.push(key.to_owned());
    }
    checked.sort();
    checked.dedup();
    if checked.is_empty() {
      return Err("error: the secrets store would be encrypted to nobody, and no one could read it; name at least one recipient (`[secrets_store] recipients`); nothing was changed".into());
    }
    Ok(Self { keys: checked })
  }

  /// The keys of a recipients file the operator names on the command line
  /// (`--recipients-file`), in age's format.
  pub fn read_file(path: &Path) -> Result<Vec<String>, String> {
    let bytes = crate::files::regular_file::read(path, FILE_LIMIT).map_err(|failure| {
      format!(
        "error: cannot read recipients file {}: {failure}; nothing was changed",
        path.display()
      )
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
      format!(
        "error: recipients file {} is not UTF-8; nothing was changed",
        path.display()
      )
    })?;
    Ok(keys_in(&text))
  }

  /// The recipients the stack file names, inline and in its recipients
  /// file; `None` when it has no `[secrets_store]` (the store is plain).
  pub fn of_stack(stack: &Path, settings: Option<&StoreSettings>) -> Option<Result<Self, String>> {
    let settings = settings?;
    let mut keys = settings.recipients.clone();
    if let Some(file) = &settings.recipients_file {
      // A file the stack file names, read as every such file is: a stack
      // file from a pull request may name any path.
      match stack_file_reference::read(stack_directory(stack), None, file) {
        Ok(text) => keys.extend(keys_in(&text)),
        Err(problem) => return Some(Err(file_problem(file, &problem))),
      }
    }
    Some(Self::parse(keys.iter().map(String::as_str)))
  }

  /// Where the stack file's `recipients_file` is, resolved as every file a
  /// stack file names is (`files::stack_file_reference`): inside the
  /// stack's folder, in no secret store, not a `.env`.
  pub fn file_path(stack: &Path, file: &str) -> Result<PathBuf, String> {
    stack_file_reference::resolve(stack_directory(stack), None, file)
      .map_err(|problem| file_problem(file, &problem))
  }

  /// The keys as age recipients, for encrypting.
  pub fn age(&self) -> Vec<age::x25519::Recipient> {
    self
      .keys
      .iter()
      .filter_map(|key| age::x25519::Recipient::from_str(key).ok())
      .collect()
  }
}

/// The keys of a recipients file in age's format: one a line, blank lines
/// and `#` comments skipped.
fn keys_in(text: &str) -> Vec<String> {
  text
    .lines()
    .map(str::trim)
    .filter(|line| !line.is_empty() && !line.starts_with('#'))
    .map(str::to_owned)
    .collect()
}

/// The folder the stack file names its files against.
pub fn stack_directory(stack: &Path) -> &Path {
  match stack.parent() {
    Some(parent) if !parent.as_os_str().is_empty() => parent,
    _ => Path::new("."),
  }
}

fn file_problem(file: &str, problem: &crate::files::reference_problem::ReferenceProblem) -> String {
  format!(
    "error: the recipients file `{}` {problem}; nothing was changed",
    printable(file)
  )
}

/// A key as written, cut short and without control characters: whatever
/// was typed in its place is shown, never a terminal escape.
fn printable(key: &str) -> String {
  let shown: String = key.chars().filter(|c| !c.is_control()).take(80).collect();
  // An identity pasted in a recipient's place is named, never shown.
  if shown.to_ascii_uppercase().starts_with("AGE-SECRET-KEY-") {
    return "AGE-SECRET-KEY-… (an identity, which must stay private)".into();
  }
  shown
}
