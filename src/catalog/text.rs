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
pub struct Text(Cow<'static, str>);

impl Text {
  pub const fn borrowed(text: &'static str) -> Text {
    Text(Cow::Borrowed(text))
  }

  pub fn as_str(&self) -> &str {
    &self.0
  }
}

impl Deref for Text {
  type Target = str;

  fn deref(&self) -> &str {
    &self.0
  }
}

impl Borrow<str> for Text {
  fn borrow(&self) -> &str {
    &self.0
  }
}

impl AsRef<str> for Text {
  fn as_ref(&self) -> &str {
    &self.0
  }
}

impl fmt::Display for Text {
  fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
    formatter.write_str(&self.0)
  }
}

impl From<String> for Text {
  fn from(text: String) -> Self {
    Self(Cow::Owned(text))
  }
}

impl From<&'static str> for Text {
  fn from(text: &'static str) -> Self {
    Self(Cow::Borrowed(text))
  }
}

impl From<Text> for String {
  fn from(text: Text) -> Self {
    text.0.into_owned()
  }
}

impl PartialEq<str> for Text {
  fn eq(&self, other: &str) -> bool {
    *self.0 == *other
  }
}

impl PartialEq<&str> for Text {
  fn eq(&self, other: &&str) -> bool {
    *self.0 == **other
  }
}

impl PartialEq<String> for Text {
  fn eq(&self, other: &String) -> bool {
    *self.0 == **other
  }
}

impl PartialEq<Text> for str {
  fn eq(&self, other: &Text) -> bool {
    *self == *other.0
  }
}

impl PartialEq<Text> for String {
  fn eq(&self, other: &Text) -> bool {
    **self == *other.0
  }
}

impl Serialize for Text {
  fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&self.0)
  }
}

/// Read from a stack file or, at build time, a catalog file: owned.
impl<'de> Deserialize<'de> for Text {
  fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
    String::deserialize(deserializer).map(Text::from)
  }
}

/// Written into the baked catalog as a string literal in the binary.
impl Bake for Text {
  fn bake(&self, _: &CrateEnv) -> TokenStream {
    let text = self.as_str();
    quote! { crate::catalog::text::Text::borrowed(#text) }
  }
}

impl BakeSize for Text {
  fn borrows_size(&self) -> usize {
    self.len()
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn text_read_from_a_file_is_owned_and_baked_as_a_literal() {
    let text: Text = serde_json::from_str(r#""with \"quotes\"""#).unwrap();
    assert_eq!(text, "with \"quotes\"");
    assert!(matches!(text.0, Cow::Owned(_)));
    assert_eq!(
      text.bake(&CrateEnv::default()).to_string(),
      r#"crate :: catalog :: text :: Text :: borrowed ("with \"quotes\"")"#
    );
  }
}
