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

impl std::ops::Deref for LineIndex {
  type Target = [usize];

  fn deref(&self) -> &[usize] {
    &self.0
  }
}

#[cfg(test)]
mod tests {
  use super::LineIndex;

  #[test]
  fn each_offset_is_on_the_line_that_holds_it() {
    let lines = LineIndex::new("ab\n\ncd");
    assert_eq!(*lines, [0, 3, 4]);
    assert_eq!(
      [0, 2, 3, 4, 6].map(|offset| lines.line(offset)),
      [0, 0, 1, 2, 2]
    );
  }
}
