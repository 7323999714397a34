//! The fast way to a document: the stack file cut before its table headers,
//! each section parsed on its own and joined into one document.
//!
//! `toml` holds a whole file's tokens, parser events and tree at once before
//! stackc sees any of it: over 100 MiB for 10,000 services. One section (a
//! header and its keys) needs a few kilobytes, freed before the next, and is
//! turned into JSON while it is still in the cache.
//!
//! Why the result is the document `toml` gives for the whole file:
//! - A cut is made before every line whose first non-blank character is `[`.
//!   Every table header starts such a line, so every section after the first
//!   holds exactly one header, at its start.
//! - A cut that is not at a header falls inside a multi-line string, array
//!   or inline table, and leaves the section before it unterminated: a
//!   syntax error.
//! - On any syntax error, and on any join that needs TOML's finer table
//!   rules (a table defined twice, a header extending an array of tables or
//!   a table made by keys), this gives up and the caller parses the whole
//!   file, so errors and unusual files go through `toml` exactly as before.
//!   The only joins made: descending into tables that earlier headers
//!   defined or implied, adding a key that is not there, and appending to an
//!   array of tables that earlier headers made.
//!
//! A differential test holds the two ways to the same document.

use {
  super::{Document, NodeId, Place, Places, ROOT, root_place, section_reader},
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

pub(super) fn document(text: &str) -> Option<Document> {
  let mut cuts = header_lines(text).chain([text.len()]);
  let mut start = cuts.next()?;
  let mut joined = Joined {
    root: Map::new(),
    // About one node per 20 bytes of a stack file: growing the table rehashes
    // every node placed so far.
    places: Places::with_root(root_place(0), text.len() / 20),
    made: HashMap::new(),
  };
  section_reader::read(&text[..start], 0, false, &mut joined)?;
  for end in cuts {
    section_reader::read(&text[start..end], start, true, &mut joined)?;
    start = end;
  }
  Some(Document {
    json: Value::Object(joined.root),
    places: joined.places,
  })
}

/// The start of every line whose first character after blanks is `[`.
fn header_lines(text: &str) -> impl Iterator<Item = usize> + '_ {
  let bytes = text.as_bytes();
  let newlines = bytes
    .iter()
    .enumerate()
    .filter(|&(_, &byte)| byte == b'\n')
    .map(|(newline, _)| newline + 1);
  std::iter::once(0).chain(newlines).filter(move |&start| {
    bytes[start..]
      .iter()
      .find(|&&byte| byte != b' ' && byte != b'\t')
      .is_some_and(|&byte| byte == b'[')
  })
}

/// The document so far: the sections read, joined.
pub(super) struct Joined {
  pub(super) root: Map<String, Value>,
  pub(super) places: Places,
  made: HashMap<NodeId, Made>,
}

impl Joined {
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
