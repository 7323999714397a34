use {crate::lsp::position_encoding::PositionEncoding, lsp_types::Url, std::path::PathBuf};

/// A version of a document to check: everything the worker needs, owned,
/// so that the editor's thread keeps nothing borrowed.
#[derive(Clone, Debug)]
pub struct CheckJob {
  pub uri: Url,
  pub version: i32,
  /// Where the file is: prompt files are read relative to it.
  pub path: PathBuf,
  pub text: String,
  /// The deployment directory of a `--deploy`-like check, if configured.
  pub output: Option<PathBuf>,
  pub encoding: PositionEncoding,
}
