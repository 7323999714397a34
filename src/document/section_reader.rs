//! One section of the stack file read straight from `toml_parser`'s events
//! into the document: no event list, no `toml` table to build, walk and
//! drop, and each key hashed once.
//!
//! It reads what stack files hold: a table header, then keys with plain
//! names whose values are strings, numbers, booleans, dates, arrays and
//! inline tables. Anything else (a dotted key, a duplicate key, a syntax
//! error, a nesting too deep) gives up, and the caller parses the whole
//! file with `toml`, whose document and errors are the reference.

use {
  super::{
    joined::Joined,
    place::Place,
    places::{NodeId, ROOT},
    scalar::{float_value, integer_value},
  },
  crate::document::span::Span,
  serde_json::{Map, Value},
  std::borrow::Cow,
  toml_parser::{
    ErrorSink, ParseError, Raw, Source, Span as TomlSpan,
    decoder::{Encoding, ScalarKind},
    parser::{EventReceiver, RecursionGuard, ValidateWhitespace},
  },
};

/// `toml`'s own limit on nesting (and on a dotted name's length).
const DEPTH_LIMIT: u32 = 80;

/// Reads `section` (which starts at `offset` in the stack file) and joins
/// it into `joined`; `None` if the whole file must be parsed instead.
/// `headed`: the section starts with a table header (every section but the
/// first), else its keys are the root table's.
pub(super) fn read(section: &str, offset: usize, headed: bool, joined: &mut Joined) -> Option<()> {
  let source = Source::new(section);
  let tokens = source.lex().into_vec();
  let mut reader = SectionReader {
    source,
    offset,
    headed,
    joined,
    header: None,
    target: None,
    frames: vec![Frame::table(ROOT, 0, None)],
    key: None,
    content: false,
    failed: false,
  };
  let mut errors = Failed(false);
  let mut validated = ValidateWhitespace::new(&mut reader, source);
  let mut guarded = RecursionGuard::new(&mut validated, DEPTH_LIMIT);
  toml_parser::parser::parse_document(&tokens, &mut guarded, &mut errors);
  if errors.0 {
    return None;
  }
  reader.finish()
}

/// Whether any error was reported: a section with one is left to `toml`.
struct Failed(bool);

impl ErrorSink for Failed {
  fn report_error(&mut self, _error: ParseError) {
    self.0 = true;
  }
}

/// The header being read: its keys so far, where it opened, which kind.
struct Header {
  keys: Vec<(String, Span)>,
  start: usize,
  array: bool,
}

/// Where the section's body goes: under the header's name, as the table
/// itself or as the last table of its array.
struct Target {
  names: Vec<String>,
  array: bool,
}

/// An open table or array, and where it goes once closed. A table's
/// entries become a map when it closes, sized to them: a map grown key by
/// key holds room for four at least (megabytes over 10,000 services).
enum Frame {
  Table {
    entries: Vec<(String, Value)>,
    node: NodeId,
    start: usize,
    slot: Option<String>,
  },
  Array {
    items: Vec<Value>,
    node: NodeId,
    start: usize,
    slot: Option<String>,
  },
}

impl Frame {
  fn table(node: NodeId, start: usize, slot: Option<String>) -> Self {
    Self::Table {
      entries: Vec::new(),
      node,
      start,
      slot,
    }
  }
}

struct SectionReader<'s, 'j> {
  source: Source<'s>,
  offset: usize,
  headed: bool,
  joined: &'j mut Joined,
  header: Option<Header>,
  target: Option<Target>,
  /// The body's table at the bottom, then each open inline table or array.
  frames: Vec<Frame>,
  /// A key read, waiting for its value.
  key: Option<(String, Span)>,
  /// Whether a key or a header has been read: a header must come first.
  content: bool,
  failed: bool,
}

