//! Who is reading: the age identities (private keys) that open the
//! encrypted store, from `STACKC_AGE_IDENTITY` (a file), then
//! `STACKC_AGE_IDENTITY_DATA` (the file's contents, for CI), then
//! `$XDG_CONFIG_HOME/stackc/age/keys.txt` (`~/.config/…` without it).
//! Neither a key nor a line of the file is ever printed.

use std::{path::PathBuf, str::FromStr};

/// An identity file larger than this is not one.
const FILE_LIMIT: u64 = 1024 * 1024;

pub const PATH_VARIABLE: &str = "STACKC_AGE_IDENTITY";
pub const DATA_VARIABLE: &str = "STACKC_AGE_IDENTITY_DATA";

pub struct Identities {
  pub keys: Vec<age::x25519::Identity>,
  /// Where they came from, to name in a message.
  pub source: String,
}

impl std::fmt::Debug for Identities {
  fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    // Never the keys.
    write!(f, "Identities({} from {})", self.keys.len(), self.source)
  }
}

/// Why no identity could be used: the command cannot run (exit 2).
#[derive(Debug)]
pub struct IdentityError(pub String);

impl Identities {
  /// The default identity file: `$XDG_CONFIG_HOME/stackc/age/keys.txt`, or
  /// `~/.config/stackc/age/keys.txt`.
  pub fn default_path() -> Option<PathBuf> {
    let config = std::env::var_os("XDG_CONFIG_HOME")
      .filter(|value| !value.is_empty())
      .map(PathBuf::from)
      .or_else(|| {
        std::env::var_os("HOME")
          .filter(|value| !value.is_empty())
          .map(|home| PathBuf::from(home).join(".config"))
      })?;
    Some(config.join("stackc").join("age").join("keys.txt"))
  }

  /// The first source that is set; `Err` names every place looked in.
  pub fn find() -> Result<Self, IdentityError> {
    if let Some(path) = std::env::var_os(PATH_VARIABLE).filter(|value| !value.is_empty()) {
      let path = PathBuf::from(path);
      return Self::read(&path, format!("{} (${PATH_VARIABLE})", path.display()));
    }
    if let Some(data) = std::env::var_os(DATA_VARIABLE).filter(|value| !value.is_empty()) {
      let text = data.into_string().map_err(|_| {
        IdentityError(format!(
          "error: ${DATA_VARIABLE} is not UTF-8; nothing was changed"
        ))
      })?;
      return Self::parse(&text, format!("${DATA_VARIABLE}"));
    }
    let default = Self::default_path();
    if let Some(path) = default.as_ref().filter(|path| path.exists()) {
      return Self::read(path, path.display().to_string());
    }
    Err(IdentityError(format!(
      "error: the secrets store is encrypted and no age identity was found to read it: ${PATH_VARIABLE} (a path to an identity file) and ${DATA_VARIABLE} (an identity file's contents) are unset, and {} does not exist. Point ${PATH_VARIABLE} at your key (from `age-keygen`); nothing was changed",
      default.map_or_else(
        || "~/.config/stackc/age/keys.txt ($HOME unset)".to_owned(),
        |path| path.display().to_string()
      )
    )))
  }

  fn read(path: &std::path::Path, source: String) -> Result<Self, IdentityError> {
    let bytes = crate::files::regular_file::read(path, FILE_LIMIT).map_err(|failure| {
      IdentityError(format!(
        "error: cannot read the age identity {source}: {failure}; nothing was changed"
      ))
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
      IdentityError(format!(
        "error: the age identity {source} is not UTF-8; nothing was changed"
      ))
    })?;
    Self::parse(&text, source)
  }

  /// An identity file: `AGE-SECRET-KEY-1…` lines, blank lines and `#`
  /// comments (as `age-keygen` writes it).
  pub fn parse(text: &str, source: String) -> Result<Self, IdentityError> {
    let mut keys = Vec::new();
    for (number, line) in text.lines().enumerate() {
      let line = line.trim();
      if line.is_empty() || line.starts_with('#') {
        continue;
      }
      // The line is not shown: it may be a key with a typo.
      let key = age::x25519::Identity::from_str(line).map_err(|_| {
        IdentityError(format!(
          "error: line {} of the age identity {source} is not an age identity (`AGE-SECRET-KEY-1…`; passphrase-protected and plugin identities are not supported); nothing was changed",
          number + 1
        ))
      })?;
      keys.push(key);
    }
    if keys.is_empty() {
      return Err(IdentityError(format!(
        "error: the age identity {source} holds no key; nothing was changed"
      )));
    }
    Ok(Self { keys, source })
  }

  /// The identities as age takes them.
  pub fn as_age(&self) -> impl Iterator<Item = &dyn age::Identity> {
    self.keys.iter().map(|key| key as &dyn age::Identity)
  }
}
