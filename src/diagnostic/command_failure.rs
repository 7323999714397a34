//! Why a command stopped, and so its exit code: refused (1), because of
//! what the stack, the store or `.env` holds; or unable to run (2), because
//! a file it needs cannot be read at all (a FIFO, a device, a file far too
//! large or a permission in its place).

use std::fmt;

#[derive(Debug)]
pub enum CommandFailure {
  Refused(String),
  CannotRun(String),
}

impl CommandFailure {
  pub fn exit_code(&self) -> i32 {
    match self {
      Self::Refused(_) => crate::diagnostic::exit_code::EXIT_INVALID,
      Self::CannotRun(_) => crate::diagnostic::exit_code::EXIT_CANNOT_RUN,
    }
  }
}

impl From<String> for CommandFailure {
  fn from(message: String) -> Self {
    Self::Refused(message)
  }
}

impl fmt::Display for CommandFailure {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match self {
      Self::Refused(message) | Self::CannotRun(message) => f.write_str(message),
    }
  }
}