impl<'s> SectionReader<'s, '_> {
  fn span(&self, span: TomlSpan) -> Span {
    Span::new(span.start() + self.offset, span.end() + self.offset)
  }

  /// The token at `span`, for `toml_parser`'s decoders.
  fn raw(&self, span: TomlSpan, encoding: Option<Encoding>) -> Raw<'s> {
    let text = &self.source.input()[span.start()..span.end()];
    Raw::new_unchecked(text, encoding, span)
  }

  fn decode_key(
    &self,
    span: TomlSpan,
    encoding: Option<Encoding>,
    errors: &mut dyn ErrorSink,
  ) -> String {
    let mut decoded = Cow::Borrowed("");
    self.raw(span, encoding).decode_key(&mut decoded, errors);
    decoded.into_owned()
  }

  /// Places a value opening at `span` in the innermost frame: under the
  /// key just read, or as the next item. Returns its node and its slot.
  fn enter(&mut self, span: TomlSpan) -> Option<(NodeId, Option<String>)> {
    let value = self.span(span);
    match self.frames.last()? {
      Frame::Table { node, .. } => {
        let (name, key) = self.key.take()?;
        let place = Place {
          key: Some(key),
          value,
        };
        // A key already placed in this table is a duplicate.
        let child = self.joined.places.try_insert(*node, &name, place)?;
        Some((child, Some(name)))
      }
      Frame::Array { items, node, .. } => {
        if self.key.is_some() {
          return None;
        }
        let place = Place { key: None, value };
        let child = self
          .joined
          .places
          .insert(*node, &items.len().to_string(), place);
        Some((child, None))
      }
    }
  }

  /// Puts a finished value where its slot says, in the innermost frame.
  fn settle(&mut self, slot: Option<String>, value: Value) -> Option<()> {
    match (self.frames.last_mut()?, slot) {
      (Frame::Table { entries, .. }, Some(name)) => entries.push((name, value)),
      (Frame::Array { items, .. }, None) => items.push(value),
      _ => return None,
    }
    Some(())
  }

  fn open(&mut self, span: TomlSpan, array: bool) -> Option<()> {
    if self.header.is_some() {
      return None;
    }
    self.content = true;
    let (node, slot) = self.enter(span)?;
    let start = self.span(span).start;
    self.frames.push(if array {
      Frame::Array {
        items: Vec::new(),
        node,
        start,
        slot,
      }
    } else {
      Frame::table(node, start, slot)
    });
    Some(())
  }

  /// Closes the innermost frame, which must be an array if `array` is
  /// set and an inline table if not.
  fn close(&mut self, span: TomlSpan, array: bool) -> Option<()> {
    let innermost_is_array = matches!(self.frames.last(), Some(Frame::Array { .. }));
    if self.frames.len() < 2 || innermost_is_array != array {
      return None;
    }
    let end = self.span(span).end;
    let (value, node, start, slot) = match self.frames.pop()? {
      Frame::Table {
        entries,
        node,
        start,
        slot,
      } => (
        Value::Object(entries.into_iter().collect()),
        node,
        start,
        slot,
      ),
      Frame::Array {
        items,
        node,
        start,
        slot,
      } => (Value::Array(items), node, start, slot),
    };
    self.joined.places.place_mut(node).value = Span::new(start, end);
    self.settle(slot, value)
  }

  fn scalar(
    &mut self,
    span: TomlSpan,
    encoding: Option<Encoding>,
    errors: &mut dyn ErrorSink,
  ) -> Option<()> {
    let mut decoded = Cow::Borrowed("");
    let value = match self.raw(span, encoding).decode_scalar(&mut decoded, errors) {
      ScalarKind::String => Value::String(decoded.into_owned()),
      ScalarKind::Boolean(boolean) => Value::Bool(boolean),
      ScalarKind::DateTime => {
        Value::String(decoded.parse::<toml::value::Datetime>().ok()?.to_string())
      }
      ScalarKind::Float => float_value(&decoded),
      ScalarKind::Integer(radix) => integer_value(&decoded, radix.value()),
    };
    let (_, slot) = self.enter(span)?;
    self.settle(slot, value)
  }

  fn header_open(&mut self, span: TomlSpan, array: bool) -> Option<()> {
    if self.content || !self.headed {
      return None;
    }
    self.content = true;
    self.header = Some(Header {
      keys: Vec::new(),
      start: self.span(span).start,
      array,
    });
    Some(())
  }

  /// The header read: its table joined into the document, which the body
  /// is read into.
  fn header_close(&mut self, span: TomlSpan, array: bool) -> Option<()> {
    let header = self.header.take()?;
    if header.array != array || header.keys.len() >= DEPTH_LIMIT as usize {
      return None;
    }
    let header_span = Span::new(header.start, self.span(span).end);
    let node = self
      .joined
      .open_table(&header.keys, header_span, header.array)?;
    self.frames = vec![Frame::table(node, header.start, None)];
    self.target = Some(Target {
      names: header.keys.into_iter().map(|(name, _)| name).collect(),
      array: header.array,
    });
    Some(())
  }

  /// The body put in place, if the section was read to its end.
  fn finish(mut self) -> Option<()> {
    if self.failed || self.header.is_some() || self.key.is_some() || self.frames.len() != 1 {
      return None;
    }
    let Some(Frame::Table { entries, .. }) = self.frames.pop() else {
      return None;
    };
    let map: Map<String, Value> = entries.into_iter().collect();
    match self.target.take() {
      Some(target) => self.joined.fill(&target.names, target.array, map),
      None if !self.headed => {
        self.joined.root = map;
        Some(())
      }
      None => None,
    }
  }

  /// Records the outcome of a step: a step that could not be taken fails
  /// the section.
  fn check(&mut self, step: Option<()>) {
    if step.is_none() {
      self.failed = true;
    }
  }
}

