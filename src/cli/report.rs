//! Renders diagnostics for people (miette), machines (JSON), code scanning
//! (SARIF 2.1.0) and GitHub Actions (workflow commands).

use {
  crate::{
    check::rules::REGISTRY,
    diagnostic::Diagnostic,
    diagnostic::severity::Severity,
    document::escaped_source::{EscapedSource, escape_controls},
    document::source::Source,
  },
  miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan},
  serde::Serialize,
  serde_sarif::sarif,
  std::fmt::{self, Write},
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
  Human,
  Json,
  Sarif,
  Github,
}

/// One checked file's diagnostics, as the reporter needs them.
pub struct FileReport<'a> {
  pub source: &'a Source,
  pub diagnostics: &'a [Diagnostic],
}

pub fn render(files: &[FileReport<'_>], format: Format, color: bool) -> String {
  match format {
    Format::Human => human(files, color),
    Format::Json => json(files),
    Format::Sarif => sarif(files),
    Format::Github => github(files),
  }
}

/// The source text with every sensitive span masked, so that a snippet of a
/// line holding a credential never shows it. Byte offsets are kept.
fn masked_text(file: &FileReport<'_>) -> String {
  let mut bytes = file.source.text.clone().into_bytes();
  for diagnostic in file.diagnostics.iter().filter(|d| d.sensitive) {
    let end = diagnostic.span.end.min(bytes.len());
    let start = diagnostic.span.start.min(end);
    // Keep the quotes so the line still reads as TOML.
    let inner = if end - start >= 2 {
      start + 1..end - 1
    } else {
      start..end
    };
    for byte in &mut bytes[inner] {
      *byte = b'*';
    }
  }
  String::from_utf8_lossy(&bytes).into_owned()
}

struct Rendered<'a> {
  diagnostic: &'a Diagnostic,
  source: &'a EscapedSource,
}

impl fmt::Debug for Rendered<'_> {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    fmt::Debug::fmt(self.diagnostic, f)
  }
}

impl fmt::Display for Rendered<'_> {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str(&escape_controls(&self.diagnostic.message))
  }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
  fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
    Some(Box::new(self.diagnostic.code))
  }

  fn severity(&self) -> Option<miette::Severity> {
    Some(match self.diagnostic.severity {
      Severity::Error => miette::Severity::Error,
      Severity::Warning => miette::Severity::Warning,
    })
  }

  fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
    self
      .diagnostic
      .help
      .as_ref()
      .map(|help| Box::new(escape_controls(help)) as Box<dyn fmt::Display>)
  }

  fn source_code(&self) -> Option<&dyn miette::SourceCode> {
    Some(self.source)
  }

  fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
    let label = |text: &str| escape_controls(text).into_owned();
    let primary = LabeledSpan::new_primary_with_span(
      self.diagnostic.label.as_deref().map(label),
      self.source.span(self.diagnostic.span),
    );
    let related = self.diagnostic.related.iter().map(move |(span, text)| {
      LabeledSpan::new_with_span(Some(label(text)), self.source.span(*span))
    });
    Some(Box::new(std::iter::once(primary).chain(related)))
  }
}

fn human(files: &[FileReport<'_>], color: bool) -> String {
  // A file without diagnostics has nothing to render: a clean check builds
  // neither the report handler nor an escaped copy of its source.
  let mut reported = files
    .iter()
    .filter(|file| !file.diagnostics.is_empty())
    .peekable();
  if reported.peek().is_none() {
    return String::new();
  }
  let theme = if color {
    GraphicalTheme::unicode()
  } else {
    GraphicalTheme::unicode_nocolor()
  };
  let handler = GraphicalReportHandler::new_themed(theme)
    .with_links(false)
    .with_width(100);
  let mut output = String::new();
  for file in reported {
    let source = EscapedSource::new(&file.source.display_name(), &masked_text(file));
    for diagnostic in file.diagnostics {
      let rendered = Rendered {
        diagnostic,
        source: &source,
      };
      // Rendering into a String cannot fail.
      let _ = handler.render_report(&mut output, &rendered);
      output.push('\n');
    }
  }
  output
}

/// `"3 errors, 1 warning"`, or `None` when there is nothing to say.
pub fn summary(diagnostics: &[Diagnostic]) -> Option<String> {
  let errors = diagnostics.iter().filter(|d| d.is_error()).count();
  let warnings = diagnostics.len() - errors;
  let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
  match (errors, warnings) {
    (0, 0) => None,
    (e, 0) => Some(plural(e, "error")),
    (0, w) => Some(plural(w, "warning")),
    (e, w) => Some(format!("{}, {}", plural(e, "error"), plural(w, "warning"))),
  }
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
  code: &'a str,
  severity: Severity,
  message: &'a str,
  file: String,
  line: usize,
  column: usize,
  end_line: usize,
  end_column: usize,
  label: Option<&'a str>,
  help: Option<&'a str>,
}

fn json_diagnostics<'a>(file: &FileReport<'a>) -> impl Iterator<Item = JsonDiagnostic<'a>> {
  let source = file.source;
  file.diagnostics.iter().map(move |diagnostic| {
    let start = source.position(diagnostic.span.start);
    let end = source.position(diagnostic.span.end);
    JsonDiagnostic {
      code: diagnostic.code,
      severity: diagnostic.severity,
      message: &diagnostic.message,
      file: source.display_name(),
      line: start.line,
      column: start.column,
      end_line: end.line,
      end_column: end.column,
      label: diagnostic.label.as_deref(),
      help: diagnostic.help.as_deref(),
    }
  })
}

