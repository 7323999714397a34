//! What a command shows: its output on stdout, its diagnostics and notes on
//! stderr (or stdout, for a machine format), in one place every command
//! prints through.

use {
  crate::{
    check::pipeline::Checked,
    cli::{
      arguments::Output,
      report::{self, FileReport, Format},
    },
    diagnostic::exit_code::EXIT_CANNOT_RUN,
    secrets::store_lock::LockError,
  },
  std::io::Write,
};

pub(crate) fn print(text: &str) {
  // A closed pipe (`stackc schema | head`) is not an error worth a panic.
  let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

pub(crate) fn eprint(text: &str) {
  let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Prints checked stacks' diagnostics as `output` asks.
pub(crate) fn report_diagnostics(checked: &[Checked], output: &Output) {
  let files: Vec<FileReport<'_>> = checked
    .iter()
    .map(|result| FileReport {
      source: &result.source,
      diagnostics: &result.diagnostics,
    })
    .collect();
  let rendered = report::render(&files, output.format, output.color.enabled());
  if output.format == Format::Human {
    let mut text = rendered;
    for result in checked {
      let name = result.source.display_name();
      match report::summary(&result.diagnostics) {
        Some(summary) => text.push_str(&format!("{name}: {summary}\n")),
        None => text.push_str(&format!("{name}: ok\n")),
      }
    }
    eprint(&text);
  } else {
    print(&rendered);
  }
}

pub(crate) fn fails(result: &Checked, output: &Output) -> bool {
  result.has_errors() || (output.deny_warnings && !result.diagnostics.is_empty())
}

pub(crate) fn lock_failed(LockError(message): LockError) -> i32 {
  eprint(&format!("{message}\n"));
  EXIT_CANNOT_RUN
}
