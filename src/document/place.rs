use crate::document::span::Span;

/// Where one node of the document sits in the source.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Place {
  /// The key that names the node: `image` in `image = "…"`, `n8n` in `[services.n8n]`.
  pub key: Option<Span>,
  /// The value itself; for a table made by a header, the header's key.
  pub value: Span,
}

impl Place {
  /// The root table's place: no key, an empty span at the start.
  pub fn root(at: usize) -> Self {
    Self {
      key: None,
      value: Span::empty(at),
    }
  }
}
