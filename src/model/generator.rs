//! Secret values from the operating system's CSPRNG. Every alphabet is safe
//! unescaped in URLs (userinfo), SQL passed as psql variables, YAML, shell
//! words and `.env` files, except `base64`'s `+` and `/`, which are quoted
//! wherever they go.

/// `password`: letters, digits, `-` and `_`; URL-safe, 6 bits a character.
const PASSWORD: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX: &[u8] = b"0123456789abcdef";
const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The generators, their default length, and the shortest allowed.
pub const GENERATORS: &[(&str, Option<u32>, u32)] = &[
  ("password", Some(32), 16),
  ("hex", Some(64), 32),
  ("base64", Some(44), 24),
  ("alnum", Some(32), 16),
  ("uuid", None, 36),
];

pub fn default_length(generator: &str) -> Option<u32> {
  GENERATORS
    .iter()
    .find(|(name, _, _)| *name == generator)
    .and_then(|(_, length, _)| *length)
}

/// A new value; `Err` when the generator is unknown or the OS has no entropy.
pub fn generate(generator: &str, length: Option<i64>) -> Result<String, String> {
  let length = || -> Result<usize, String> {
    let length = length
      .map(|length| u32::try_from(length).map_err(|_| format!("invalid length {length}")))
      .transpose()?
      .or(default_length(generator))
      .unwrap_or(32);
    Ok(length as usize)
  };
  match generator {
    "password" => sample(PASSWORD, length()?),
    "alnum" => sample(ALNUM, length()?),
    "hex" => sample(HEX, length()?),
    "base64" => sample(BASE64, length()?),
    "uuid" => {
      let mut bytes = [0u8; 16];
      getrandom::fill(&mut bytes).map_err(|error| format!("no randomness: {error}"))?;
      Ok(
        uuid::Builder::from_random_bytes(bytes)
          .into_uuid()
          .to_string(),
      )
    }
    other => Err(format!("unknown generator `{other}`")),
  }
}

/// `length` characters drawn uniformly from `alphabet`, by rejection so
/// that no character is likelier than another.
fn sample(alphabet: &[u8], length: usize) -> Result<String, String> {
  let limit = 256 - 256 % alphabet.len();
  let mut value = String::with_capacity(length);
  let mut buffer = [0u8; 64];
  while value.len() < length {
    getrandom::fill(&mut buffer).map_err(|error| format!("no randomness: {error}"))?;
    for &byte in &buffer {
      if (byte as usize) < limit && value.len() < length {
        value.push(alphabet[byte as usize % alphabet.len()] as char);
      }
    }
  }
  Ok(value)
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn values_have_the_length_and_alphabet_asked_for() {
    for (generator, alphabet) in [
      ("password", PASSWORD),
      ("alnum", ALNUM),
      ("hex", HEX),
      ("base64", BASE64),
    ] {
      let value = generate(generator, Some(100)).unwrap();
      assert_eq!(value.len(), 100);
      assert!(
        value.bytes().all(|b| alphabet.contains(&b)),
        "{generator}: {value}"
      );
      assert_ne!(
        value,
        generate(generator, Some(100)).unwrap(),
        "values repeat"
      );
    }
    assert_eq!(generate("password", None).unwrap().len(), 32);
    let uuid = generate("uuid", None).unwrap();
    assert_eq!(uuid.len(), 36);
    assert_eq!(&uuid[14..15], "4", "a version 4 uuid");
    assert!(generate("random", None).is_err());
  }

  #[test]
  fn every_character_of_the_alphabet_appears() {
    let value = generate("hex", Some(4000)).unwrap();
    for &character in HEX {
      assert!(value.as_bytes().contains(&character));
    }
  }
}
