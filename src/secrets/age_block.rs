//! One value in and out of age: encrypted to the store's recipients as an
//! armored age file, and decrypted (armored or binary) with the operator's
//! identities, in memory only: no plaintext is ever written to a file.

use {
  crate::secrets::{identity::Identities, recipients::Recipients},
  age::armor::{ArmoredReader, ArmoredWriter, Format},
  std::io::{Read, Write},
};

/// A value encrypted to every recipient, as ASCII armor.
pub fn seal(plaintext: &[u8], recipients: &Recipients) -> Result<String, String> {
  let keys = recipients.age();
  let failed =
    |error: &dyn std::fmt::Display| format!("error: cannot encrypt the secrets store: {error}");
  let encryptor =
    age::Encryptor::with_recipients(keys.iter().map(|key| key as &dyn age::Recipient))
      .map_err(|error| failed(&error))?;
  let mut armored = Vec::new();
  let armor =
    ArmoredWriter::wrap_output(&mut armored, Format::AsciiArmor).map_err(|error| failed(&error))?;
  let mut writer = encryptor
    .wrap_output(armor)
    .map_err(|error| failed(&error))?;
  writer
    .write_all(plaintext)
    .map_err(|error| failed(&error))?;
  writer
    .finish()
    .and_then(ArmoredWriter::finish)
    .map_err(|error| failed(&error))?;
  String::from_utf8(armored).map_err(|_| failed(&"the armor is not text"))
}

/// Why a block does not open: said without any of its contents.
#[derive(Debug, PartialEq, Eq)]
pub enum OpenFailure {
  /// None of the identities is a recipient.
  NotARecipient,
  /// Not an age file, cut short, or changed since it was written (its MAC
  /// or a chunk's tag fails).
  Damaged(String),
}

/// Decrypts an age file, armored or binary.
pub fn open(ciphertext: &[u8], identities: &Identities) -> Result<Vec<u8>, OpenFailure> {
  let decryptor = age::Decryptor::new(ArmoredReader::new(ciphertext)).map_err(damaged)?;
  if decryptor.is_scrypt() {
    return Err(OpenFailure::Damaged(
      "it is encrypted with a passphrase, not to recipients".into(),
    ));
  }
  let mut reader = decryptor
    .decrypt(identities.as_age())
    .map_err(|error| match error {
      age::DecryptError::NoMatchingKeys => OpenFailure::NotARecipient,
      other => damaged(other),
    })?;
  let mut plaintext = Vec::new();
  reader.read_to_end(&mut plaintext).map_err(|error| {
    OpenFailure::Damaged(format!("its contents fail to authenticate ({error})"))
  })?;
  Ok(plaintext)
}

fn damaged(error: age::DecryptError) -> OpenFailure {
  OpenFailure::Damaged(match error {
    age::DecryptError::InvalidMac => "its header's MAC fails: it was changed".into(),
    age::DecryptError::InvalidHeader => "its header is not an age header".into(),
    age::DecryptError::UnknownFormat => "it is not an age file this stackc reads".into(),
    age::DecryptError::DecryptionFailed => {
      "it fails to decrypt: it was changed or cut short".into()
    }
    age::DecryptError::KeyDecryptionFailed => "its file key fails to decrypt".into(),
    age::DecryptError::Io(error) => format!("it cannot be read ({error})"),
    _ => "it fails to decrypt".into(),
  })
}

/// Whether `bytes` is a whole age file (binary or armored), not stackc's
/// TOML: a plain store that the `age` CLI encrypted.
pub fn is_age_file(bytes: &[u8]) -> bool {
  let start = bytes.trim_ascii_start();
  start.starts_with(b"age-encryption.org/")
    || start.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
}
