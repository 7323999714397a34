//! The command line: arguments in; stdout, stderr and an exit code out.

use {
  crate::{
    arguments::{Arguments, Command, Output},
    compiler::{self, Checked},
    report::{self, FileReport, Format},
    rules::{self, REGISTRY},
    validate::SCHEMA,
  },
  clap::Parser,
  std::{ffi::OsString, io::Write, path::Path},
};

/// The stack is valid (warnings allowed unless `--deny-warnings`).
pub const EXIT_VALID: i32 = 0;
/// The stack has problems, all of them reported.
pub const EXIT_INVALID: i32 = 1;
/// stackc could not run: a missing file, a bad flag.
pub const EXIT_CANNOT_RUN: i32 = 2;

/// Runs stackc with `arguments` (program name first) and returns the exit code.
pub fn run(arguments: impl IntoIterator<Item = OsString>) -> i32 {
  let arguments = match Arguments::try_parse_from(arguments) {
    Ok(arguments) => arguments,
    Err(error) => {
      let _ = error.print();
      return match error.exit_code() {
        0 => EXIT_VALID,
        _ => EXIT_CANNOT_RUN,
      };
    }
  };
  match arguments.command {
    Command::Check { stacks, output } => check(&stacks, &output),
    Command::Schema => {
      print(SCHEMA);
      EXIT_VALID
    }
    Command::Explain { code } => explain(code.as_deref()),
  }
}

fn print(text: &str) {
  // A closed pipe (`stackc schema | head`) is not an error worth a panic.
  let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn eprint(text: &str) {
  let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Reads and checks each stack; `Err` carries a one-line reason it could not be read.
fn load(path: &Path) -> Result<Checked, String> {
  let bytes = std::fs::read(path).map_err(|error| {
    let reason = match error.kind() {
      std::io::ErrorKind::NotFound => "no such file".to_owned(),
      std::io::ErrorKind::IsADirectory => "is a directory".to_owned(),
      _ => error.to_string(),
    };
    format!("error: cannot read {}: {reason}", path.display())
  })?;
  Ok(compiler::check(path, bytes))
}

fn check(stacks: &[std::path::PathBuf], output: &Output) -> i32 {
  let mut checked = Vec::new();
  let mut unreadable = false;
  for path in stacks {
    match load(path) {
      Ok(result) => checked.push(result),
      Err(message) => {
        eprint(&format!("{message}\n"));
        unreadable = true;
      }
    }
  }
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
    for result in &checked {
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
  let failed = checked
    .iter()
    .any(|result| result.has_errors() || (output.deny_warnings && !result.diagnostics.is_empty()));
  if unreadable {
    EXIT_CANNOT_RUN
  } else if failed {
    EXIT_INVALID
  } else {
    EXIT_VALID
  }
}

fn explain(code: Option<&str>) -> i32 {
  let Some(code) = code else {
    let mut text = String::new();
    for rule in REGISTRY {
      let meta = rule.meta;
      text.push_str(&format!(
        "{}  {:<7}  {:<34} {}\n",
        meta.code,
        meta.severity.as_str(),
        meta.name,
        meta.summary
      ));
    }
    print(&text);
    return EXIT_VALID;
  };
  match rules::find(code) {
    Some(rule) => {
      print(&rule.meta.explanation());
      EXIT_VALID
    }
    None => {
      eprint(&format!(
        "error: unknown diagnostic code `{code}`; `stackc explain` lists them\n"
      ));
      EXIT_CANNOT_RUN
    }
  }
}
