//! Map keys, which YAML writes as text.

use {
  super::error::Error,
  serde::ser::{self, Serialize},
};

/// A map key as text: strings as they are, numbers and booleans written
/// out (as JSON object keys are); anything else has no key form.
pub(crate) struct KeyText;

/// Keys that are written out as their `Display` text, as JSON keys are.
macro_rules! written_out {
  ($($method:ident: $type:ty),* $(,)?) => {
    $(
      fn $method(self, value: $type) -> Result<String, Error> {
        Ok(value.to_string())
      }
    )*
  };
}

impl ser::Serializer for KeyText {
  type Ok = String;
  type Error = Error;
  type SerializeSeq = ser::Impossible<String, Error>;
  type SerializeTuple = ser::Impossible<String, Error>;
  type SerializeTupleStruct = ser::Impossible<String, Error>;
  type SerializeTupleVariant = ser::Impossible<String, Error>;
  type SerializeMap = ser::Impossible<String, Error>;
  type SerializeStruct = ser::Impossible<String, Error>;
  type SerializeStructVariant = ser::Impossible<String, Error>;

  fn serialize_str(self, value: &str) -> Result<String, Error> {
    Ok(value.to_owned())
  }

  written_out!(
    serialize_char: char,
    serialize_bool: bool,
    serialize_i8: i8,
    serialize_i16: i16,
    serialize_i32: i32,
    serialize_i64: i64,
    serialize_u8: u8,
    serialize_u16: u16,
    serialize_u32: u32,
    serialize_u64: u64,
  );

  fn serialize_f32(self, _value: f32) -> Result<String, Error> {
    Err(no_key("a float"))
  }

  fn serialize_f64(self, _value: f64) -> Result<String, Error> {
    Err(no_key("a float"))
  }

  fn serialize_bytes(self, _value: &[u8]) -> Result<String, Error> {
    Err(no_key("bytes"))
  }

  fn serialize_none(self) -> Result<String, Error> {
    Err(no_key("null"))
  }

  fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, Error> {
    value.serialize(self)
  }

  fn serialize_unit(self) -> Result<String, Error> {
    Err(no_key("null"))
  }

  fn serialize_unit_struct(self, _name: &'static str) -> Result<String, Error> {
    Err(no_key("null"))
  }

  fn serialize_unit_variant(
    self,
    _name: &'static str,
    _index: u32,
    variant: &'static str,
  ) -> Result<String, Error> {
    Ok(variant.to_owned())
  }

  fn serialize_newtype_struct<T: Serialize + ?Sized>(
    self,
    _name: &'static str,
    value: &T,
  ) -> Result<String, Error> {
    value.serialize(self)
  }

  fn serialize_newtype_variant<T: Serialize + ?Sized>(
    self,
    _name: &'static str,
    _index: u32,
    _variant: &'static str,
    _value: &T,
  ) -> Result<String, Error> {
    Err(no_key("an enum variant with data"))
  }

  fn serialize_seq(self, _length: Option<usize>) -> Result<Self::SerializeSeq, Error> {
    Err(no_key("a sequence"))
  }

  fn serialize_tuple(self, _length: usize) -> Result<Self::SerializeTuple, Error> {
    Err(no_key("a sequence"))
  }

  fn serialize_tuple_struct(
    self,
    _name: &'static str,
    _length: usize,
  ) -> Result<Self::SerializeTupleStruct, Error> {
    Err(no_key("a sequence"))
  }

  fn serialize_tuple_variant(
    self,
    _name: &'static str,
    _index: u32,
    _variant: &'static str,
    _length: usize,
  ) -> Result<Self::SerializeTupleVariant, Error> {
    Err(no_key("a sequence"))
  }

  fn serialize_map(self, _length: Option<usize>) -> Result<Self::SerializeMap, Error> {
    Err(no_key("a mapping"))
  }

  fn serialize_struct(
    self,
    _name: &'static str,
    _length: usize,
  ) -> Result<Self::SerializeStruct, Error> {
    Err(no_key("a mapping"))
  }

  fn serialize_struct_variant(
    self,
    _name: &'static str,
    _index: u32,
    _variant: &'static str,
    _length: usize,
  ) -> Result<Self::SerializeStructVariant, Error> {
    Err(no_key("a mapping"))
  }
}

fn no_key(what: &str) -> Error {
  Error(format!("{what} cannot be a mapping key"))
}
