//! The serializer proper: where each value goes and how it is written.

use {
  super::{
    blocks::{Mapping, Sequence, TupleVariant},
    error::Error,
    scalar::push_quoted,
  },
  serde::ser::{self, Serialize},
  std::fmt::Display,
};

/// Where a value goes, which decides how a mapping or a sequence opens.
#[derive(Clone, Copy)]
pub(crate) enum Slot {
  /// The whole document.
  Top,
  /// After `key:` on a line indented by `indent` (or after a `-` whose
  /// item is not a mapping).
  After { indent: usize },
  /// After a `-` at column `dash`: a mapping's first key goes on its line.
  Item { dash: usize },
}

impl Slot {
  /// The column of a block's entries below this slot.
  pub(crate) fn entry_indent(self) -> usize {
    match self {
      Slot::Top => 0,
      Slot::After { indent } => indent + 2,
      Slot::Item { dash } => dash + 2,
    }
  }
}

pub(crate) struct Writer<'o> {
  pub(crate) output: &'o mut String,
  pub(crate) slot: Slot,
}

impl<'o> Writer<'o> {
  pub(crate) fn scalar(self, text: impl Display) -> Result<(), Error> {
    use std::fmt::Write;
    let separator = if matches!(self.slot, Slot::Top) {
      ""
    } else {
      " "
    };
    let _ = writeln!(self.output, "{separator}{text}");
    Ok(())
  }

  fn string(self, text: &str) -> Result<(), Error> {
    if !matches!(self.slot, Slot::Top) {
      self.output.push(' ');
    }
    push_quoted(self.output, text);
    self.output.push('\n');
    Ok(())
  }

  pub(crate) fn mapping(self) -> Mapping<'o> {
    Mapping {
      output: self.output,
      slot: self.slot,
      entries: 0,
    }
  }

  pub(crate) fn sequence(self) -> Sequence<'o> {
    // A sequence in a sequence's item opens on the next line, as after a key.
    let slot = match self.slot {
      Slot::Item { dash } => Slot::After { indent: dash },
      other => other,
    };
    Sequence {
      output: self.output,
      slot,
      items: 0,
    }
  }

  /// An enum variant with data: a mapping of its name to the data.
  pub(crate) fn variant<T: Serialize + ?Sized>(
    self,
    variant: &str,
    value: &T,
  ) -> Result<(), Error> {
    let mut mapping = self.mapping();
    ser::SerializeMap::serialize_entry(&mut mapping, variant, value)?;
    ser::SerializeMap::end(mapping)
  }
}

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
