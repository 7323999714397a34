use crate::{diagnostic::Diagnostic, diagnostic::severity::Severity, document::span::Span};

/// What the registry knows of a diagnostic code: one per file in `src/check/rules/`.
#[derive(Debug)]
pub struct Meta {
  pub code: &'static str,
  pub name: &'static str,
  pub severity: Severity,
  pub summary: &'static str,
  /// The rule's doc comment, which `stackc explain` prints.
  pub documentation: &'static str,
}

impl Meta {
  pub fn diagnostic(&self, message: impl Into<String>, span: Span) -> Diagnostic {
    Diagnostic::new(self.code, self.severity, message, span)
  }

  /// The documentation without the one-space indent that doc comments carry.
  pub fn explanation(&self) -> String {
    let mut text = format!(
      "{} {} ({})\n\n{}\n\n",
      self.code,
      self.name,
      self.severity.as_str(),
      self.summary
    );
    for line in self.documentation.lines() {
      text.push_str(line.strip_prefix(' ').unwrap_or(line));
      text.push('\n');
    }
    text
  }
}

/// Declares a rule: a unit struct carrying the doc comment, and its `META`.
///
/// The doc comment is written once, in the rule's file, and is both the
/// rustdoc of the rule and what `stackc explain CODE` prints.
#[macro_export]
macro_rules! declare_rule {
  (
    $(#[doc = $doc:literal])*
    pub struct $name:ident {
      code: $code:literal,
      name: $slug:literal,
      severity: $severity:ident,
      summary: $summary:literal $(,)?
    }
  ) => {
    $(#[doc = $doc])*
    pub struct $name;

    pub const META: $crate::check::rule::Meta = $crate::check::rule::Meta {
      code: $code,
      name: $slug,
      severity: $crate::diagnostic::severity::Severity::$severity,
      summary: $summary,
      documentation: concat!($($doc, "\n"),*),
    };
  };
}