impl EventReceiver for SectionReader<'_, '_> {
  fn std_table_open(&mut self, span: TomlSpan, _errors: &mut dyn ErrorSink) {
    let step = self.header_open(span, false);
    self.check(step);
  }

  fn std_table_close(&mut self, span: TomlSpan, _errors: &mut dyn ErrorSink) {
    let step = self.header_close(span, false);
    self.check(step);
  }

  fn array_table_open(&mut self, span: TomlSpan, _errors: &mut dyn ErrorSink) {
    let step = self.header_open(span, true);
    self.check(step);
  }

  fn array_table_close(&mut self, span: TomlSpan, _errors: &mut dyn ErrorSink) {
    let step = self.header_close(span, true);
    self.check(step);
  }

  fn inline_table_open(&mut self, span: TomlSpan, _errors: &mut dyn ErrorSink) -> bool {
    let step = self.open(span, false);
    self.check(step);
    !self.failed
  }

  fn inline_table_close(&mut self, span: TomlSpan, _errors: &mut dyn ErrorSink) {
    let step = self.close(span, false);
    self.check(step);
  }

  fn array_open(&mut self, span: TomlSpan, _errors: &mut dyn ErrorSink) -> bool {
    let step = self.open(span, true);
    self.check(step);
    !self.failed
  }

  fn array_close(&mut self, span: TomlSpan, _errors: &mut dyn ErrorSink) {
    let step = self.close(span, true);
    self.check(step);
  }

  fn simple_key(&mut self, span: TomlSpan, encoding: Option<Encoding>, errors: &mut dyn ErrorSink) {
    let name = self.decode_key(span, encoding, errors);
    let key = self.span(span);
    if let Some(header) = &mut self.header {
      header.keys.push((name, key));
      return;
    }
    self.content = true;
    let in_table = matches!(self.frames.last(), Some(Frame::Table { .. }));
    if !in_table || self.key.is_some() {
      self.failed = true;
      return;
    }
    self.key = Some((name, key));
  }

  fn key_sep(&mut self, _span: TomlSpan, _errors: &mut dyn ErrorSink) {
    // A dotted name in a header is read key by key; in a body, a dotted
    // key makes tables TOML's finer rules govern: left to `toml`.
    if self.header.is_none() {
      self.failed = true;
    }
  }

  fn scalar(&mut self, span: TomlSpan, encoding: Option<Encoding>, errors: &mut dyn ErrorSink) {
    if self.header.is_some() {
      self.failed = true;
      return;
    }
    let step = SectionReader::scalar(self, span, encoding, errors);
    self.check(step);
  }

  fn error(&mut self, _span: TomlSpan, _errors: &mut dyn ErrorSink) {
    self.failed = true;
  }
}
