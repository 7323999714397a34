//! What human diagnostics show of a stack file, safe for a terminal: a
//! control character (ESC, CR, BEL, a C1 code…) or invisible character (a
//! bidirectional override, a zero-width space: `invisible`) in a key, a
//! value or a line of a file that does not parse is shown escaped
//! (`\u{1b}`, `\u{202e}`), never sent to the terminal, where it could hide
//! or forge what a reviewer reads.
//!
//! It is also miette's view of the file: each snippet is found through a
//! line index, so that rendering many diagnostics of a large file costs time
//! in proportion to what is shown, not to the file's size.

use {
  crate::document::line_index::LineIndex,
  miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents},
  std::borrow::Cow,
};

/// `text` with every control character but newline and tab, and every
/// invisible character, escaped.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
  if !text.chars().any(needs_escape) {
    return Cow::Borrowed(text);
  }
  let mut escaped = String::with_capacity(text.len() + 8);
  for c in text.chars() {
    if needs_escape(c) {
      escape(c, &mut escaped);
    } else {
      escaped.push(c);
    }
  }
  Cow::Owned(escaped)
}

fn needs_escape(c: char) -> bool {
  (c.is_control() && c != '\n' && c != '\t') || crate::document::invisible::is_invisible(c)
}

/// `\n`-style where Rust has one, `\u{…}` otherwise: `escape_debug` would
/// let a joiner through.
fn escape(c: char, into: &mut String) {
  if c.is_control() {
    into.extend(c.escape_debug());
  } else {
    into.extend(c.escape_unicode());
  }
}

/// A file's text as shown, with the offsets of the original mapped onto it.
pub struct EscapedSource {
  name: String,
  text: String,
  line_starts: LineIndex,
  /// (original offset, shown offset) at each end of every escaped character.
  marks: Vec<(usize, usize)>,
}

impl EscapedSource {
  pub fn new(name: &str, original: &str) -> Self {
    let mut text = String::with_capacity(original.len());
    let mut marks = Vec::new();
    let mut characters = original.char_indices().peekable();
    while let Some((offset, c)) = characters.next() {
      if !needs_escape(c) {
        text.push(c);
        continue;
      }
      marks.push((offset, text.len()));
      // A Windows line ending is a line ending, not something to show.
      let crlf = c == '\r' && characters.peek().is_some_and(|&(_, next)| next == '\n');
      if !crlf {
        escape(c, &mut text);
      }
      marks.push((offset + c.len_utf8(), text.len()));
    }
    Self {
      name: escape_controls(name).into_owned(),
      line_starts: LineIndex::new(&text),
      text,
      marks,
    }
  }

  /// The shown offset of an original byte offset.
  pub fn offset(&self, original: usize) -> usize {
    let index = self.marks.partition_point(|&(from, _)| from <= original);
    let shown = match index.checked_sub(1) {
      None => original,
      Some(index) => {
        let (from, to) = self.marks[index];
        to + (original - from)
      }
    };
    shown.min(self.text.len())
  }

  pub fn span(&self, span: crate::document::span::Span) -> SourceSpan {
    let start = self.offset(span.start);
    let end = self.offset(span.end).max(start);
    (start, end - start).into()
  }
}

impl SourceCode for EscapedSource {
  /// The same contents as miette's own implementation for text, found by
  /// binary search instead of a scan from the start of the file.
  fn read_span<'a>(
    &'a self,
    span: &SourceSpan,
    context_lines_before: usize,
    context_lines_after: usize,
  ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
    let length = self.text.len();
    let end = span.offset() + span.len();
    if end.saturating_sub(1) > length {
      return Err(MietteError::OutOfBounds);
    }
    let start = span.offset().min(length);
    let line = self.line_starts.line(start);
    let first_line = line.saturating_sub(context_lines_before);
    let (data_start, column) = if context_lines_before == 0 {
      (start, start - self.line_starts[line])
    } else {
      (self.line_starts[first_line], 0)
    };
    // The span's last byte, then as many more line ends as asked for.
    let last = end.max(1) - 1;
    let next = self.line_starts.partition_point(|&s| s <= last + 1);
    let data_end = if context_lines_after == 0 {
      (last + 1).min(length)
    } else {
      self
        .line_starts
        .get(next + context_lines_after)
        .copied()
        .unwrap_or(length)
    }
    .max(data_start);
    // miette's reading restarts the column at each line end after the span.
    let column = if context_lines_after > 0 && next < self.line_starts.len() {
      0
    } else {
      column
    };
    let line_count = self.line_starts.line(data_end);
    Ok(Box::new(MietteSpanContents::new_named(
      self.name.clone(),
      &self.text.as_bytes()[data_start..data_end],
      (data_start, data_end - data_start).into(),
      first_line,
      column,
      line_count,
    )))
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn controls_are_escaped_and_offsets_follow() {
    let source = EscapedSource::new("s.toml", "a = \"\u{1b}[31m\"\r\nb\u{7} = 1\n");
    assert_eq!(source.text, "a = \"\\u{1b}[31m\"\nb\\u{7} = 1\n");
    // `[` after the escape, `b` after the dropped CR, `=` after the bell.
    assert_eq!(&source.text[source.offset(6)..][..1], "[");
    assert_eq!(&source.text[source.offset(13)..][..1], "b");
    assert_eq!(&source.text[source.offset(16)..][..1], "=");
    assert_eq!(escape_controls("k\u{9b}x\r"), "k\\u{9b}x\\r");
    assert_eq!(escape_controls("plain\ttext\n"), "plain\ttext\n");
    assert_eq!(
      escape_controls("a\u{202e}b\u{200d}c\u{2028}"),
      "a\\u{202e}b\\u{200d}c\\u{2028}"
    );
    let source = EscapedSource::new("s", "k = \"\u{2066}x\"\n");
    assert_eq!(source.text, "k = \"\\u{2066}x\"\n");
    assert_eq!(&source.text[source.offset(8)..][..1], "x");
  }

  #[test]
  fn snippets_match_miettes_own_reading() {
    let text = "one\ntwo\nthree\n\nfive";
    let source = EscapedSource::new("s", text);
    for offset in 0..=text.len() {
      for length in 0..=(text.len() - offset) {
        for (before, after) in [(0, 0), (1, 1), (2, 2), (0, 1)] {
          let span: SourceSpan = (offset, length).into();
          let ours = source.read_span(&span, before, after).unwrap();
          let theirs = text.read_span(&span, before, after).unwrap();
          let what = (offset, length, before, after);
          assert_eq!(ours.data(), theirs.data(), "{what:?}");
          assert_eq!(ours.span(), theirs.span(), "{what:?}");
          assert_eq!(ours.line(), theirs.line(), "{what:?}");
          assert_eq!(ours.column(), theirs.column(), "{what:?}");
          assert_eq!(ours.line_count(), theirs.line_count(), "{what:?}");
        }
      }
    }
  }
}
