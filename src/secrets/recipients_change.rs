//! `stackc secrets recipients add|remove KEY`: the encrypted store written
//! again, every value encrypted anew to the new set, then the set written
//! where the stack file keeps it. The caller holds the store's lock and
//! has read the store (with an identity that opens it).

use crate::config::secrets_store::StoreSettings;
use {
  crate::{
    model::{Model, SecretSource},
    secrets::{recipients::Recipients, stack_recipients, store::SecretStore},
  },
  std::{fmt::Write, path::Path},
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
  Add,
  Remove,
}

/// Changes the recipients and returns what to print; `Err` changes nothing.
pub fn change(
  model: &Model<'_>,
  stack: &Path,
  settings: &StoreSettings,
  store: &mut SecretStore,
  key: &str,
  change: Change,
) -> Result<String, String> {
  let key = Recipients::parse([key])?.keys.remove(0);
  let Some(encryption) = store.encryption.as_mut() else {
    return Err(
      "error: the secrets store is not encrypted; run `stackc secrets encrypt` first".into(),
    );
  };
  let current = encryption.writing_to()?.clone();
  let present = current.keys.contains(&key);
  match (change, present) {
    (Change::Add, true) => {
      return Ok(format!(
        "{key} can already read the store; nothing to do.\n"
      ));
    }
    (Change::Remove, false) => {
      return Err(format!(
        "error: {key} is not a recipient of the store ({}); nothing was changed",
        current.keys.join(", ")
      ));
    }
    _ => {}
  }
  let keys: Vec<&str> = match change {
    Change::Add => current
      .keys
      .iter()
      .map(String::as_str)
      .chain([key.as_str()])
      .collect(),
    Change::Remove => current
      .keys
      .iter()
      .map(String::as_str)
      .filter(|k| *k != key)
      .collect(),
  };
  let next = Recipients::parse(keys)?;
  encryption.recipients = Some(next.clone());
  // The store first: from this moment a removed key opens no new block.
  store.save()?;
  let written = match change {
    Change::Add => stack_recipients::add(stack, settings, &key),
    Change::Remove => stack_recipients::remove(stack, settings, &key),
  };
  if let Err(message) = written {
    return Err(format!(
      "{message}\nThe store {} is already encrypted to the new set; fix the stack file's `[secrets_store]` to name it ({}).",
      store.path.display(),
      next.keys.join(", ")
    ));
  }
  let mut text = format!(
    "{} {key}; every value in {} is encrypted again, to {} recipient(s).\n",
    if change == Change::Add {
      "Added"
    } else {
      "Removed"
    },
    store.path.display(),
    next.keys.len()
  );
  if change == Change::Remove {
    let generated: Vec<&str> = model
      .secrets
      .values()
      .filter(|secret| matches!(secret.source, SecretSource::Generate { .. }))
      .map(|secret| secret.name.as_str())
      .collect();
    let _ = writeln!(
      text,
      "\nThis cannot un-share anything: whoever holds that key keeps every value they could read, from this file's history in git or a copy. For each value that matters, make a new one:\n  stackc secrets rotate NAME {}\n(generated here: {}), then build and deploy. Backups `secrets prune` wrote stay encrypted as they were.",
      stack.display(),
      generated.join(", ")
    );
  }
  let _ = writeln!(
    text,
    "Commit {} and the stack file together.",
    store.path.display()
  );
  Ok(text)
}
