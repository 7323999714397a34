use {
  super::{
    place::Place,
    places::{NodeId, Places, ROOT},
  },
  crate::document::span::Span,
  serde_json::{Map, Value},
  std::collections::HashMap,
};

/// What an earlier header made at a pointer: only these may be joined.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Made {
  /// A parent table a header's dotted name implies (`services` in `[services.n8n]`).
  Parent,
  /// A table a `[header]` defines.
  Table,
  /// An array a `[[header]]` appends to.
  ArrayOfTables,
}

/// The document so far: the sections read, joined.
pub(super) struct Joined {
  pub(super) root: Map<String, Value>,
  pub(super) places: Places,
  made: HashMap<NodeId, Made>,
}

impl Joined {
  pub(super) fn new(places: Places) -> Self {
    Self {
      root: Map::new(),
      places,
      made: HashMap::new(),
    }
  }

  /// Makes the table a header names (`keys`, each with its span), as a
  /// table or as the next table of an array: the node its body is placed
  /// under, or `None` if joining it needs TOML's finer table rules.
  pub(super) fn open_table(
    &mut self,
    keys: &[(String, Span)],
    header: Span,
    array: bool,
  ) -> Option<NodeId> {
    let ((name, key), parents) = keys.split_last()?;
    let mut map = &mut self.root;
    let mut node = ROOT;
    for (parent, span) in parents {
      let step = Step {
        kind: Made::Parent,
        joins: &[Made::Parent, Made::Table],
        empty: Value::Object(Map::new()),
      };
      // A parent the header's name implies carries its key's span.
      node = step.enter(
        map,
        node,
        parent,
        *span,
        *span,
        &mut self.places,
        &mut self.made,
      )?;
      map = map.get_mut(parent)?.as_object_mut()?;
    }
    if array {
      let step = Step {
        kind: Made::ArrayOfTables,
        joins: &[Made::ArrayOfTables],
        empty: Value::Array(Vec::new()),
      };
      node = step.enter(
        map,
        node,
        name,
        *key,
        header,
        &mut self.places,
        &mut self.made,
      )?;
      let Value::Array(items) = map.get_mut(name)? else {
        return None;
      };
      let item = Place {
        key: None,
        value: header,
      };
      let node = self.places.insert(node, &items.len().to_string(), item);
      items.push(Value::Object(Map::new()));
      return Some(node);
    }
    if map.contains_key(name) {
      return None;
    }
    let place = Place {
      key: Some(*key),
      value: header,
    };
    let node = self.places.insert(node, name, place);
    self.made.insert(node, Made::Table);
    map.insert(name.clone(), Value::Object(Map::new()));
    Some(node)
  }

  /// Puts a section's body in the table `open_table` made for `names`.
  pub(super) fn fill(
    &mut self,
    names: &[String],
    array: bool,
    body: Map<String, Value>,
  ) -> Option<()> {
    let (name, parents) = names.split_last()?;
    let mut map = &mut self.root;
    for parent in parents {
      map = map.get_mut(parent)?.as_object_mut()?;
    }
    let slot = match map.get_mut(name)? {
      Value::Array(items) if array => items.last_mut()?,
      table => table,
    };
    *slot = Value::Object(body);
    Some(())
  }
}

/// A step of a header's name into a table: what a new entry is, and what an
/// entry an earlier header made must be to be joined.
struct Step {
  kind: Made,
  joins: &'static [Made],
  empty: Value,
}

impl Step {
  /// Steps from `node` into `name` of `map`: a new entry placed at `key`
  /// and `value`, or the one an earlier header made if it may be joined
  /// (`None` if not).
  #[allow(clippy::too_many_arguments)]
  fn enter(
    self,
    map: &mut Map<String, Value>,
    node: NodeId,
    name: &str,
    key: Span,
    value: Span,
    places: &mut Places,
    made: &mut HashMap<NodeId, Made>,
  ) -> Option<NodeId> {
    if map.contains_key(name) {
      let child = places.child(node, name)?;
      return made
        .get(&child)
        .filter(|earlier| self.joins.contains(earlier))
        .map(|_| child);
    }
    let child = places.insert(
      node,
      name,
      Place {
        key: Some(key),
        value,
      },
    );
    made.insert(child, self.kind);
    map.insert(name.to_owned(), self.empty);
    Some(child)
  }
}
