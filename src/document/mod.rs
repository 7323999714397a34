pub mod escaped_source;
pub mod invisible;
pub mod printable;
pub mod source;
pub mod span;
pub mod stack_strings;

use {
  crate::document::span::Span,
  places::{NodeId, Places, ROOT},
  serde_json::{Map, Number, Value},
  std::ops::Range,
  toml::{
    Spanned,
    de::{DeString, DeTable, DeValue},
  },
};

mod places;
mod section_reader;
mod sections;

/// Where one node of the document sits in the source.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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

impl Document {
  /// The document of a stack file that parsed without error as a whole.
  pub fn from_toml(root: &toml::Spanned<DeTable<'_>>) -> Self {
    let root_span = Span::from(root.span());
    let mut places = Places::with_root(
      root_place(root_span.start.min(root_span.end)),
      node_count(root.get_ref()),
    );
    let json = Converter::new(&mut places).table(root.get_ref());
    Self { json, places }
  }

  /// The document built one table header at a time (see `sections`), or
  /// `None` when the file must be parsed as a whole.
  pub fn from_sections(text: &str) -> Option<Self> {
    sections::document(text)
  }

  /// Every node's JSON pointer and place.
  pub fn places(&self) -> impl Iterator<Item = (String, &Place)> {
    self.places.iter()
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
  // Room for a usual pointer (`/services/n8n/host_port`) from the start:
  // grown from empty, it was reallocated twice or three times, which made
  // up most of a rule's span lookup.
  let mut pointer = String::with_capacity(64);
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
  places::push_escaped(pointer, segment);
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

/// A TOML integer's JSON value: `text` as written (underscores, a radix
/// prefix), read in `radix`; null if it does not fit in an `i64`.
fn integer_value(text: &str, radix: u32) -> Value {
  let digits = text.replace('_', "");
  let digits = digits
    .strip_prefix("0x")
    .or_else(|| digits.strip_prefix("0o"))
    .or_else(|| digits.strip_prefix("0b"))
    .unwrap_or(&digits);
  i64::from_str_radix(digits, radix)
    .map(Value::from)
    .unwrap_or(Value::Null)
}

/// A TOML float's JSON value; null for what JSON cannot hold (inf, nan).
fn float_value(text: &str) -> Value {
  text
    .replace('_', "")
    .parse::<f64>()
    .ok()
    .and_then(Number::from_f64)
    .map(Value::Number)
    .unwrap_or(Value::Null)
}

/// The root table's place: no key, an empty span at the start.
fn root_place(at: usize) -> Place {
  Place {
    key: None,
    value: Span::empty(at),
  }
}

/// Turns a whole file parsed by `toml` into JSON and places every node.
struct Converter<'p> {
  places: &'p mut Places,
  /// The node being converted.
  node: NodeId,
}

impl<'p> Converter<'p> {
  fn new(places: &'p mut Places) -> Self {
    Self { places, node: ROOT }
  }

  /// Steps into `key` and places it; `leave` steps back out.
  fn enter_key(&mut self, key: &Spanned<DeString<'_>>, value: Range<usize>) -> NodeId {
    let key_span = Span::from(key.span());
    let value_span = Span::from(value);
    let place = Place {
      key: Some(key_span),
      // A table with no text of its own points at its key.
      value: if value_span.is_empty() {
        key_span
      } else {
        value_span
      },
    };
    self.enter(key.get_ref(), place)
  }

  /// Steps into array item `index` and places it; `leave` steps back out.
  fn enter_item(&mut self, index: usize, item: Range<usize>) -> NodeId {
    let value = Span::from(item);
    self.enter(&index.to_string(), Place { key: None, value })
  }

  fn enter(&mut self, key: &str, place: Place) -> NodeId {
    let parent = self.node;
    self.node = self.places.insert(parent, key, place);
    parent
  }

  fn leave(&mut self, parent: NodeId) {
    self.node = parent;
  }

  fn table(&mut self, table: &DeTable<'_>) -> Value {
    let mut map = Map::with_capacity(table.len());
    for (key, value) in table {
      let parent = self.enter_key(key, value.span());
      map.insert(key.get_ref().to_string(), self.value(value.get_ref()));
      self.leave(parent);
    }
    Value::Object(map)
  }

  fn value(&mut self, value: &DeValue<'_>) -> Value {
    match value {
      DeValue::String(string) => Value::String(string.to_string()),
      DeValue::Integer(integer) => integer_value(integer.as_str(), integer.radix()),
      DeValue::Float(float) => float_value(float.as_str()),
      DeValue::Boolean(boolean) => Value::Bool(*boolean),
      DeValue::Datetime(datetime) => Value::String(datetime.to_string()),
      DeValue::Array(array) => Value::Array(
        array
          .iter()
          .enumerate()
          .map(|(index, item)| self.item(index, item))
          .collect(),
      ),
      DeValue::Table(table) => self.table(table),
    }
  }

  fn item(&mut self, index: usize, item: &Spanned<DeValue<'_>>) -> Value {
    let parent = self.enter_item(index, item.span());
    let json = self.value(item.get_ref());
    self.leave(parent);
    json
  }
}
