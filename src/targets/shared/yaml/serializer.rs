//! The serializer proper: each kind of value to its place in the YAML.

use {
  super::{
    blocks::{Mapping, Sequence, TupleVariant},
    error::Error,
    writer::{Slot, Writer},
  },
  serde::ser::{self, Serialize},
};

impl<'o> ser::Serializer for Writer<'o> {
  type Ok = ();
  type Error = Error;
  type SerializeSeq = Sequence<'o>;
  type SerializeTuple = Sequence<'o>;
  type SerializeTupleStruct = Sequence<'o>;
  type SerializeTupleVariant = TupleVariant<'o>;
  type SerializeMap = Mapping<'o>;
  type SerializeStruct = Mapping<'o>;
  type SerializeStructVariant = Mapping<'o>;

  fn serialize_bool(self, value: bool) -> Result<(), Error> {
    self.scalar(value)
  }

  fn serialize_i8(self, value: i8) -> Result<(), Error> {
    self.scalar(value)
  }

  fn serialize_i16(self, value: i16) -> Result<(), Error> {
    self.scalar(value)
  }

  fn serialize_i32(self, value: i32) -> Result<(), Error> {
    self.scalar(value)
  }

  fn serialize_i64(self, value: i64) -> Result<(), Error> {
    self.scalar(value)
  }

  fn serialize_i128(self, value: i128) -> Result<(), Error> {
    self.scalar(value)
  }

  fn serialize_u8(self, value: u8) -> Result<(), Error> {
    self.scalar(value)
  }

  fn serialize_u16(self, value: u16) -> Result<(), Error> {
    self.scalar(value)
  }

  fn serialize_u32(self, value: u32) -> Result<(), Error> {
    self.scalar(value)
  }

  fn serialize_u64(self, value: u64) -> Result<(), Error> {
    self.scalar(value)
  }

  fn serialize_u128(self, value: u128) -> Result<(), Error> {
    self.scalar(value)
  }

  fn serialize_f32(self, value: f32) -> Result<(), Error> {
    self.serialize_f64(f64::from(value))
  }

  /// As JSON writes it (`1.0`, `1e+308`); a NaN or an infinity is `null`.
  fn serialize_f64(self, value: f64) -> Result<(), Error> {
    match serde_json::Number::from_f64(value) {
      Some(number) => self.scalar(number),
      None => self.scalar("null"),
    }
  }

  fn serialize_char(self, value: char) -> Result<(), Error> {
    self.string(value.encode_utf8(&mut [0; 4]))
  }

  fn serialize_str(self, value: &str) -> Result<(), Error> {
    self.string(value)
  }

  fn serialize_bytes(self, value: &[u8]) -> Result<(), Error> {
    let mut sequence = self.sequence();
    for byte in value {
      sequence.item(byte)?;
    }
    sequence.finish()
  }

  fn serialize_none(self) -> Result<(), Error> {
    self.scalar("null")
  }

  fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
    value.serialize(self)
  }

  fn serialize_unit(self) -> Result<(), Error> {
    self.scalar("null")
  }

  fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
    self.scalar("null")
  }

  fn serialize_unit_variant(
    self,
    _name: &'static str,
    _index: u32,
    variant: &'static str,
  ) -> Result<(), Error> {
    self.string(variant)
  }

  fn serialize_newtype_struct<T: Serialize + ?Sized>(
    self,
    _name: &'static str,
    value: &T,
  ) -> Result<(), Error> {
    value.serialize(self)
  }

  fn serialize_newtype_variant<T: Serialize + ?Sized>(
    self,
    _name: &'static str,
    _index: u32,
    variant: &'static str,
    value: &T,
  ) -> Result<(), Error> {
    self.variant(variant, value)
  }

  fn serialize_seq(self, _length: Option<usize>) -> Result<Sequence<'o>, Error> {
    Ok(self.sequence())
  }

  fn serialize_tuple(self, _length: usize) -> Result<Sequence<'o>, Error> {
    Ok(self.sequence())
  }

  fn serialize_tuple_struct(
    self,
    _name: &'static str,
    _length: usize,
  ) -> Result<Sequence<'o>, Error> {
    Ok(self.sequence())
  }

  fn serialize_tuple_variant(
    self,
    _name: &'static str,
    _index: u32,
    variant: &'static str,
    _length: usize,
  ) -> Result<TupleVariant<'o>, Error> {
    Ok(TupleVariant {
      output: self.output,
      slot: self.slot,
      variant,
      items: Vec::new(),
    })
  }

  fn serialize_map(self, _length: Option<usize>) -> Result<Mapping<'o>, Error> {
    Ok(self.mapping())
  }

  fn serialize_struct(self, _name: &'static str, _length: usize) -> Result<Mapping<'o>, Error> {
    Ok(self.mapping())
  }

  fn serialize_struct_variant(
    self,
    _name: &'static str,
    _index: u32,
    variant: &'static str,
    _length: usize,
  ) -> Result<Mapping<'o>, Error> {
    // `{variant: {fields}}`: the outer mapping's one key, then the fields
    // as a mapping below it.
    let mut outer = self.mapping();
    outer.key(variant);
    let indent = outer.slot.entry_indent();
    Ok(Mapping {
      output: outer.output,
      slot: Slot::After { indent },
      entries: 0,
    })
  }
}
