//! Every string of the stack file, keys and values, with where it is: what
//! the rules on characters (SC130, SC135) look through.

use {
  crate::document::{Document, pointer, span::Span},
  serde_json::Value,
  std::borrow::Cow,
};

/// Where a string is: its keys (and array indices) from the root. Keys are
/// borrowed from the document; a walk of 10,000 services does not copy
/// each key for each string under it.
pub type Path<'a> = [Cow<'a, str>];

/// Whether a string is a key or a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
  Key,
  Value,
}

impl Place {
  pub fn noun(self) -> &'static str {
    match self {
      Self::Key => "key",
      Self::Value => "value",
    }
  }

  /// The span of the key or value at `path`.
  pub fn span(self, document: &Document, path: &Path<'_>) -> Span {
    match self {
      Self::Key => document.key_span(&pointer(path)),
      Self::Value => document.value_span(&pointer(path)),
    }
  }
}

/// Calls `visit` with every string value and every key of the stack file,
/// and its path. Secret names are left to SC211, which allows only
/// `[A-Za-z0-9_]`.
pub fn each<'a>(document: &'a Document, visit: &mut dyn FnMut(&str, Place, &Path<'a>)) {
  walk(&document.json, &mut Vec::new(), &mut |text, place, path| {
    let secret_name = place == Place::Key && path.len() == 2 && path[0] == "secrets";
    if !secret_name {
      visit(text, place, path);
    }
  });
}

/// Whether every string and key of the file whose text is `source` is
/// printable ASCII, tab, newline or carriage return, as the rules on
/// characters need: true when `source` itself is such text and holds no
/// backslash. A string is then a piece of the source, since an escape is
/// the only way to write any other character in a file of plain text.
/// Nearly every stack file is such a file, and the rules skip their walk.
pub fn all_plain(source: &str) -> bool {
  // Whole chunks, without an early exit inside one, vectorise.
  source.as_bytes().chunks(64).all(|chunk| {
    chunk
      .iter()
      .fold(true, |all, &byte| all & printable(byte) & (byte != b'\\'))
  })
}

/// Whether `byte` is printable ASCII, tab, newline or carriage return: text
/// made of such bytes holds no character the rules on characters refuse.
pub fn printable(byte: u8) -> bool {
  matches!(byte, b' '..=b'~' | b'\t' | b'\n' | b'\r')
}

/// Calls `visit` with every string value and every key under `value`, and
/// its path from there.
pub fn walk<'a>(
  value: &'a Value,
  path: &mut Vec<Cow<'a, str>>,
  visit: &mut dyn FnMut(&str, Place, &Path<'a>),
) {
  match value {
    Value::String(text) => visit(text, Place::Value, path),
    Value::Array(items) => {
      for (index, item) in items.iter().enumerate() {
        path.push(Cow::Owned(index.to_string()));
        walk(item, path, visit);
        path.pop();
      }
    }
    Value::Object(map) => {
      for (key, item) in map {
        path.push(Cow::Borrowed(key));
        visit(key, Place::Key, path);
        walk(item, path, visit);
        path.pop();
      }
    }
    _ => {}
  }
}

#[cfg(test)]
mod tests {
  use super::all_plain;

  #[test]
  fn plain_text_without_escapes_is_plain_and_anything_else_is_not() {
    for text in ["", "version = 1\n[stack]\r\nname = 'a'\tb # ~ {}"] {
      assert!(all_plain(text), "{text:?}");
    }
    let long = "x".repeat(200);
    for text in [
      "a = \"\\u0007\"",
      "bell \u{7}",
      "delete \u{7f}",
      "é",
      "zero\u{200b}width",
      &format!("{long}\\"),
      &format!("{long}\u{0}"),
    ] {
      assert!(!all_plain(text), "{text:?}");
    }
  }
}
