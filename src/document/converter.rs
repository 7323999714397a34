use {
  super::{
    place::Place,
    places::{NodeId, Places, ROOT},
    scalar::{float_value, integer_value},
  },
  crate::document::span::Span,
  serde_json::{Map, Value},
  std::ops::Range,
  toml::{
    Spanned,
    de::{DeString, DeTable, DeValue},
  },
};

/// Turns a whole file parsed by `toml` into JSON and places every node.
pub(super) struct Converter<'p> {
  places: &'p mut Places,
  /// The node being converted.
  node: NodeId,
}

impl<'p> Converter<'p> {
  pub(super) fn new(places: &'p mut Places) -> Self {
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

  pub(super) fn table(&mut self, table: &DeTable<'_>) -> Value {
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

/// How many nodes (keys and array items) a table holds, at every depth.
pub(super) fn node_count(table: &DeTable<'_>) -> usize {
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
