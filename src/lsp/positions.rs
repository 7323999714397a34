use {
  crate::{
    document::{
      line_index::{LineIndex, floor_char_boundary},
      span::Span,
    },
    lsp::position_encoding::PositionEncoding,
  },
  lsp_types::{Position, Range},
};

/// Byte offsets of a text to LSP positions and back: the line starts,
/// found once per version of a document, and the negotiated encoding.
#[derive(Clone, Debug)]
pub struct Positions {
  line_starts: LineIndex,
  encoding: PositionEncoding,
}

impl Positions {
  pub fn new(text: &str, encoding: PositionEncoding) -> Self {
    Self {
      line_starts: LineIndex::new(text),
      encoding,
    }
  }

  pub fn encoding(&self) -> PositionEncoding {
    self.encoding
  }

  /// The position of byte `offset`; an offset inside a character or past
  /// the end is moved back onto the text.
  pub fn position(&self, text: &str, offset: usize) -> Position {
    let offset = floor_char_boundary(text, offset);
    let line = self.line_starts.line(offset);
    let start = self.line_starts[line];
    let character: usize = text[start..offset]
      .chars()
      .map(|c| self.encoding.width(c))
      .sum();
    Position::new(line as u32, character as u32)
  }

  pub fn range(&self, text: &str, span: Span) -> Range {
    Range::new(
      self.position(text, span.start),
      self.position(text, span.end.max(span.start)),
    )
  }

  /// The byte offset of `position`: a line past the end is the end of the
  /// text, a character past the line (or inside a UTF-16 pair) its nearest
  /// character boundary before, as the protocol asks.
  pub fn offset(&self, text: &str, position: Position) -> usize {
    let Some(&start) = self.line_starts.get(position.line as usize) else {
      return text.len();
    };
    let end = self
      .line_starts
      .get(position.line as usize + 1)
      .map_or(text.len(), |next| next - 1);
    let mut units = 0;
    for (index, character) in text[start..end].char_indices() {
      units += self.encoding.width(character);
      if units > position.character as usize {
        return start + index;
      }
    }
    end
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn utf16_counts_code_units_and_utf8_bytes() {
    let text = "a = \"é😀\"\nb = 1\n";
    let utf16 = Positions::new(text, PositionEncoding::Utf16);
    let utf8 = Positions::new(text, PositionEncoding::Utf8);
    // The closing quote: after `a = "` (5), é (1 unit, 2 bytes), 😀 (2 units, 4 bytes).
    let quote = text.rfind('"').unwrap();
    assert_eq!(utf16.position(text, quote), Position::new(0, 8));
    assert_eq!(utf8.position(text, quote), Position::new(0, 11));
    assert_eq!(utf16.offset(text, Position::new(0, 8)), quote);
    assert_eq!(utf8.offset(text, Position::new(0, 11)), quote);
    assert_eq!(utf16.position(text, text.len()), Position::new(2, 0));
    assert_eq!(utf16.offset(text, Position::new(9, 0)), text.len());
    // Past the end of a line: its end, before the line break.
    assert_eq!(utf16.offset(text, Position::new(1, 99)), text.len() - 1);
  }
}
