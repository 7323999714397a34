//! Reading a file that someone other than this stackc may have put in place:
//! the stack file, a file it references, the secret store, a deployed
//! `.env`, a file of the output directory. Any of them can be replaced, by
//! a pull request, a careless `mkfifo` or a lost disk, with something that
//! is not a file: a FIFO would block the read forever, a device or a 20 GB
//! file would be read whole. So the path is looked at first (no device is
//! ever opened), opened without blocking, the handle checked to be that
//! same regular file, and at most one byte past `limit` read.

use std::{
  fmt,
  fs::{File, Metadata},
  io::{self, Read},
  os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt},
  path::Path,
};

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadFailure {
  NotFound,
  /// A directory, FIFO, device or socket: named, as "a FIFO".
  NotRegular(&'static str),
  TooLarge {
    size: u64,
    limit: u64,
  },
  /// Replaced between the look and the open.
  Changed,
  Io(io::Error),
}

impl fmt::Display for ReadFailure {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match self {
      Self::NotFound => f.write_str("no such file"),
      Self::NotRegular("a directory") => f.write_str("is a directory"),
      Self::NotRegular(kind) => write!(f, "is {kind}, not a regular file"),
      Self::TooLarge { size, limit } => {
        write!(f, "is {size} bytes, more than the limit of {limit} bytes")
      }
      Self::Changed => f.write_str("the file changed while it was read"),
      Self::Io(error) => write!(f, "{error}"),
    }
  }
}

impl From<io::Error> for ReadFailure {
  fn from(error: io::Error) -> Self {
    match error.kind() {
      io::ErrorKind::NotFound => Self::NotFound,
      io::ErrorKind::IsADirectory => Self::NotRegular("a directory"),
      _ => Self::Io(error),
    }
  }
}

/// Reads the regular file at `path`, following symbolic links, of at most
/// `limit` bytes.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, ReadFailure> {
  read_with(path, limit, true).map(|(bytes, _)| bytes)
}

/// As `read`; with `follow_links` false a symbolic link at `path` itself is
/// refused (the caller resolved the path and must read what it resolved).
/// Also returns the metadata of the file read.
pub fn read_with(
  path: &Path,
  limit: u64,
  follow_links: bool,
) -> Result<(Vec<u8>, Metadata), ReadFailure> {
  let before = std::fs::metadata(path)?;
  regular(&before, limit)?;
  let mut flags = libc::O_NONBLOCK | libc::O_NOCTTY;
  if !follow_links {
    flags |= libc::O_NOFOLLOW;
  }
  let file = File::options().read(true).custom_flags(flags).open(path)?;
  let opened = file.metadata()?;
  regular(&opened, limit)?;
  if (opened.dev(), opened.ino()) != (before.dev(), before.ino()) {
    return Err(ReadFailure::Changed);
  }
  // Sized from the metadata (the read still stops at the limit): growing
  // by doubling would hold up to twice a large file.
  let mut bytes = Vec::with_capacity(opened.len().min(limit) as usize + 1);
  file.take(limit + 1).read_to_end(&mut bytes)?;
  if bytes.len() as u64 > limit {
    return Err(ReadFailure::TooLarge {
      size: opened.len().max(bytes.len() as u64),
      limit,
    });
  }
  Ok((bytes, opened))
}

fn regular(metadata: &Metadata, limit: u64) -> Result<(), ReadFailure> {
  let kind = metadata.file_type();
  if kind.is_file() {
    if metadata.len() > limit {
      return Err(ReadFailure::TooLarge {
        size: metadata.len(),
        limit,
      });
    }
    return Ok(());
  }
  Err(ReadFailure::NotRegular(if kind.is_dir() {
    "a directory"
  } else if kind.is_fifo() {
    "a FIFO"
  } else if kind.is_char_device() {
    "a character device"
  } else if kind.is_block_device() {
    "a block device"
  } else if kind.is_socket() {
    "a socket"
  } else {
    "a special file"
  }))
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn only_regular_files_within_the_limit_are_read() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("f");
    std::fs::write(&path, b"12345").unwrap();
    assert_eq!(read(&path, 5).unwrap(), b"12345");
    assert!(matches!(
      read(&path, 4),
      Err(ReadFailure::TooLarge { size: 5, limit: 4 })
    ));
    assert!(matches!(
      read(directory.path(), 5),
      Err(ReadFailure::NotRegular("a directory"))
    ));
    assert!(matches!(
      read(Path::new("/dev/zero"), 5),
      Err(ReadFailure::NotRegular("a character device"))
    ));
    assert!(matches!(
      read(&directory.path().join("missing"), 5),
      Err(ReadFailure::NotFound)
    ));
  }
}
