//! Text shown where a line break or escape sequence would do harm: a
//! comment in a generated file, a diagnostic on a terminal.

use std::borrow::Cow;

/// `text` with every control character, line or paragraph separator and
/// byte order mark written as a Rust escape (`\n`, `\u{1b}`, `\u{2028}`),
/// so that it stays on one line and sends nothing to a terminal.
pub fn printable(text: &str) -> Cow<'_, str> {
  let needs = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}');
  if !text.chars().any(needs) {
    return Cow::Borrowed(text);
  }
  Cow::Owned(
    text
      .chars()
      .map(|c| {
        if needs(c) {
          c.escape_default().to_string()
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
