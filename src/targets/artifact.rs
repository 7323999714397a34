/// One file the build writes, relative to the output directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
  pub path: String,
  pub contents: String,
  /// Meant for version control; `.env` is not.
  pub committed: bool,
  pub mode: u32,
}

impl Artifact {
  pub(crate) fn committed(path: impl Into<String>, contents: String) -> Self {
    Self {
      path: path.into(),
      contents,
      committed: true,
      mode: 0o644,
    }
  }
}
