//! A YAML writer for serialized data that double-quotes every string.
//!
//! docker-compose v1 reads YAML 1.1, where a plain `yes`, `off`, `12:30` or
//! `1_000` is not a string; it also rejects booleans in `environment`. The
//! maintained serde YAML crates write such strings plain (they follow YAML
//! 1.2) and offer no way to force quoting, so this is a serde `Serializer`
//! of its own: it writes the typed models straight to block-style YAML,
//! strings as JSON strings, which YAML 1.1 and 1.2 read as double-quoted
//! scalars. Values serialize as `serde_json::to_value` would see them
//! (`None` and `()` as `null`, an enum variant with data as a one-key
//! mapping), so a `serde_json::Value` writes the same as the model it came
//! from.

mod blocks;
mod error;
mod key_text;
mod scalar;
mod serializer;
mod writer;

pub use error::Error;
use {
  serde::Serialize,
  writer::{Slot, Writer},
};

/// `value` as a YAML document (no `---`), ending with a line break.
pub fn to_string(value: &impl Serialize) -> String {
  after("", value)
}

/// `header` followed by `value` as YAML, written in place (a compose file
/// of 10,000 services is megabytes: no second copy).
pub fn after(header: &str, value: &impl Serialize) -> String {
  let mut output = header.to_owned();
  push(&mut output, value);
  output
}

/// Appends `value` as YAML to `output`.
pub fn push(output: &mut String, value: &impl Serialize) {
  value
    .serialize(Writer {
      output,
      slot: Slot::Top,
    })
    // stackc's models key their maps by strings; nothing else reaches here.
    .expect("the YAML writer accepts every map keyed by text, numbers or booleans");
}

#[cfg(test)]
mod tests {
  use {super::*, serde_json::json};

  #[test]
  fn strings_are_quoted_and_structure_is_block_style() {
    let value = json!({
      "services": {"n8n": {"environment": {"ACTIVE": "true", "TIME": "12:30", "ON": "yes"},
      "ports": ["5678:5678"], "empty": {}, "list": []}},
      "yes": 1
    });
    assert_eq!(
      to_string(&value),
      "services:\n  n8n:\n    environment:\n      ACTIVE: \"true\"\n      TIME: \"12:30\"\n      \"ON\": \"yes\"\n    ports:\n      - \"5678:5678\"\n    empty: {}\n    list: []\n\"yes\": 1\n"
    );
  }

  #[test]
  fn line_breaks_and_controls_json_leaves_raw_are_escaped() {
    let value = json!({"k": "a\u{85}b\u{2028}c\u{2029}d\u{7f}e\u{9b}f\u{feff}g\nh\u{1}"});
    assert_eq!(
      to_string(&value),
      "k: \"a\\u0085b\\u2028c\\u2029d\\u007fe\\u009bf\\ufeffg\\nh\\u0001\"\n"
    );
  }

  #[test]
  fn items_hold_mappings_sequences_and_empties() {
    let value = json!({"list": [
      {"name": "a", "args": ["x", "y"], "empty": {}},
      ["nested", 1.5],
      {},
      [],
      null,
      true
    ]});
    assert_eq!(
      to_string(&value),
      "list:\n  - name: \"a\"\n    args:\n      - \"x\"\n      - \"y\"\n    empty: {}\n  -\n    - \"nested\"\n    - 1.5\n  - {}\n  - []\n  - null\n  - true\n"
    );
  }

  #[test]
  fn typed_models_write_as_their_json_would() {
    #[derive(serde::Serialize)]
    enum Shape {
      Unit,
      Newtype(u8),
      Tuple(u8, String),
      Struct { side: f64 },
    }
    #[derive(serde::Serialize)]
    struct Model {
      shapes: Vec<Shape>,
      missing: Option<u8>,
      #[serde(skip_serializing_if = "Option::is_none")]
      skipped: Option<u8>,
      nan: f64,
      big: f64,
      letter: char,
      keys: std::collections::BTreeMap<u16, ()>,
    }
    let model = Model {
      shapes: vec![
        Shape::Unit,
        Shape::Newtype(7),
        Shape::Tuple(1, "b".into()),
        Shape::Struct { side: 2.0 },
      ],
      missing: None,
      skipped: None,
      nan: f64::NAN,
      big: 1e308,
      letter: 'é',
      keys: [(80, ())].into(),
    };
    let written = to_string(&model);
    assert_eq!(
      written,
      to_string(&serde_json::to_value(&model).unwrap()),
      "the model writes as its JSON does"
    );
    assert_eq!(
      written,
      "shapes:\n  - \"Unit\"\n  - Newtype: 7\n  - Tuple:\n      - 1\n      - \"b\"\n  - Struct:\n      side: 2.0\nmissing: null\nnan: null\nbig: 1e+308\nletter: \"é\"\nkeys:\n  \"80\": null\n"
    );
  }

  #[test]
  fn a_document_that_is_not_a_mapping_is_one_line() {
    assert_eq!(to_string(&json!({})), "{}\n");
    assert_eq!(to_string(&json!("x")), "\"x\"\n");
  }
}
