use lsp_types::{ClientCapabilities, PositionEncodingKind};

/// How a client counts the characters of a line: LSP's default is UTF-16
/// code units; a client may offer UTF-8, which is stackc's own byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PositionEncoding {
  Utf8,
  Utf16,
}

impl PositionEncoding {
  /// UTF-8 when the client offers it (no conversion), else UTF-16, which
  /// every client understands.
  pub fn negotiate(capabilities: &ClientCapabilities) -> Self {
    let offered = capabilities
      .general
      .as_ref()
      .and_then(|general| general.position_encodings.as_ref());
    match offered {
      Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Self::Utf8,
      _ => Self::Utf16,
    }
  }

  pub fn kind(self) -> PositionEncodingKind {
    match self {
      Self::Utf8 => PositionEncodingKind::UTF8,
      Self::Utf16 => PositionEncodingKind::UTF16,
    }
  }

  /// How many units `character` takes.
  pub fn width(self, character: char) -> usize {
    match self {
      Self::Utf8 => character.len_utf8(),
      Self::Utf16 => character.len_utf16(),
    }
  }
}
