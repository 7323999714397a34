//! The stack file's text: its `Source`, a `Span` for every key and value,
//! and the `Document` (the file as JSON with the place of every node) that
//! every later stage reads; and what of a string is safe to show.

pub mod escaped_source;
pub mod invisible;
pub mod line_index;
pub mod printable;
pub mod source;
pub mod span;
pub mod stack_strings;

mod converter;
mod joined;
pub mod place;
mod places;
mod scalar;
mod section_reader;
mod sections;

pub use place::Place;
use {
  crate::document::span::Span, converter::Converter, places::Places, serde_json::Value,
  toml::de::DeTable,
};

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
      Place::root(root_span.start.min(root_span.end)),
      converter::node_count(root.get_ref()),
    );
    let json = Converter::new(&mut places).table(root.get_ref());
    Self { json, places }
  }

  /// The document built one table header at a time (see `sections`), or
  /// `None` when the file must be parsed as a whole.
  pub fn from_sections(text: &str) -> Option<Self> {
    let (json, places) = sections::read(text)?;
    Some(Self { json, places })
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

/// The TOML path of a JSON pointer, as a user would write it: `services.n8n.env`.
pub fn dotted(pointer: &str) -> String {
  if pointer.is_empty() {
    return "the top level".into();
  }
  pointer
    .split('/')
    .skip(1)
    .map(|segment| {
      let segment = unescape(segment);
      if !segment.is_empty()
        && segment
          .chars()
          .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
      {
        segment
      } else {
        format!("{segment:?}")
      }
    })
    .collect::<Vec<_>>()
    .join(".")
}
