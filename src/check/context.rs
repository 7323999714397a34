//! What a rule sees: the stack file for spans, the model for meaning.

use crate::{
  check::unreadable::Unreadable,
  document::source::Source,
  document::span::Span,
  document::{Document, pointer},
  model::Model,
  model::deployment::Deployment,
};

/// What a rule sees: the source for spans, the model for meaning.
pub struct Context<'a> {
  pub source: &'a Source,
  pub document: &'a Document,
  pub model: &'a Model<'a>,
  /// The build's output directory, when there is one: files the stack
  /// references may not lie in it.
  pub output: Option<&'a std::path::Path>,
  /// What the file holds but the model could not read, each already reported.
  pub unreadable: &'a Unreadable,
  /// Whether every string and key of the file is plain printable text
  /// (`stack_strings::all_plain`): then the rules on characters have
  /// nothing to look for.
  pub plain_strings: bool,
  /// The base deployment, built on first use: the rules about volumes and
  /// placement share one, whichever thread runs them.
  deployment: std::sync::OnceLock<Option<Deployment<'a>>>,
}

impl<'a> Context<'a> {
  pub fn new(
    source: &'a Source,
    document: &'a Document,
    model: &'a Model<'a>,
    output: Option<&'a std::path::Path>,
    unreadable: &'a Unreadable,
  ) -> Self {
    Self {
      source,
      document,
      model,
      output,
      unreadable,
      plain_strings: crate::document::stack_strings::all_plain(&source.text),
      deployment: std::sync::OnceLock::new(),
    }
  }

  /// The deployment of the base profile; none when it cannot be built (the
  /// reason is reported by the rule at fault).
  pub fn deployment(&self) -> Option<&Deployment<'a>> {
    self
      .deployment
      .get_or_init(|| Deployment::new(self.model, self.model.base()).ok())
      .as_ref()
  }
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

  /// Whether nothing is written at `path`: neither a value nor something
  /// unreadable that could have held it. A rule reports a missing value
  /// only when it is absent, so that a value of the wrong type, reported
  /// where it is, is not reported again as missing.
  pub fn absent<S: AsRef<str>>(&self, path: impl IntoIterator<Item = S>) -> bool {
    let at = pointer(path);
    !self.document.contains(&at) && !self.unreadable.covers(&at)
  }

  /// Whether the value at `path`, or what holds it, could not be read.
  pub fn unreadable<S: AsRef<str>>(&self, path: impl IntoIterator<Item = S>) -> bool {
    self.unreadable.covers(&pointer(path))
  }
}
