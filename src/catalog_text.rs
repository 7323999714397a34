use {
  databake::{Bake, BakeSize, CrateEnv, TokenStream, quote},
  serde::{Deserialize, Deserializer, Serialize, Serializer},
  std::{
    borrow::{Borrow, Cow},
    fmt,
    ops::Deref,
  },
};

/// A string of the catalog: a literal in the binary, baked there by
/// `build.rs`, so that loading the catalog copies none of its thousand
/// strings. The same type read from a stack file (a health check, a
/// database) or overridden by one (an image) holds its own.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Text<'a>(Cow<'a, str>);

impl Text<'_> {
  pub const fn borrowed(text: &'static str) -> Text<'static> {
    Text(Cow::Borrowed(text))
  }

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

/// Read from a stack file or, at build time, a catalog file: owned.
impl<'de> Deserialize<'de> for Text<'_> {
  fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
    String::deserialize(deserializer).map(Text::from)
  }
}

/// Written into the baked catalog as a string literal in the binary.
impl Bake for Text<'_> {
  fn bake(&self, _: &CrateEnv) -> TokenStream {
    let text = self.as_str();
    quote! { crate::catalog_text::Text::borrowed(#text) }
  }
}

impl BakeSize for Text<'_> {
  fn borrows_size(&self) -> usize {
    self.len()
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn text_read_from_a_file_is_owned_and_baked_as_a_literal() {
    let text: Text<'_> = serde_json::from_str(r#""with \"quotes\"""#).unwrap();
    assert_eq!(text, "with \"quotes\"");
    assert!(matches!(text.0, Cow::Owned(_)));
    assert_eq!(
      text.bake(&CrateEnv::default()).to_string(),
      r#"crate :: catalog_text :: Text :: borrowed ("with \"quotes\"")"#
    );
  }
}