/// The diagnostics of `--format json`, as a value to embed in a larger
/// document (`build --check --format json`).
pub fn json_value(files: &[FileReport<'_>]) -> serde_json::Value {
  let all: Vec<JsonDiagnostic<'_>> = files.iter().flat_map(json_diagnostics).collect();
  serde_json::to_value(all).expect("diagnostics serialize")
}

fn json(files: &[FileReport<'_>]) -> String {
  let all: Vec<JsonDiagnostic<'_>> = files.iter().flat_map(json_diagnostics).collect();
  let mut text = serde_json::to_string_pretty(&all).expect("diagnostics serialize");
  text.push('\n');
  text
}

fn sarif(files: &[FileReport<'_>]) -> String {
  let rules: Vec<sarif::ReportingDescriptor> = REGISTRY
    .iter()
    .map(|rule| {
      let meta = rule.meta;
      sarif::ReportingDescriptor::builder()
        .id(meta.code)
        .name(meta.name)
        .short_description(
          sarif::MultiformatMessageString::builder()
            .text(meta.summary)
            .build(),
        )
        .full_description(
          sarif::MultiformatMessageString::builder()
            .text(meta.summary)
            .build(),
        )
        .help(
          sarif::MultiformatMessageString::builder()
            .text(meta.explanation())
            .markdown(meta.explanation())
            .build(),
        )
        .default_configuration(
          sarif::ReportingConfiguration::builder()
            .level(serde_json::json!(meta.severity.as_str()))
            .build(),
        )
        .build()
    })
    .collect();
  let results: Vec<sarif::Result> = files
    .iter()
    .flat_map(|file| {
      json_diagnostics(file).map(|diagnostic| {
        let rule_index = REGISTRY
          .iter()
          .position(|rule| rule.meta.code == diagnostic.code)
          .unwrap_or_default();
        let mut text = diagnostic.message.to_owned();
        if let Some(help) = diagnostic.help {
          let _ = write!(text, "\nhelp: {help}");
        }
        let region = sarif::Region::builder()
          .start_line(diagnostic.line as i64)
          .start_column(diagnostic.column as i64)
          .end_line(diagnostic.end_line as i64)
          .end_column(diagnostic.end_column as i64)
          .build();
        let location = sarif::Location::builder()
          .physical_location(
            sarif::PhysicalLocation::builder()
              .artifact_location(
                sarif::ArtifactLocation::builder()
                  .uri(diagnostic.file.replace('\\', "/"))
                  .build(),
              )
              .region(region)
              .build(),
          )
          .build();
        sarif::Result::builder()
          .rule_id(diagnostic.code)
          .rule_index(rule_index as i64)
          .level(match diagnostic.severity {
            Severity::Error => sarif::ResultLevel::Error,
            Severity::Warning => sarif::ResultLevel::Warning,
          })
          .message(sarif::Message::builder().text(text).build())
          .locations(vec![location])
          .build()
      })
    })
    .collect();
  let driver = sarif::ToolComponent::builder()
    .name("stackc")
    .semantic_version(env!("CARGO_PKG_VERSION"))
    .information_uri("https://github.com/stackc/stackc")
    .rules(rules)
    .build();
  let run = sarif::Run::builder()
    .tool(sarif::Tool::builder().driver(driver).build())
    .column_kind(serde_json::json!("unicodeCodePoints"))
    .results(results)
    .build();
  let log = sarif::Sarif::builder()
    .schema("https://json.schemastore.org/sarif-2.1.0.json")
    .version(serde_json::json!("2.1.0"))
    .runs(vec![run])
    .build();
  let mut text = serde_json::to_string_pretty(&log).expect("SARIF serializes");
  text.push('\n');
  text
}

/// Escapes a workflow command's message, as the Actions runner reads it.
fn escape_data(text: &str) -> String {
  text
    .replace('%', "%25")
    .replace('\r', "%0D")
    .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn escape_property(text: &str) -> String {
  escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn github(files: &[FileReport<'_>]) -> String {
  let mut output = String::new();
  for file in files {
    for diagnostic in json_diagnostics(file) {
      let command = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
      };
      // A CI log shows terminal escapes as a terminal would.
      let mut message = escape_controls(diagnostic.message).into_owned();
      if let Some(help) = diagnostic.help {
        let _ = write!(message, "\nhelp: {}", escape_controls(help));
      }
      let _ = writeln!(
        output,
        "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        escape_property(&diagnostic.file),
        diagnostic.line,
        diagnostic.column,
        diagnostic.end_line,
        diagnostic.end_column,
        escape_property(&format!(
          "{} {}",
          diagnostic.code,
          escape_controls(diagnostic.message)
        )),
        escape_data(&message),
      );
    }
  }
  output
}
