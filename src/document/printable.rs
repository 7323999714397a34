//! Text shown where a line break or escape sequence would do harm: a
//! comment in a generated file, a diagnostic on a terminal.

use std::borrow::Cow;

/// `text` with every control character and invisible character (a line or
/// paragraph separator, a bidirectional override, a zero-width space, the
/// byte order mark) written as a Rust escape (`\n`, `\u{1b}`, `\u{2028}`),
/// so that it stays on one line, sends nothing to a terminal and hides
/// nothing from a reader.
pub fn printable(text: &str) -> Cow<'_, str> {
  let needs = |c: char| c.is_control() || crate::document::invisible::is_invisible(c);
  if !text.chars().any(needs) {
    return Cow::Borrowed(text);
  }
  Cow::Owned(
    text
      .chars()
      .map(|c| {
        if c.is_control() {
          c.escape_default().to_string()
        } else if needs(c) {
          c.escape_unicode().to_string()
        } else {
          c.to_string()
        }
      })
      .collect(),
  )
}

#[cfg(test)]
mod tests {
  use super::printable;

  #[test]
  fn controls_and_separators_are_escaped_and_the_rest_kept() {
    assert_eq!(printable("stack.toml"), "stack.toml");
    assert_eq!(printable("caf\u{e9} x"), "caf\u{e9} x");
    assert_eq!(
      printable("a\nB=1\u{2028}\u{1b}[2J\u{85}"),
      "a\\nB=1\\u{2028}\\u{1b}[2J\\u{85}"
    );
  }
}
