//! `stackc check`: every problem of every stack file at once, and with
//! `--deploy`, every secret a deployment still lacks or disagrees on.

use crate::diagnostic::exit_code::{EXIT_CANNOT_RUN, EXIT_INVALID, EXIT_VALID};
use {
  crate::{
    cli::{
      arguments::Output,
      load::load,
      terminal::{eprint, fails, lock_failed, report_diagnostics},
    },
    model::Model,
    secrets::{build_secrets, store_lock::StoreLock},
  },
  std::path::Path,
};

pub fn check(stacks: &[std::path::PathBuf], deploy: Option<&Path>, output: &Output) -> i32 {
  if let Some(out) = deploy
    && !out.is_dir()
  {
    eprint(&format!(
      "error: cannot check the deployment in {}: no such directory\n",
      out.display()
    ));
    return EXIT_CANNOT_RUN;
  }
  let mut checked = Vec::new();
  let mut unreadable = false;
  for path in stacks {
    match load(path, deploy) {
      Ok(result) => checked.push(result),
      Err(message) => {
        eprint(&format!("{message}\n"));
        unreadable = true;
      }
    }
  }
  report_diagnostics(&checked, output);
  if unreadable {
    return EXIT_CANNOT_RUN;
  }
  if checked.iter().any(|result| fails(result, output)) {
    return EXIT_INVALID;
  }
  if let Some(out) = deploy {
    for result in &checked {
      if let Some(model) = result.model()
        && let Err(code) = missing_secrets(result.source.path(), &model, out)
      {
        return code;
      }
    }
  }
  EXIT_VALID
}

/// `check --deploy`: every secret the deployment in `out` needs has a
/// value, and none disagrees with its `.env` (see `build_secrets`).
fn missing_secrets(stack: &Path, model: &Model<'_>, out: &Path) -> Result<(), i32> {
  let _lock = StoreLock::shared_if_present(stack).map_err(lock_failed)?;
  match build_secrets::check_deploy(stack, model, out) {
    Ok(report) => {
      eprint(&report);
      Ok(())
    }
    Err(failure) => {
      eprint(&format!("{failure}\n"));
      Err(failure.exit_code())
    }
  }
}
