//! The pipeline: parse → validate → resolve → lint (→ render → write).

use {
  crate::{
    config::Config, diagnostic::Diagnostic, document::Document, lint, model::Model, parse, resolve,
    source::Source, unreadable::Unreadable, validate,
  },
  std::path::Path,
};

/// A stack file after checking: its source, what could be read of it, and
/// every problem found, in source order.
#[derive(Debug)]
pub struct Checked {
  pub source: Source,
  pub document: Option<Document>,
  pub config: Option<Config>,
  pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
  pub fn has_errors(&self) -> bool {
    self.diagnostics.iter().any(Diagnostic::is_error)
  }

  pub fn model(&self) -> Option<Model<'_>> {
    Some(resolve::resolve(
      self.config.as_ref()?,
      self.document.as_ref()?,
      &self.source,
    ))
  }
}

/// Checks a stack file: every stage runs that can, and every problem is kept.
/// `output` is the directory a build writes to, when there is one.
pub fn check(path: &Path, bytes: Vec<u8>, output: Option<&Path>) -> Checked {
  let (source, parsed) = parse::parse(path, bytes);
  let document = match parsed {
    Ok(document) => document,
    Err(diagnostics) => {
      return Checked {
        source,
        document: None,
        config: None,
        diagnostics,
      };
    }
  };
  let mut diagnostics = Vec::new();
  let mut unreadable = Unreadable::default();
  let config = validate::validate(&document, &mut diagnostics, &mut unreadable);
  let model = resolve::resolve(&config, &document, &source);
  diagnostics.extend(lint::lint(&lint::Context {
    source: &source,
    document: &document,
    model: &model,
    output,
    unreadable: &unreadable,
  }));
  diagnostics.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
  diagnostics.dedup();
  drop(model);
  Checked {
    source,
    document: Some(document),
    config: Some(config),
    diagnostics,
  }
}
