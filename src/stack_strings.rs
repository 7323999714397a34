//! Every string of the stack file, keys and values, with where it is: what
//! the rules on characters (SC130, SC135) look through.

use {
  crate::{lint::Context, span::Span},
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
  pub fn span(self, cx: &Context<'_>, path: &Path<'_>) -> Span {
    match self {
      Self::Key => cx.key(path),
      Self::Value => cx.value(path),
    }
  }
}

/// Calls `visit` with every string value and every key of the stack file,
/// and its path. Secret names are left to SC211, which allows only
/// `[A-Za-z0-9_]`.
pub fn each<'a>(cx: &Context<'a>, visit: &mut dyn FnMut(&str, Place, &Path<'a>)) {
  walk(
    &cx.document.json,
    &mut Vec::new(),
    &mut |text, place, path| {
      let secret_name = place == Place::Key && path.len() == 2 && path[0] == "secrets";
      if !secret_name {
        visit(text, place, path);
      }
    },
  );
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
