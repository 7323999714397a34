use {
  serde::{Deserialize, Deserializer, Serialize, Serializer, de},
  std::{
    borrow::{Borrow, Cow},
    fmt,
    ops::Deref,
  },
};

/// A string of the catalog, borrowed from the JSON embedded in the binary:
/// loading the catalog then copies none of its thousand strings (copying
/// them was a third of a `check` of a real stack). A deployment that
/// overrides one (an image, a custom service) holds its own. Serde borrows a
/// `Cow` only as a field of its own, not inside a `Vec`, an `Option` or a
/// map, hence this type.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Text<'a>(Cow<'a, str>);

impl Text<'_> {
  pub fn as_str(&self) -> &str {
    &self.0
  }
}

impl Deref for Text<'_> {
  type Target = str;

  fn deref(&self) -> &str {
    &self.0
  }
}

impl Borrow<str> for Text<'_> {
  fn borrow(&self) -> &str {
    &self.0
  }
}

impl AsRef<str> for Text<'_> {
  fn as_ref(&self) -> &str {
    &self.0
  }
}

impl fmt::Display for Text<'_> {
  fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
    formatter.write_str(&self.0)
  }
}

impl From<String> for Text<'_> {
  fn from(text: String) -> Self {
    Self(Cow::Owned(text))
  }
}

impl<'a> From<&'a str> for Text<'a> {
  fn from(text: &'a str) -> Self {
    Self(Cow::Borrowed(text))
  }
}

impl From<Text<'_>> for String {
  fn from(text: Text<'_>) -> Self {
    text.0.into_owned()
  }
}

impl PartialEq<str> for Text<'_> {
  fn eq(&self, other: &str) -> bool {
    *self.0 == *other
  }
}

impl PartialEq<&str> for Text<'_> {
  fn eq(&self, other: &&str) -> bool {
    *self.0 == **other
  }
}

impl PartialEq<String> for Text<'_> {
  fn eq(&self, other: &String) -> bool {
    *self.0 == **other
  }
}

impl PartialEq<Text<'_>> for str {
  fn eq(&self, other: &Text<'_>) -> bool {
    *self == *other.0
  }
}

impl PartialEq<Text<'_>> for String {
  fn eq(&self, other: &Text<'_>) -> bool {
    **self == *other.0
  }
}

impl Serialize for Text<'_> {
  fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&self.0)
  }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
  fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
    deserializer.deserialize_str(Visitor(std::marker::PhantomData))
  }
}

struct Visitor<'a>(std::marker::PhantomData<&'a ()>);

impl<'de: 'a, 'a> de::Visitor<'de> for Visitor<'a> {
  type Value = Text<'a>;

  fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
    formatter.write_str("a string")
  }

  fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Text<'a>, E> {
    Ok(Text(Cow::Borrowed(text)))
  }

  fn visit_str<E: de::Error>(self, text: &str) -> Result<Text<'a>, E> {
    Ok(Text(Cow::Owned(text.to_owned())))
  }

  fn visit_string<E: de::Error>(self, text: String) -> Result<Text<'a>, E> {
    Ok(Text(Cow::Owned(text)))
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn plain_strings_are_borrowed_and_escaped_ones_decoded() {
    let json = r#"["plain", "with \"quotes\""]"#;
    let texts: Vec<Text<'_>> = serde_json::from_str(json).unwrap();
    assert_eq!(texts, ["plain", "with \"quotes\""]);
    assert!(json.as_bytes().as_ptr_range().contains(&texts[0].as_ptr()));
    assert!(matches!(texts[1].0, Cow::Owned(_)));
  }
}
