use {
  crate::document::line_index::{LineIndex, floor_char_boundary},
  std::path::{Path, PathBuf},
};

/// The stack file as read from disk: its path as the user gave it, its text,
/// and the offsets of its line starts for line/column lookups.
#[derive(Debug)]
pub struct Source {
  pub path: PathBuf,
  pub text: String,
  lines: LineIndex,
}

/// A 1-based line and column; the column counts characters, as editors do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
  pub line: usize,
  pub column: usize,
}

impl Source {
  pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
    Self {
      path: path.into(),
      lines: LineIndex::new(&text),
      text,
    }
  }

  pub fn path(&self) -> &Path {
    &self.path
  }

  /// The file name as shown in diagnostics: the path as the user typed it.
  pub fn display_name(&self) -> String {
    self.path.display().to_string()
  }

  pub fn position(&self, offset: usize) -> Position {
    let offset = floor_char_boundary(&self.text, offset);
    let line_index = self.lines.line(offset);
    let line_start = self.lines[line_index];
    Position {
      line: line_index + 1,
      column: self.text[line_start..offset].chars().count() + 1,
    }
  }

  /// The directory that relative paths in the stack file are resolved against.
  pub fn directory(&self) -> &Path {
    match self.path.parent() {
      Some(parent) if !parent.as_os_str().is_empty() => parent,
      _ => Path::new("."),
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn positions_are_one_based_and_count_characters() {
    let source = Source::new("s.toml", "a = 1\nné = \"x\"\n".into());
    assert_eq!(source.position(0), Position { line: 1, column: 1 });
    assert_eq!(source.position(6), Position { line: 2, column: 1 });
    // `=` after "né " is the 4th character but the 5th byte of the line.
    assert_eq!(source.position(10), Position { line: 2, column: 4 });
    assert_eq!(source.position(999), Position { line: 3, column: 1 });
  }
}
