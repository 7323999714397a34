use {
  crate::lsp::{position_encoding::PositionEncoding, positions::Positions, snapshot::Snapshot},
  lsp_types::Url,
  std::path::PathBuf,
};

/// A stack file open in the editor: its latest text as the client sent it,
/// and the latest version the worker checked.
#[derive(Debug)]
pub struct OpenDocument {
  pub uri: Url,
  pub path: PathBuf,
  pub version: i32,
  pub text: String,
  pub positions: Positions,
  /// The latest check, when the file could not be read as far as a model.
  snapshot: Option<Snapshot>,
  /// The latest check that read the file as far as a model: the names it
  /// holds outlive a keystroke that breaks the syntax.
  readable: Option<Snapshot>,
}

impl OpenDocument {
  pub fn new(uri: Url, version: i32, text: String, encoding: PositionEncoding) -> Self {
    let path = stack_path(&uri);
    let positions = Positions::new(&text, encoding);
    Self {
      uri,
      path,
      version,
      text,
      positions,
      snapshot: None,
      readable: None,
    }
  }

  pub fn replace(&mut self, version: i32, text: String) {
    self.positions = Positions::new(&text, self.positions.encoding());
    self.version = version;
    self.text = text;
  }

  /// Keeps a checked version of this document.
  pub fn keep(&mut self, snapshot: Snapshot) {
    let checked = &snapshot.checked;
    if checked.config.is_some() && checked.document.is_some() {
      self.readable = Some(snapshot);
      self.snapshot = None;
    } else {
      self.snapshot = Some(snapshot);
    }
  }

  /// The snapshot of the text as it is now, if the worker has checked it.
  pub fn fresh_snapshot(&self) -> Option<&Snapshot> {
    [&self.snapshot, &self.readable]
      .into_iter()
      .flatten()
      .find(|snapshot| snapshot.version == self.version)
  }

  /// The latest snapshot with a model, possibly of an older text: the
  /// names a stack declares change little between keystrokes.
  pub fn latest_snapshot(&self) -> Option<&Snapshot> {
    self.readable.as_ref()
  }
}

/// The path the check reads the file as. A document that is not a file
/// (an unsaved buffer) is placed in a directory that does not exist, so
/// that its prompt files are not found rather than read from wherever the
/// server was started.
fn stack_path(uri: &Url) -> PathBuf {
  match uri.to_file_path() {
    Ok(path) if uri.scheme() == "file" => path,
    _ => PathBuf::from("/nonexistent/stackc-untitled/stack.toml"),
  }
}
