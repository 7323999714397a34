//! What a store read from (or bound for) `.stackc/<stack>.secrets.age`
//! carries beside its values: whom to encrypt it to, and the blocks as
//! read, so that an unchanged secret keeps its block byte for byte (age
//! encryption is randomised) and a diff shows only what changed.

use {
  crate::secrets::{
    age_block,
    recipients::Recipients,
    sealed_file::{SealedFile, SealedSecret, VERSION},
    stored_secret::StoredSecret,
  },
  std::collections::BTreeMap,
};

pub struct Encryption {
  /// The stack file's recipients; `None` when it names none (the store can
  /// be read, not written).
  pub recipients: Option<Recipients>,
  /// Whom the blocks read were encrypted to.
  pub sealed_to: Vec<String>,
  /// Each block read, by secret and field (`value`, `replaced`), with the
  /// plaintext it holds: a block is reused only where it was, so that two
  /// equal values never show as two equal blocks.
  pub blocks: BTreeMap<(String, &'static str), (String, String)>,
}

impl std::fmt::Debug for Encryption {
  fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    // `blocks` holds values: never shown.
    f.debug_struct("Encryption")
      .field("recipients", &self.recipients)
      .field("sealed_to", &self.sealed_to)
      .field("blocks", &self.blocks.len())
      .finish()
  }
}

impl Encryption {
  /// For a store with no file yet, or one converted from plain text.
  pub fn new(recipients: Recipients) -> Self {
    Self {
      recipients: Some(recipients),
      sealed_to: Vec::new(),
      blocks: BTreeMap::new(),
    }
  }

  /// The recipients to write for; `Err` when the stack file names none.
  pub fn writing_to(&self) -> Result<&Recipients, String> {
    self.recipients.as_ref().ok_or_else(|| {
      "error: the secrets store is encrypted, but the stack file names no recipients to write it for; add `[secrets_store]` with `recipients = [\"age1…\"]` (or `stackc secrets encrypt --recipient KEY`); nothing was changed".to_owned()
    })
  }

  /// The block of `plaintext`: the one read when the recipients are those
  /// it was encrypted to, else a new one.
  fn block(
    &self,
    at: (&str, &'static str),
    plaintext: &str,
    recipients: &Recipients,
  ) -> Result<String, String> {
    if self.sealed_to == recipients.keys
      && let Some((read, block)) = self.blocks.get(&(at.0.to_owned(), at.1))
      && read == plaintext
    {
      return Ok(block.clone());
    }
    age_block::seal(plaintext.as_bytes(), recipients)
  }

  /// The encrypted file of `entries`.
  pub fn encode(&self, entries: &BTreeMap<String, StoredSecret>) -> Result<String, String> {
    let recipients = self.writing_to()?;
    let mut secrets = BTreeMap::new();
    for (name, entry) in entries {
      let replaced = match &entry.replaced {
        Some(replaced) => Some(self.block((name, "replaced"), replaced, recipients)?),
        None => None,
      };
      secrets.insert(
        name.clone(),
        SealedSecret {
          generator: entry.generator.clone(),
          length: entry.length,
          rotated: entry.rotated,
          value: self.block((name, "value"), &entry.value, recipients)?,
          replaced,
        },
      );
    }
    Ok(
      SealedFile {
        version: VERSION,
        recipients: recipients.keys.clone(),
        secrets,
      }
      .render(),
    )
  }
}
