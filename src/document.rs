use {
  crate::span::Span,
  hashbrown::{DefaultHashBuilder, HashTable},
  serde_json::{Map, Number, Value},
  std::{hash::BuildHasher, ops::Range},
  toml::de::{DeTable, DeValue},
};

/// Where one node of the document sits in the source.
#[derive(Clone, Copy, Debug, Default)]
pub struct Place {
  /// The key that names the node: `image` in `image = "…"`, `n8n` in `[services.n8n]`.
  pub key: Option<Span>,
  /// The value itself; for a table made by a header, the header's key.
  pub value: Span,
}

/// The stack file as JSON (what the schema validates and the model is read
/// from), with the source place of every node, keyed by JSON pointer.
#[derive(Debug, Default)]
pub struct Document {
  pub json: Value,
  places: Places,
}

/// Source places by JSON pointer. The pointers are kept end to end in one
/// string and the table holds their ranges in it: a stack of 10,000
/// services has some 150,000 nodes, and a heap string for each cost more
/// time and memory than the rest of the document.
#[derive(Debug, Default)]
struct Places {
  pointers: String,
  table: HashTable<(Range<usize>, Place)>,
  hasher: DefaultHashBuilder,
}

impl Places {
  /// Each pointer comes once: a parsed TOML table has no duplicate key.
  fn insert(&mut self, pointer: &str, place: Place) {
    debug_assert!(self.get(pointer).is_none(), "{pointer} placed twice");
    let Places {
      pointers,
      table,
      hasher,
    } = self;
    let hash = hasher.hash_one(pointer);
    let range = pointers.len()..pointers.len() + pointer.len();
    pointers.push_str(pointer);
    table.insert_unique(hash, (range, place), |(range, _)| {
      hasher.hash_one(&pointers[range.clone()])
    });
  }

  fn get(&self, pointer: &str) -> Option<&Place> {
    let hash = self.hasher.hash_one(pointer);
    self
      .table
      .find(hash, |(range, _)| self.pointers[range.clone()] == *pointer)
      .map(|(_, place)| place)
  }
}

impl Document {
  pub fn from_toml(root: &toml::Spanned<DeTable<'_>>) -> Self {
    let mut places = Places::default();
    // Sized once: growing the table rehashes every node seen so far.
    // (The table is empty, so there is nothing to rehash.)
    places.table.reserve(node_count(root.get_ref()) + 1, |_| 0);
    let root_span = Span::from(root.span());
    places.insert(
      "",
      Place {
        key: None,
        value: Span::empty(root_span.start.min(root_span.end)),
      },
    );
    let mut pointer = String::new();
    let json = table_to_json(root.get_ref(), &mut pointer, &mut places);
    Self { json, places }
  }

  pub fn place(&self, pointer: &str) -> Option<&Place> {
    self.places.get(pointer)
  }

  /// The span of the value at `pointer`, or of its nearest ancestor that exists.
  pub fn value_span(&self, pointer: &str) -> Span {
    self.nearest(pointer).value
  }

  /// The span of the key that names the node at `pointer` (its table header for
  /// a table), falling back to the value, then to the nearest ancestor.
  pub fn key_span(&self, pointer: &str) -> Span {
    let place = self.nearest(pointer);
    place.key.unwrap_or(place.value)
  }

  pub fn contains(&self, pointer: &str) -> bool {
    self.places.get(pointer).is_some()
  }

  fn nearest(&self, pointer: &str) -> Place {
    let mut pointer = pointer;
    loop {
      if let Some(place) = self.places.get(pointer) {
        return *place;
      }
      match pointer.rfind('/') {
        Some(index) => pointer = &pointer[..index],
        None => return Place::default(),
      }
    }
  }
}

/// Builds a JSON pointer from path segments, escaping as RFC 6901 says.
pub fn pointer<I, S>(segments: I) -> String
where
  I: IntoIterator<Item = S>,
  S: AsRef<str>,
{
  let mut pointer = String::new();
  for segment in segments {
    push_segment(&mut pointer, segment.as_ref());
  }
  pointer
}

/// A pointer segment as the key it names: the inverse of the escaping above.
pub fn unescape(segment: &str) -> String {
  segment.replace("~1", "/").replace("~0", "~")
}

fn push_segment(pointer: &mut String, segment: &str) {
  pointer.push('/');
  for character in segment.chars() {
    match character {
      '~' => pointer.push_str("~0"),
      '/' => pointer.push_str("~1"),
      other => pointer.push(other),
    }
  }
}

/// How many nodes (keys and array items) a table holds, at every depth.
fn node_count(table: &DeTable<'_>) -> usize {
  fn value_nodes(value: &DeValue<'_>) -> usize {
    match value {
      DeValue::Table(table) => node_count(table),
      DeValue::Array(items) => items
        .iter()
        .map(|item| 1 + value_nodes(item.get_ref()))
        .sum(),
      _ => 0,
    }
  }
  table
    .iter()
    .map(|(_, value)| 1 + value_nodes(value.get_ref()))
    .sum()
}

fn table_to_json(table: &DeTable<'_>, pointer: &mut String, places: &mut Places) -> Value {
  let mut map = Map::with_capacity(table.len());
  for (key, value) in table {
    let length = pointer.len();
    push_segment(pointer, key.get_ref());
    let key_span = Span::from(key.span());
    let value_span = Span::from(value.span());
    places.insert(
      pointer,
      Place {
        key: Some(key_span),
        // A header table has no value of its own in the text; point at its key.
        value: if value_span.is_empty() {
          key_span
        } else {
          value_span
        },
      },
    );
    map.insert(
      key.get_ref().to_string(),
      value_to_json(value.get_ref(), pointer, places),
    );
    pointer.truncate(length);
  }
  Value::Object(map)
}

fn value_to_json(value: &DeValue<'_>, pointer: &mut String, places: &mut Places) -> Value {
  match value {
    DeValue::String(string) => Value::String(string.to_string()),
    DeValue::Integer(integer) => {
      let digits = integer.as_str().replace('_', "");
      let digits = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0o"))
        .or_else(|| digits.strip_prefix("0b"))
        .unwrap_or(&digits);
      i64::from_str_radix(digits, integer.radix())
        .map(Value::from)
        .unwrap_or(Value::Null)
    }
    DeValue::Float(float) => float
      .as_str()
      .replace('_', "")
      .parse::<f64>()
      .ok()
      .and_then(Number::from_f64)
      .map(Value::Number)
      .unwrap_or(Value::Null),
    DeValue::Boolean(boolean) => Value::Bool(*boolean),
    DeValue::Datetime(datetime) => Value::String(datetime.to_string()),
    DeValue::Array(array) => Value::Array(
      array
        .iter()
        .enumerate()
        .map(|(index, item)| {
          let length = pointer.len();
          push_segment(pointer, &index.to_string());
          places.insert(
            pointer,
            Place {
              key: None,
              value: item.span().into(),
            },
          );
          let json = value_to_json(item.get_ref(), pointer, places);
          pointer.truncate(length);
          json
        })
        .collect(),
    ),
    DeValue::Table(table) => table_to_json(table, pointer, places),
  }
}
