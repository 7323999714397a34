use {
  serde::ser,
  std::fmt::{self, Display},
};

/// Why a value has no YAML form here: a map keyed by something that is not
/// text, a number or a boolean.
#[derive(Debug)]
pub struct Error(pub(crate) String);

impl Display for Error {
  fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
    formatter.write_str(&self.0)
  }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
  fn custom<T: Display>(message: T) -> Self {
    Self(message.to_string())
  }
}
