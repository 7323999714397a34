use std::{fmt, path::PathBuf};

/// The largest file a reference may name: 256 KiB, far more than any prompt.
pub const SIZE_LIMIT: u64 = 256 * 1024;

/// Why a file the stack file names (`prompt_file`) was not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReferenceProblem {
  Absolute,
  ParentDirectory,
  NotFound {
    looked_for: PathBuf,
  },
  /// A symlink, somewhere on the way, leads out of the stack's folder.
  Outside {
    resolved: PathBuf,
  },
  /// Inside a `.stackc/` folder: a secret store.
  SecretStore,
  /// A `.env` file: the secrets of a deployment.
  EnvFile,
  OutputDirectory,
  NotRegular {
    kind: &'static str,
  },
  /// A file with more than one name: the other could be a secret store.
  HardLink {
    links: u64,
  },
  TooLarge {
    size: u64,
  },
  NotUtf8,
  Unreadable {
    reason: String,
  },
}

impl ReferenceProblem {
  /// What to do about it.
  pub fn help(&self) -> &'static str {
    match self {
      Self::NotFound { .. } | Self::NotUtf8 | Self::Unreadable { .. } => {
        "paths are relative to the directory of the stack file; or write the prompt inline with `prompt`"
      }
      Self::TooLarge { .. } => {
        "a referenced file may hold at most 256 KiB; shorten it, or write the prompt inline with `prompt`"
      }
      Self::HardLink { .. } => {
        "a referenced file must have one name: replace the hard link by a copy, or write the prompt inline with `prompt`"
      }
      _ => {
        "a referenced file must be a regular file inside the stack file's folder (symlinks resolved), written as a relative path without `..`, outside `.stackc/`, `.env` files and the output directory"
      }
    }
  }
}

impl fmt::Display for ReferenceProblem {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match self {
      Self::Absolute => f.write_str("is an absolute path"),
      Self::ParentDirectory => f.write_str("leaves the stack's folder with `..`"),
      Self::NotFound { .. } => f.write_str("does not exist"),
      Self::Outside { resolved } => write!(
        f,
        "resolves to {}, outside the stack's folder",
        resolved.display()
      ),
      Self::SecretStore => f.write_str("is inside a secret store (`.stackc/`)"),
      Self::EnvFile => f.write_str("is a `.env` file, which holds secrets"),
      Self::OutputDirectory => f.write_str("is inside the output directory"),
      Self::NotRegular { kind } => write!(f, "is {kind}, not a regular file"),
      Self::HardLink { links } => write!(
        f,
        "is a file with {links} names (hard links), another of which could be a secret store or a `.env`"
      ),
      Self::TooLarge { size } => write!(
        f,
        "is {size} bytes, more than the limit of {} bytes",
        SIZE_LIMIT
      ),
      Self::NotUtf8 => f.write_str("is not UTF-8 text"),
      Self::Unreadable { reason } => write!(f, "cannot be read: {reason}"),
    }
  }
}
