//! A problem found in a stack file, as plain data with a span, a code and
//! help; and why a command stopped, with the exit code that says so.

pub mod command_failure;
pub mod exit_code;
pub mod severity;

use crate::{diagnostic::severity::Severity, document::span::Span};

/// One problem found in a stack file: plain data, rendered by `Report`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
  pub code: &'static str,
  pub severity: Severity,
  pub message: String,
  pub span: Span,
  pub label: Option<String>,
  pub help: Option<String>,
  /// Other places that explain this one, such as the first claim of a host.
  pub related: Vec<(Span, String)>,
  /// The primary span holds a credential: reporters mask it in every snippet.
  pub sensitive: bool,
}

impl Diagnostic {
  pub fn new(
    code: &'static str,
    severity: Severity,
    message: impl Into<String>,
    span: Span,
  ) -> Self {
    Self {
      code,
      severity,
      message: message.into(),
      span,
      label: None,
      help: None,
      related: Vec::new(),
      sensitive: false,
    }
  }

  #[must_use]
  pub fn label(mut self, label: impl Into<String>) -> Self {
    self.label = Some(label.into());
    self
  }

  #[must_use]
  pub fn help(mut self, help: impl Into<String>) -> Self {
    self.help = Some(help.into());
    self
  }

  #[must_use]
  pub fn related(mut self, span: Span, label: impl Into<String>) -> Self {
    self.related.push((span, label.into()));
    self
  }

  #[must_use]
  pub fn sensitive(mut self) -> Self {
    self.sensitive = true;
    self
  }

  pub fn is_error(&self) -> bool {
    self.severity == Severity::Error
  }
}
