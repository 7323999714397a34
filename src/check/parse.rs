//! Stage 1: bytes to a `Document`, with a span for every key and value.

use {
  crate::{
    check::rules::{sc001_toml_syntax, sc002_duplicate_key, sc007_not_utf8},
    diagnostic::Diagnostic,
    document::Document,
    document::source::Source,
    document::span::Span,
  },
  std::path::Path,
  toml::de::DeTable,
};

/// Decodes and parses the stack file. Every syntax error is reported, not
/// just the first; a file that does not parse yields no document.
pub fn parse(path: &Path, bytes: Vec<u8>) -> (Source, Result<Document, Vec<Diagnostic>>) {
  let text = match String::from_utf8(bytes) {
    Ok(text) => text,
    Err(error) => {
      let offset = error.utf8_error().valid_up_to();
      let source = Source::new(path, String::from_utf8_lossy(error.as_bytes()).into_owned());
      let diagnostic = sc007_not_utf8::META
        .diagnostic(
          format!("{} is not valid UTF-8", path.display()),
          Span::new(offset, offset + 1),
        )
        .label("this byte is not UTF-8")
        .help("TOML files are UTF-8: convert the file, for example with `iconv -t UTF-8`");
      return (source, Err(vec![diagnostic]));
    }
  };
  let source = Source::new(path, text);
  let result = parse_text(&source);
  (source, result)
}

fn parse_text(source: &Source) -> Result<Document, Vec<Diagnostic>> {
  let text = &source.text;
  if let Some(document) = Document::from_sections(text) {
    return Ok(document);
  }
  let (root, errors) = DeTable::parse_recoverable(text);
  if errors.is_empty() {
    return Ok(Document::from_toml(&root));
  }
  // The parser recovers and goes on; a second error on the same line is
  // nearly always a cascade of the first, so each line reports once.
  // (A set and the source's line index keep thousands of errors linear.)
  let mut lines_reported = std::collections::HashSet::new();
  let diagnostics = errors
    .iter()
    .filter(|error| {
      let start = error.span().map_or(0, |range| range.start);
      lines_reported.insert(source.position(start).line)
    })
    .map(|error| {
      let span = error
        .span()
        .map(|range| Span::new(range.start, range.end.max(range.start)))
        .unwrap_or_default();
      let message = error.message().trim_end();
      if message.starts_with("duplicate key") {
        sc002_duplicate_key::META
          .diagnostic("duplicate key", span)
          .label("defined again here")
          .help("a key may be defined once per table: remove one of the definitions or merge them")
      } else {
        sc001_toml_syntax::META
          .diagnostic(format!("invalid TOML: {message}"), span)
          .label(message.to_owned())
          .help("see https://toml.io/en/v1.0.0 for the syntax")
      }
    })
    .collect();
  Err(diagnostics)
}
