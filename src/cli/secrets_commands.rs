//! `stackc secrets list|rotate|prune|adopt`: each under the store's lock.

use crate::diagnostic::exit_code::{EXIT_CANNOT_RUN, EXIT_INVALID, EXIT_VALID};
use {
  crate::{
    cli::{
      arguments::{Output, SecretsCommand},
      load::checked_stack,
      stale_temporaries::remove_stale_temporaries,
      terminal::{eprint, lock_failed, print},
    },
    secrets::{
      adopt::{self, Selection},
      command,
      deployed_env::DeployedEnv,
      prune,
      store::SecretStore,
      store_lock::StoreLock,
    },
  },
  std::path::Path,
};

pub fn secrets(command: SecretsCommand) -> i32 {
  let quiet = Output::human();
  let (stack, name) = match &command {
    SecretsCommand::List { stack }
    | SecretsCommand::Rotate { stack, .. }
    | SecretsCommand::Prune { stack, .. } => (stack.clone(), None),
    SecretsCommand::Adopt {
      name, stack, all, ..
    } => match adopt_selection(name.as_deref(), stack.as_deref(), *all) {
      Ok((stack, selection)) => (stack, Some(selection)),
      Err(message) => {
        eprint(&format!("{message}\n"));
        return EXIT_CANNOT_RUN;
      }
    },
    SecretsCommand::Encryption(command) => {
      return crate::cli::encryption_commands::run(command);
    }
  };
  let checked = match checked_stack(&stack, &quiet, None) {
    Ok(checked) => checked,
    Err(code) => return code,
  };
  let Some(model) = checked.model() else {
    return EXIT_INVALID;
  };
  let lock = match &command {
    SecretsCommand::List { .. } => StoreLock::shared_if_present(&stack),
    SecretsCommand::Rotate { .. } => StoreLock::exclusive(&stack, "secrets rotate").map(Some),
    SecretsCommand::Prune { .. } => StoreLock::exclusive(&stack, "secrets prune").map(Some),
    SecretsCommand::Adopt { .. } => StoreLock::exclusive(&stack, "secrets adopt").map(Some),
    SecretsCommand::Encryption(_) => unreachable!("run by encryption_commands"),
  };
  let lock = match lock {
    Ok(lock) => lock,
    Err(error) => return lock_failed(error),
  };
  let settings = model.config.secrets_store.as_ref();
  // `list` shows names and marks, which an encrypted store keeps in clear.
  let loaded = match &command {
    SecretsCommand::List { .. } => crate::secrets::encrypted_store::load(&stack, settings, false),
    _ => SecretStore::load(&stack, settings),
  };
  let mut store = match loaded {
    Ok(store) => store,
    Err(failure) => {
      eprint(&format!("{failure}\n"));
      return failure.exit_code();
    }
  };
  if let (Some(lock), Some(directory)) = (&lock, store.path.parent())
    && !matches!(command, SecretsCommand::List { .. })
    && let Err(message) =
      remove_stale_temporaries([(directory, SecretStore::temporary_prefix(&stack))], lock)
  {
    eprint(&format!("{message}\n"));
    return EXIT_CANNOT_RUN;
  }
  let result = match command {
    SecretsCommand::List { .. } => Ok(command::list(&model, &store)),
    SecretsCommand::Rotate { name, force, .. } => {
      command::rotate(&model, &mut store, &name, force, &stack)
    }
    SecretsCommand::Prune { force, .. } => prune::prune(&model, &mut store, force),
    SecretsCommand::Adopt { out, .. } => match DeployedEnv::read(&out) {
      Ok(deployed) => {
        let selection = name.unwrap_or(Selection::All);
        adopt::adopt(&model, &mut store, &selection, &deployed)
      }
      Err(failure) => {
        eprint(&format!("{failure}\n"));
        return failure.exit_code();
      }
    },
    SecretsCommand::Encryption(_) => unreachable!("run by encryption_commands"),
  };
  match result {
    Ok(text) => {
      print(&text);
      EXIT_VALID
    }
    Err(message) => {
      eprint(&format!("{message}\n"));
      EXIT_INVALID
    }
  }
}

/// `adopt NAME [STACK]` or `adopt --all [STACK]`: with `--all`, the one
/// positional argument is the stack.
fn adopt_selection(
  name: Option<&str>,
  stack: Option<&Path>,
  all: bool,
) -> Result<(std::path::PathBuf, Selection), String> {
  let default = || std::path::PathBuf::from("stack.toml");
  match (name, stack, all) {
    (Some(name), stack, false) => Ok((
      stack.map_or_else(default, Path::to_path_buf),
      Selection::One(name.to_owned()),
    )),
    (None, _, false) => Err("error: name the secret to adopt, or give --all".into()),
    (stack, None, true) => Ok((stack.map_or_else(default, Into::into), Selection::All)),
    (None, Some(stack), true) => Ok((stack.to_path_buf(), Selection::All)),
    (Some(_), Some(_), true) => {
      Err("error: --all adopts every secret: give no NAME, only the stack file".into())
    }
  }
}
