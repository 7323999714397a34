//! `stackc secrets encrypt` and `stackc secrets recipients add|remove`,
//! each under the store's exclusive lock.

use crate::diagnostic::exit_code::{EXIT_CANNOT_RUN, EXIT_INVALID, EXIT_VALID};
use {
  crate::{
    cli::{
      arguments::Output,
      encryption_arguments::EncryptionCommand,
      load::checked_stack,
      recipients_arguments::RecipientsCommand,
      stale_temporaries::remove_stale_temporaries,
      terminal::{eprint, lock_failed, print},
    },
    diagnostic::command_failure::CommandFailure,
    secrets::{
      encrypt,
      recipients_change::{self, Change},
      store::SecretStore,
      store_lock::StoreLock,
    },
  },
  std::path::Path,
};

pub fn run(command: &EncryptionCommand) -> i32 {
  let stack = match command {
    EncryptionCommand::Encrypt { stack, .. } => stack.as_path(),
    EncryptionCommand::Recipients { command } => command.stack(),
  };
  let checked = match checked_stack(stack, &Output::human(), None) {
    Ok(checked) => checked,
    Err(code) => return code,
  };
  let Some(model) = checked.model() else {
    return EXIT_INVALID;
  };
  let settings = model.config.secrets_store.as_ref();
  let name = match command {
    EncryptionCommand::Encrypt { .. } => "secrets encrypt",
    EncryptionCommand::Recipients { .. } => "secrets recipients",
  };
  let lock = match StoreLock::exclusive(stack, name) {
    Ok(lock) => lock,
    Err(error) => return lock_failed(error),
  };
  let directory = SecretStore::path_for(stack)
    .parent()
    .unwrap_or(Path::new("."))
    .to_path_buf();
  if let Err(message) = remove_stale_temporaries(
    [(directory.as_path(), SecretStore::temporary_prefix(stack))],
    &lock,
  ) {
    eprint(&format!("{message}\n"));
    return EXIT_CANNOT_RUN;
  }
  let result = match command {
    EncryptionCommand::Encrypt {
      recipients,
      recipients_file,
      ..
    } => encrypt::encrypt(stack, settings, recipients, recipients_file.as_deref()),
    EncryptionCommand::Recipients { command } => {
      let Some(settings) = settings else {
        eprint(
          "error: the secrets store is not encrypted: the stack file has no `[secrets_store]`; run `stackc secrets encrypt --recipient KEY` first\n",
        );
        return EXIT_INVALID;
      };
      let (key, change) = match command {
        RecipientsCommand::Add { key, .. } => (key, Change::Add),
        RecipientsCommand::Remove { key, .. } => (key, Change::Remove),
      };
      // A key that is not one is refused before the store is read.
      if let Err(message) = crate::secrets::recipients::Recipients::parse([key.as_str()]) {
        eprint(&format!("{message}\n"));
        return EXIT_INVALID;
      }
      SecretStore::load(stack, Some(settings)).and_then(|mut store| {
        recipients_change::change(&model, stack, settings, &mut store, key, change)
          .map_err(CommandFailure::Refused)
      })
    }
  };
  match result {
    Ok(text) => {
      print(&text);
      EXIT_VALID
    }
    Err(failure) => {
      eprint(&format!("{failure}\n"));
      failure.exit_code()
    }
  }
}
