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
  super::{joined::Joined, place::Place, places::Places, section_reader},
  serde_json::Value,
};

/// The document's JSON and places, read a section at a time.
pub(super) fn read(text: &str) -> Option<(Value, Places)> {
  let mut cuts = header_lines(text).chain([text.len()]);
  let mut start = cuts.next()?;
  // About one node per 20 bytes of a stack file: growing the table rehashes
  // every node placed so far.
  let mut joined = Joined::new(Places::with_root(Place::root(0), text.len() / 20));
  section_reader::read(&text[..start], 0, false, &mut joined)?;
  for end in cuts {
    section_reader::read(&text[start..end], start, true, &mut joined)?;
    start = end;
  }
  Some((Value::Object(joined.root), joined.places))
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
