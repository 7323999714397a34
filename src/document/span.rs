/// A byte range in the stack file. Diagnostics carry spans, never line numbers:
/// lines and columns are computed once, when a diagnostic is reported.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
  pub start: usize,
  pub end: usize,
}

impl Span {
  pub fn new(start: usize, end: usize) -> Self {
    Self { start, end }
  }

  pub fn empty(at: usize) -> Self {
    Self { start: at, end: at }
  }

  pub fn len(self) -> usize {
    self.end - self.start
  }

  pub fn is_empty(self) -> bool {
    self.start == self.end
  }
}

impl From<std::ops::Range<usize>> for Span {
  fn from(range: std::ops::Range<usize>) -> Self {
    Self::new(range.start, range.end)
  }
}

impl From<Span> for miette::SourceSpan {
  fn from(span: Span) -> Self {
    (span.start, span.len()).into()
  }
}
