//! Characters that change how text is shown without being shown: the
//! bidirectional overrides, embeddings and isolates of Trojan Source
//! (CVE-2021-42574), which reorder what a reviewer reads; zero-width
//! spaces, joiners and direction marks, which hide a difference between
//! two strings that look the same; the line and paragraph separators; and
//! the byte order mark.

/// Whether `c` is one of them.
pub fn is_invisible(c: char) -> bool {
  matches!(
    c,
    '\u{061c}'
      | '\u{200b}'..='\u{200f}'
      | '\u{2028}'..='\u{202e}'
      | '\u{2060}'..='\u{2064}'
      | '\u{2066}'..='\u{2069}'
      | '\u{feff}'
  )
}

/// The first such character in `text`, with its line (from 1) in `text`.
pub fn find(text: &str) -> Option<(char, usize)> {
  // Every one of them is outside ASCII, as nearly every value is.
  if text.is_ascii() {
    return None;
  }
  let (offset, c) = text.char_indices().find(|&(_, c)| is_invisible(c))?;
  Some((c, text[..offset].matches('\n').count() + 1))
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn overrides_and_zero_widths_are_invisible_and_text_is_not() {
    for c in [
      '\u{202e}', '\u{2066}', '\u{200b}', '\u{200f}', '\u{2028}', '\u{feff}',
    ] {
      assert!(is_invisible(c), "{c:?}");
    }
    for c in ['a', 'é', '\u{a0}', '\u{2030}', 'ש', '\u{2065}'] {
      assert!(!is_invisible(c), "{c:?}");
    }
    assert_eq!(find("a\nb\u{202e}c"), Some(('\u{202e}', 2)));
    assert_eq!(find("plain"), None);
  }
}
