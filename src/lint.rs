//! Stage 4: the semantic rules of `src/rules/`, every one, over the model.

use crate::{
  diagnostic::Diagnostic,
  document::{Document, pointer},
  model::Model,
  rules::REGISTRY,
  source::Source,
  span::Span,
};

/// What a rule sees: the source for spans, the model for meaning.
pub struct Context<'a> {
  pub source: &'a Source,
  pub document: &'a Document,
  pub model: &'a Model<'a>,
  /// The build's output directory, when there is one: files the stack
  /// references may not lie in it.
  pub output: Option<&'a std::path::Path>,
}

impl Context<'_> {
  /// The span of the key at `path` (a table's header for a table).
  pub fn key<S: AsRef<str>>(&self, path: impl IntoIterator<Item = S>) -> Span {
    self.document.key_span(&pointer(path))
  }

  /// The span of the value at `path`, or its nearest ancestor.
  pub fn value<S: AsRef<str>>(&self, path: impl IntoIterator<Item = S>) -> Span {
    self.document.value_span(&pointer(path))
  }

  pub fn has<S: AsRef<str>>(&self, path: impl IntoIterator<Item = S>) -> bool {
    self.document.contains(&pointer(path))
  }
}

pub fn lint(context: &Context<'_>) -> Vec<Diagnostic> {
  let mut diagnostics = Vec::new();
  for rule in REGISTRY {
    if let Some(check) = rule.check {
      check(context, &mut diagnostics);
    }
  }
  diagnostics
}
