//! The command line: arguments in; stdout, stderr and an exit code out.

use {
  crate::{
    cli::{
      arguments::{Arguments, Command, Output},
      build_command, check_command, diff_command, explain_command, graph_command, import_command,
      review_command, secrets_commands,
    },
    compiler::{self, Checked},
    model::{Model, Profile},
    report::{self, FileReport, Format},
    secrets::store_lock::{LockError, StoreLock},
    validate::SCHEMA,
    write,
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
    Command::Check {
      stacks,
      deploy,
      output,
    } => check_command::check(&stacks, deploy.as_deref(), &output),
    Command::Secrets { command } => secrets_commands::secrets(command),
    Command::Build {
      stack,
      destination,
      check,
      output,
    } => build_command::build(&stack, &destination, check, &output),
    Command::Diff {
      stack,
      destination,
      output,
    } => diff_command::diff(&stack, &destination, &output),
    Command::Graph {
      stack,
      format,
      profile,
      target,
    } => graph_command::graph(&stack, format, profile.as_deref(), target),
    Command::Import {
      directory,
      stack,
      out,
    } => import_command::import(&directory, &stack, &out),
    Command::Review {
      stacks,
      base,
      deployment,
      format,
      deny_dangerous,
    } => match deployment {
      Some(directory) => {
        review_command::review_deployment(&directory, &stacks, format, deny_dangerous)
      }
      None => review_command::review(&stacks, base.as_deref(), format, deny_dangerous),
    },
    Command::Schema => {
      print(SCHEMA);
      EXIT_VALID
    }
    Command::Explain { code } => explain_command::explain(code.as_deref()),
    Command::Lsp => crate::lsp::stdio(),
  }
}

pub(crate) fn print(text: &str) {
  // A closed pipe (`stackc schema | head`) is not an error worth a panic.
  let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

pub(crate) fn eprint(text: &str) {
  let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// The largest stack file read: far past any real stack (a few KiB), and
/// past a 50 MB file of comments, which is still checked.
const STACK_FILE_LIMIT: u64 = 64 * 1024 * 1024;

/// Reads and checks a stack, for a build into `out` when there is one; `Err`
/// is a one-line reason it could not be read (a FIFO or device in its place
/// included: see `regular_file`).
pub(crate) fn load(path: &Path, out: Option<&Path>) -> Result<Checked, String> {
  let bytes = read_stack(path).map_err(|message| format!("error: {message}"))?;
  Ok(compiler::check(path, bytes, out))
}

/// The bytes of a stack file, or the one-line reason they cannot be read.
pub(crate) fn read_stack(path: &Path) -> Result<Vec<u8>, String> {
  crate::regular_file::read(path, STACK_FILE_LIMIT)
    .map_err(|failure| format!("cannot read {}: {failure}", path.display()))
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

/// Removes what a killed stackc left in `directories`, saying so.
pub(crate) fn remove_stale_temporaries<'p>(
  directories: impl IntoIterator<Item = (&'p Path, String)>,
  lock: &StoreLock,
) -> Result<(), String> {
  for (directory, prefix) in directories {
    let removed = write::remove_stale_temporaries(directory, &prefix, lock.acquired)
      .map_err(|error| format!("error: cannot clean {}: {error}", directory.display()))?;
    if removed > 0 {
      eprint(&format!(
        "note: removed {removed} temporary file(s) an interrupted stackc left in {}\n",
        directory.display()
      ));
    }
  }
  Ok(())
}

/// Checks a stack for a command that goes on to use its model: `Err` is the
/// exit code when it cannot (unreadable, or invalid).
pub(crate) fn checked_stack(
  stack: &Path,
  output: &Output,
  out: Option<&Path>,
) -> Result<Checked, i32> {
  let checked = load(stack, out).map_err(|message| {
    eprint(&format!("{message}\n"));
    EXIT_CANNOT_RUN
  })?;
  let failed = fails(&checked, output);
  if failed || !checked.diagnostics.is_empty() {
    report_diagnostics(std::slice::from_ref(&checked), output);
  }
  if failed {
    Err(EXIT_INVALID)
  } else {
    Ok(checked)
  }
}

/// The profile named on the command line.
pub(crate) fn select_profile<'m>(
  model: &'m Model<'_>,
  name: Option<&str>,
) -> Result<Option<&'m Profile>, i32> {
  let Some(name) = name else {
    return Ok(None);
  };
  match model
    .profiles
    .iter()
    .find(|p| p.name.as_deref() == Some(name))
  {
    Some(profile) => Ok(Some(profile)),
    None => {
      let known: Vec<&str> = model
        .profiles
        .iter()
        .filter_map(|p| p.name.as_deref())
        .collect();
      eprint(&format!(
        "error: no profile `{name}` in the stack file (profiles: {})\n",
        if known.is_empty() {
          "none".to_owned()
        } else {
          known.join(", ")
        }
      ));
      Err(EXIT_CANNOT_RUN)
    }
  }
}

/// Checks `stack` and selects `profile`, then runs `command` on the model:
/// the start that `build`, `diff` and `graph` share.
pub(crate) fn with_model(
  stack: &Path,
  out: Option<&Path>,
  profile: Option<&str>,
  output: &Output,
  command: impl FnOnce(&Model<'_>, Option<&Profile>) -> i32,
) -> i32 {
  let bytes = match read_stack(stack) {
    Ok(bytes) => bytes,
    Err(message) => {
      eprint(&format!("error: {message}\n"));
      return EXIT_CANNOT_RUN;
    }
  };
  // The model the rules checked is the one the command uses: resolved once.
  compiler::check_then(stack, bytes, out, |checked, model| {
    let failed = fails(checked, output);
    if failed || !checked.diagnostics.is_empty() {
      report_diagnostics(std::slice::from_ref(checked), output);
    }
    if failed {
      return EXIT_INVALID;
    }
    let Some(model) = model else {
      return EXIT_INVALID;
    };
    match select_profile(model, profile) {
      Ok(profile) => command(model, profile),
      Err(code) => code,
    }
  })
}

/// The directory of the stack file, against which prompt files are read.
pub(crate) fn stack_directory(stack: &Path) -> &Path {
  stack
    .parent()
    .filter(|p| !p.as_os_str().is_empty())
    .unwrap_or(Path::new("."))
}

pub(crate) fn file_name(stack: &Path) -> String {
  stack
    .file_name()
    .map_or_else(|| "stack.toml".into(), |n| n.to_string_lossy().into_owned())
}
