//! Which store a stack has, and reading the encrypted one. A stack file
//! with `[secrets_store]` keeps its secrets in `.stackc/<stack>.secrets.age`
//! (a first build writes it directly, never a plain one); one without keeps
//! `.stackc/<stack>.secrets.toml`. The encrypted store is decrypted in
//! memory with the operator's identity; whatever cannot be read (no
//! identity, another's, a damaged file) stops the command with exit 2
//! before anything is written.

use crate::config::secrets_store::StoreSettings;
use {
  crate::{
    diagnostic::command_failure::CommandFailure,
    files::regular_file::ReadFailure,
    secrets::{
      age_block::{self, OpenFailure},
      encryption::Encryption,
      identity::Identities,
      recipients::Recipients,
      sealed_file::SealedFile,
      {
        store::{STORE_LIMIT, SecretStore},
        stored_secret::StoredSecret,
      },
    },
  },
  std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
  },
};

/// Where the encrypted store of `stack` lives.
pub fn path_for(stack: &Path) -> PathBuf {
  SecretStore::path_for(stack).with_extension("age")
}

/// The store of `stack`, plain or encrypted as its stack file says. With
/// `values` false (for `secrets list`) an encrypted store's names and
/// marks are read without an identity, and its values are left empty.
pub fn load(
  stack: &Path,
  settings: Option<&StoreSettings>,
  values: bool,
) -> Result<SecretStore, CommandFailure> {
  let recipients = Recipients::of_stack(stack, settings).transpose()?;
  let plain = SecretStore::path_for(stack);
  let path = path_for(stack);
  let plain_exists = std::fs::symlink_metadata(&plain).is_ok();
  let bytes = match crate::files::regular_file::read(&path, STORE_LIMIT) {
    Ok(bytes) => bytes,
    Err(ReadFailure::NotFound) => {
      let Some(recipients) = recipients else {
        return SecretStore::load_plain(stack);
      };
      if plain_exists {
        return Err(CommandFailure::Refused(format!(
          "error: the stack file names recipients for an encrypted secrets store, but {} is still plain text; run `stackc secrets encrypt {}` to encrypt it; nothing was changed",
          plain.display(),
          stack.display()
        )));
      }
      return Ok(SecretStore {
        path,
        entries: BTreeMap::new(),
        encryption: Some(Encryption::new(recipients)),
      });
    }
    Err(failure) => {
      return Err(CommandFailure::CannotRun(format!(
        "error: cannot read secrets store {}: {failure}; nothing was changed",
        path.display()
      )));
    }
  };
  if plain_exists {
    return Err(CommandFailure::CannotRun(format!(
      "error: both {} and {} exist, and stackc cannot tell which is current; remove the one that is not (the plain one, once `stackc secrets encrypt` has written the other); nothing was changed",
      plain.display(),
      path.display()
    )));
  }
  read(path, &bytes, recipients, values)
}

fn cannot(path: &Path, why: &str) -> CommandFailure {
  CommandFailure::CannotRun(format!(
    "error: secrets store {} cannot be read: {why}; nothing was changed (restore it from git or a backup)",
    path.display()
  ))
}

fn identities() -> Result<Identities, CommandFailure> {
  Identities::find().map_err(|error| CommandFailure::CannotRun(error.0))
}

/// Decrypts one block; `what` names it in a message (never its contents).
fn open(
  path: &Path,
  what: &str,
  block: &[u8],
  identities: &Identities,
  sealed_to: &[String],
) -> Result<String, CommandFailure> {
  let plaintext = age_block::open(block, identities).map_err(|failure| match failure {
    OpenFailure::NotARecipient => CommandFailure::CannotRun(format!(
      "error: the age identity {} cannot decrypt {what} of {}: it is encrypted to {}, and no key there is yours. Ask someone who can read it to run `stackc secrets recipients add` with your public key (`age-keygen -y` prints it); nothing was changed",
      identities.source,
      path.display(),
      if sealed_to.is_empty() {
        "nobody stackc knows of".to_owned()
      } else {
        sealed_to.join(", ")
      }
    )),
    OpenFailure::Damaged(why) => cannot(path, &format!("{what} {why}")),
  })?;
  String::from_utf8(plaintext).map_err(|_| cannot(path, &format!("{what} is not UTF-8")))
}

fn read(
  path: PathBuf,
  bytes: &[u8],
  recipients: Option<Recipients>,
  values: bool,
) -> Result<SecretStore, CommandFailure> {
  if age_block::is_age_file(bytes) {
    return read_whole(path, bytes, recipients);
  }
  let text = std::str::from_utf8(bytes).map_err(|_| cannot(&path, "it is not UTF-8"))?;
  let file = SealedFile::parse(text).map_err(|why| cannot(&path, &why))?;
  let mut sealed_to = file.recipients.clone();
  sealed_to.sort();
  let identities = if values { Some(identities()?) } else { None };
  let mut encryption = Encryption {
    recipients,
    sealed_to,
    blocks: BTreeMap::new(),
  };
  let mut entries = BTreeMap::new();
  for (name, sealed) in file.secrets {
    let mut open_field = |field: &'static str, block: &str| -> Result<String, CommandFailure> {
      let Some(identities) = &identities else {
        return Ok(String::new());
      };
      let what = format!("the {field} of secret `{name}`");
      let plaintext = open(
        &path,
        &what,
        block.as_bytes(),
        identities,
        &encryption.sealed_to,
      )?;
      encryption
        .blocks
        .insert((name.clone(), field), (plaintext.clone(), block.to_owned()));
      Ok(plaintext)
    };
    let value = open_field("value", &sealed.value)?;
    let replaced = match &sealed.replaced {
      Some(block) => Some(open_field("replaced", block)?),
      None => None,
    };
    entries.insert(
      name,
      StoredSecret {
        value,
        generator: sealed.generator,
        length: sealed.length,
        rotated: sealed.rotated,
        replaced,
      },
    );
  }
  Ok(SecretStore {
    path,
    entries,
    encryption: Some(encryption),
  })
}

/// A plain store the `age` CLI encrypted as a whole (`age -e -r KEY -o
/// .stackc/stack.secrets.age .stackc/stack.secrets.toml`): read as one;
/// the next write gives it stackc's layout.
fn read_whole(
  path: PathBuf,
  bytes: &[u8],
  recipients: Option<Recipients>,
) -> Result<SecretStore, CommandFailure> {
  let identities = identities()?;
  let text = open(&path, "the file", bytes, &identities, &[])?;
  let entries: BTreeMap<String, StoredSecret> = toml::from_str(&text).map_err(|error| {
    let at = error.span().map_or(0, |span| span.start);
    let line = text[..at.min(text.len())].matches('\n').count() + 1;
    // Only the line: the message could quote a value.
    cannot(
      &path,
      &format!("decrypted, it is not a secrets store (line {line})"),
    )
  })?;
  Ok(SecretStore {
    path,
    entries,
    encryption: Some(Encryption {
      recipients,
      sealed_to: Vec::new(),
      blocks: BTreeMap::new(),
    }),
  })
}

impl SecretStore {
  /// Reads the store the stack file asks for: encrypted with
  /// `[secrets_store]` (`encrypted_store`), else plain.
  pub fn load(stack: &Path, settings: Option<&StoreSettings>) -> Result<Self, CommandFailure> {
    load(stack, settings, true)
  }
}
