//! A stack file read and checked for a command: the start every command
//! that reads a stack shares.

use {
  crate::{
    check::pipeline::{self, Checked},
    cli::{
      arguments::Output,
      terminal::{eprint, fails, report_diagnostics},
    },
    diagnostic::exit_code::{EXIT_CANNOT_RUN, EXIT_INVALID},
    model::{Model, Profile},
  },
  std::path::Path,
};

/// The largest stack file read: far past any real stack (a few KiB), and
/// past a 50 MB file of comments, which is still checked.
const STACK_FILE_LIMIT: u64 = 64 * 1024 * 1024;

/// Reads and checks a stack, for a build into `out` when there is one; `Err`
/// is a one-line reason it could not be read (a FIFO or device in its place
/// included: see `regular_file`).
pub(crate) fn load(path: &Path, out: Option<&Path>) -> Result<Checked, String> {
  let bytes = read_stack(path).map_err(|message| format!("error: {message}"))?;
  Ok(pipeline::check(path, bytes, out))
}

/// The bytes of a stack file, or the one-line reason they cannot be read.
pub(crate) fn read_stack(path: &Path) -> Result<Vec<u8>, String> {
  crate::files::regular_file::read(path, STACK_FILE_LIMIT)
    .map_err(|failure| format!("cannot read {}: {failure}", path.display()))
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
  pipeline::check_then(stack, bytes, out, |checked, model| {
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
