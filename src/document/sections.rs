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
  super::{Converter, Document, NodeId, Places, root_place},
  serde_json::{Map, Value},
  std::{collections::HashMap, ops::Range},
  toml::{
    Spanned,
    de::{DeString, DeTable, DeValue},
  },
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
  let mut places = Places::with_root(root_place(0), 0);
  let mut root = match Converter::new(&mut places, 0).table(parsed(&text[..start])?.get_ref()) {
    Value::Object(root) => root,
    _ => unreachable!("a table converts to an object"),
  };
  let mut made = HashMap::new();
  for end in cuts {
    let section = &text[start..end];
    let header_at = section.len() - section.trim_start_matches([' ', '\t']).len();
    let table = parsed(section)?;
    let mut converter = Converter::new(&mut places, start);
    join(
      &mut root,
      table.get_ref(),
      header_at,
      &mut converter,
      &mut made,
    )?;
    start = end;
  }
  Some(Document {
    json: Value::Object(root),
    places,
  })
}

/// The start of every line whose first character after blanks is `[`.
fn header_lines(text: &str) -> impl Iterator<Item = usize> + '_ {
  let line_starts =
    std::iter::once(0).chain(text.match_indices('\n').map(|(newline, _)| newline + 1));
  line_starts.filter(|&start| {
    text.as_bytes()[start..]
      .iter()
      .find(|&&byte| byte != b' ' && byte != b'\t')
      .is_some_and(|&byte| byte == b'[')
  })
}

fn parsed(section: &str) -> Option<Spanned<DeTable<'_>>> {
  DeTable::parse(section).ok()
}

/// Joins one section (one header, at `header_at` in it) into `root`.
fn join(
  root: &mut Map<String, Value>,
  section: &DeTable<'_>,
  header_at: usize,
  converter: &mut Converter<'_>,
  made: &mut HashMap<NodeId, Made>,
) -> Option<()> {
  let mut map = root;
  let mut table = section;
  loop {
    // A section holds one header, so every level holds one key.
    let mut entries = table.iter();
    let (key, value) = entries.next()?;
    if entries.next().is_some() {
      return None;
    }
    let name = key.get_ref().as_ref();
    // A parent the header's name implies carries its key's span.
    let implied = value.span() == key.span();
    match value.get_ref() {
      DeValue::Table(inner) if implied => {
        let step = Step {
          kind: Made::Parent,
          joins: &[Made::Parent, Made::Table],
          empty: Value::Object(Map::new()),
        };
        step.enter(map, key, value.span(), converter, made)?;
        map = map.get_mut(name)?.as_object_mut()?;
        table = inner;
      }
      DeValue::Table(body) => {
        if value.span().start != header_at || map.contains_key(name) {
          return None;
        }
        converter.enter_key(key, value.span());
        made.insert(converter.node, Made::Table);
        let json = converter.table(body);
        map.insert(name.to_owned(), json);
        return Some(());
      }
      DeValue::Array(items) => {
        let [item] = &items[..] else { return None };
        if value.span().start != header_at
          || item.span() != value.span()
          || !matches!(item.get_ref(), DeValue::Table(_))
        {
          return None;
        }
        let step = Step {
          kind: Made::ArrayOfTables,
          joins: &[Made::ArrayOfTables],
          empty: Value::Array(Vec::new()),
        };
        step.enter(map, key, value.span(), converter, made)?;
        let Value::Array(array) = map.get_mut(name)? else {
          return None;
        };
        let json = converter.item(array.len(), item);
        array.push(json);
        return Some(());
      }
      _ => return None,
    }
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
  /// Steps `converter` into `key` of `map`: a new entry, or the one an
  /// earlier header made if it may be joined (`None` if not).
  fn enter(
    self,
    map: &mut Map<String, Value>,
    key: &Spanned<DeString<'_>>,
    value: Range<usize>,
    converter: &mut Converter<'_>,
    made: &mut HashMap<NodeId, Made>,
  ) -> Option<()> {
    let name = key.get_ref().as_ref();
    if map.contains_key(name) {
      converter.node = converter.places.child(converter.node, name)?;
      return made
        .get(&converter.node)
        .filter(|earlier| self.joins.contains(earlier))
        .map(|_| ());
    }
    converter.enter_key(key, value);
    made.insert(converter.node, self.kind);
    map.insert(name.to_owned(), self.empty);
    Some(())
  }
}
