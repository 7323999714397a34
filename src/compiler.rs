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
  let (mut checked, unreadable) = validated(path, bytes);
  // Disjoint borrows: the model reads the file while the diagnostics grow.
  if let (Some(config), Some(document)) = (&checked.config, &checked.document) {
    let model = resolve::resolve(config, document, &checked.source);
    let context = lint::Context::new(&checked.source, document, &model, output, &unreadable);
    add_lint(&mut checked.diagnostics, &context);
  }
  checked
}

/// Checks a stack file, then runs `then` on the result and on the model
/// the rules saw (none when the file could not be read that far), so that
/// a command that goes on to use the model resolves it once. The document
/// is dropped before `then` (which sees `document: None`): what comes after
/// the rules reads the model, and a large stack's document is much of its
/// memory.
pub fn check_then<R>(
  path: &Path,
  bytes: Vec<u8>,
  output: Option<&Path>,
  then: impl FnOnce(&Checked, Option<&Model<'_>>) -> R,
) -> R {
  let (mut checked, unreadable) = validated(path, bytes);
  let document = checked.document.take();
  let (Some(config), Some(document)) = (&checked.config, document) else {
    return then(&checked, None);
  };
  let model = resolve::resolve(config, &document, &checked.source);
  let context = lint::Context::new(&checked.source, &document, &model, output, &unreadable);
  add_lint(&mut checked.diagnostics, &context);
  drop(context);
  drop(document);
  then(&checked, Some(&model))
}

/// Parse and validate: the checked file so far, and what it holds that the
/// model could not read.
fn validated(path: &Path, bytes: Vec<u8>) -> (Checked, Unreadable) {
  let (source, parsed) = parse::parse(path, bytes);
  let mut unreadable = Unreadable::default();
  let document = match parsed {
    Ok(document) => document,
    Err(diagnostics) => {
      let checked = Checked {
        source,
        document: None,
        config: None,
        diagnostics,
      };
      return (checked, unreadable);
    }
  };
  let mut diagnostics = Vec::new();
  let config = validate::validate(&document, &mut diagnostics, &mut unreadable);
  let checked = Checked {
    source,
    document: Some(document),
    config: Some(config),
    diagnostics,
  };
  (checked, unreadable)
}

/// Runs every rule, then sorts the diagnostics into source order.
fn add_lint(diagnostics: &mut Vec<Diagnostic>, context: &lint::Context<'_>) {
  diagnostics.extend(lint::lint(context));
  diagnostics.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
  diagnostics.dedup();
}
