//! The fast way to a document held to `toml`'s: a file read section by
//! section (`Document::from_sections`) is the file `toml` reads whole.

use {stackc::document::Document, toml::de::DeTable};

/// Checks one text: whether the fast path took it. Where it did, it must
/// give the same JSON, keys in the same order, and the same place for
/// every node as `toml` reading the whole file; it may give up on anything.
pub fn agree(text: &str) -> bool {
  let Some(fast) = Document::from_sections(text) else {
    return false;
  };
  let (root, errors) = DeTable::parse_recoverable(text);
  assert!(
    errors.is_empty(),
    "the fast path took a file toml refuses:\n{text}"
  );
  let whole = Document::from_toml(&root);
  // Serialized, so that key order counts (maps compare without it).
  assert_eq!(
    serde_json::to_string(&fast.json).unwrap(),
    serde_json::to_string(&whole.json).unwrap(),
    "different JSON for:\n{text}"
  );
  assert_eq!(
    places(&fast),
    places(&whole),
    "different places for:\n{text}"
  );
  true
}

fn places(document: &Document) -> Vec<(String, stackc::document::Place)> {
  let mut places: Vec<_> = document
    .places()
    .map(|(pointer, place)| (pointer, *place))
    .collect();
  places.sort_by(|left, right| left.0.cmp(&right.0));
  places
}
