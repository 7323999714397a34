//! Every string of the stack file, keys and values, with where it is: what
//! the rules on characters (SC130, SC135) look through.

use {
  crate::{lint::Context, span::Span},
  serde_json::Value,
};

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
  pub fn span(self, cx: &Context<'_>, path: &[String]) -> Span {
    match self {
      Self::Key => cx.key(path),
      Self::Value => cx.value(path),
    }
  }
}

/// Calls `visit` with every string value and every key of the stack file,
/// and its path. Secret names are left to SC211, which allows only
/// `[A-Za-z0-9_]`.
pub fn each(cx: &Context<'_>, visit: &mut dyn FnMut(&str, Place, &[String])) {
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
pub fn walk(value: &Value, path: &mut Vec<String>, visit: &mut dyn FnMut(&str, Place, &[String])) {
  match value {
    Value::String(text) => visit(text, Place::Value, path),
    Value::Array(items) => {
      for (index, item) in items.iter().enumerate() {
        path.push(index.to_string());
        walk(item, path, visit);
        path.pop();
      }
    }
    Value::Object(map) => {
      for (key, item) in map {
        path.push(key.clone());
        visit(key, Place::Key, path);
        walk(item, path, visit);
        path.pop();
      }
    }
    _ => {}
  }
}
