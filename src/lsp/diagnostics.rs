//! stackc's diagnostics as LSP diagnostics: the same code, message and
//! help as `stackc check`, placed in the client's position encoding.

use {
  crate::{check::pipeline::Checked, diagnostic::severity::Severity, lsp::positions::Positions},
  lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location,
    NumberOrString, Url,
  },
};

/// Where a code's documentation lives: the codes chapter of the book, one
/// anchor per code, in lower case (`…/codes.html#sc201`).
pub const CODES_URL: &str = "https://stackc.github.io/stackc/codes.html";

/// The documentation URL of `code`.
pub fn code_url(code: &str) -> Option<Url> {
  Url::parse(&format!("{CODES_URL}#{}", code.to_ascii_lowercase())).ok()
}

pub fn to_lsp(checked: &Checked, positions: &Positions, uri: &Url) -> Vec<lsp_types::Diagnostic> {
  let text = &checked.source.text;
  checked
    .diagnostics
    .iter()
    .map(|diagnostic| {
      let range = positions.range(text, diagnostic.span);
      let here = |message: String| DiagnosticRelatedInformation {
        location: Location::new(uri.clone(), range),
        message,
      };
      let mut related = Vec::new();
      if let Some(label) = &diagnostic.label {
        related.push(here(label.clone()));
      }
      if let Some(help) = &diagnostic.help {
        related.push(here(format!("help: {help}")));
      }
      for (span, label) in &diagnostic.related {
        related.push(DiagnosticRelatedInformation {
          location: Location::new(uri.clone(), positions.range(text, *span)),
          message: label.clone(),
        });
      }
      lsp_types::Diagnostic {
        range,
        severity: Some(match diagnostic.severity {
          Severity::Error => DiagnosticSeverity::ERROR,
          Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(diagnostic.code.to_owned())),
        code_description: code_url(diagnostic.code).map(|href| CodeDescription { href }),
        source: Some("stackc".to_owned()),
        message: diagnostic.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        // An unused secret is shown faded, as editors show unused code.
        tags: (diagnostic.code == "SC202").then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: Some(serde_json::json!({ "help": diagnostic.help })),
      }
    })
    .collect()
}
