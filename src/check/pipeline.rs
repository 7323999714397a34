//! The pipeline: parse → validate → resolve → lint (→ render → write).

use {
  crate::{
    check::context::Context, check::lint, check::parse, check::unreadable::Unreadable,
    check::validate, config::Config, diagnostic::Diagnostic, document::Document,
    document::source::Source, model::Model, model::resolve,
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
    let linted = linted(&checked.source, config, document, output, &unreadable);
    checked.diagnostics.extend(linted.1);
    sort(&mut checked.diagnostics);
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
  let (model, diagnostics) = linted(&checked.source, config, &document, output, &unreadable);
  drop(document);
  checked.diagnostics.extend(diagnostics);
  sort(&mut checked.diagnostics);
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

/// Resolves the model and runs every rule over it: the model, and what the
/// rules found.
fn linted<'c>(
  source: &Source,
  config: &'c Config,
  document: &Document,
  output: Option<&Path>,
  unreadable: &Unreadable,
) -> (Model<'c>, Vec<Diagnostic>) {
  let model = resolve::resolve(config, document, source);
  let diagnostics = lint::lint(&Context::new(source, document, &model, output, unreadable));
  (model, diagnostics)
}

/// Puts the diagnostics in source order, each once.
fn sort(diagnostics: &mut Vec<Diagnostic>) {
  diagnostics.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
  diagnostics.dedup();
}
