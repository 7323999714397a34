//! Where each line of a text starts: found once per text, then the line of
//! any byte offset by binary search. The stack file's `Source`, the text
//! diagnostics show (`EscapedSource`) and an editor's positions (`lsp`)
//! each keep one.

/// The byte offset at which each line starts, the first line's (0) included.
#[derive(Clone, Debug, Default)]
pub struct LineIndex(Vec<usize>);

impl LineIndex {
  pub fn new(text: &str) -> Self {
    Self(
      std::iter::once(0)
        .chain(text.match_indices('\n').map(|(index, _)| index + 1))
        .collect(),
    )
  }

  /// The line, counted from 0, that holds byte `offset`.
  pub fn line(&self, offset: usize) -> usize {
    self.0.partition_point(|&start| start <= offset) - 1
  }
}

/// `offset` moved back onto `text`: to its end when past it, and to the
/// start of the character it falls inside. (`str::floor_char_boundary`,
/// stable only after this crate's `rust-version`.)
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
  let mut offset = offset.min(text.len());
  while !text.is_char_boundary(offset) {
    offset -= 1;
  }
  offset
}

impl std::ops::Deref for LineIndex {
  type Target = [usize];

  fn deref(&self) -> &[usize] {
    &self.0
  }
}

#[cfg(test)]
mod tests {
  use super::{LineIndex, floor_char_boundary};

  #[test]
  fn each_offset_is_on_the_line_that_holds_it() {
    let lines = LineIndex::new("ab\n\ncd");
    assert_eq!(*lines, [0, 3, 4]);
    assert_eq!(
      [0, 2, 3, 4, 6].map(|offset| lines.line(offset)),
      [0, 0, 1, 2, 2]
    );
  }

  #[test]
  fn an_offset_is_moved_back_onto_the_text() {
    let text = "aé";
    assert_eq!(
      [0, 1, 2, 3, 9].map(|offset| floor_char_boundary(text, offset)),
      [0, 1, 1, 3, 3]
    );
  }
}
