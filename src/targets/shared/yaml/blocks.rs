//! Block mappings and sequences, opened at their first entry.

use {
  super::{
    error::Error,
    key_text::KeyText,
    scalar::push_key,
    writer::{Slot, Writer},
  },
  serde::ser::{self, Serialize},
};

/// Indentation, pushed as slices of spaces rather than one char at a time.
fn pad(output: &mut String, columns: usize) {
  const SPACES: &str = "                                ";
  let mut left = columns;
  while left > 0 {
    let step = left.min(SPACES.len());
    output.push_str(&SPACES[..step]);
    left -= step;
  }
}

/// A block mapping, opened at its first entry: an empty one is `{}`.
pub(crate) struct Mapping<'o> {
  pub(crate) output: &'o mut String,
  pub(crate) slot: Slot,
  pub(crate) entries: usize,
}

impl Mapping<'_> {
  pub(crate) fn key(&mut self, key: &str) {
    match (self.slot, self.entries) {
      (Slot::Top, _) => {}
      (Slot::After { .. }, 0) => self.output.push('\n'),
      (Slot::Item { .. }, 0) => self.output.push(' '),
      _ => {}
    }
    if !matches!((self.slot, self.entries), (Slot::Item { .. }, 0)) {
      pad(self.output, self.slot.entry_indent());
    }
    push_key(self.output, key);
    self.output.push(':');
    self.entries += 1;
  }

  fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
    value.serialize(Writer {
      output: self.output,
      slot: Slot::After {
        indent: self.slot.entry_indent(),
      },
    })
  }

  pub(crate) fn finish(self) -> Result<(), Error> {
    if self.entries == 0 {
      Writer {
        output: self.output,
        slot: self.slot,
      }
      .scalar("{}")?;
    }
    Ok(())
  }
}

impl ser::SerializeMap for Mapping<'_> {
  type Ok = ();
  type Error = Error;

  fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
    let key = key.serialize(KeyText)?;
    self.key(&key);
    Ok(())
  }

  fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
    self.value(value)
  }

  fn end(self) -> Result<(), Error> {
    self.finish()
  }
}

/// A struct's fields, and a struct variant's below its name, are entries.
macro_rules! fields_impl {
  ($trait:ident) => {
    impl ser::$trait for Mapping<'_> {
      type Ok = ();
      type Error = Error;

      fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
      ) -> Result<(), Error> {
        self.key(key);
        self.value(value)
      }

      fn end(self) -> Result<(), Error> {
        self.finish()
      }
    }
  };
}

fields_impl!(SerializeStruct);
fields_impl!(SerializeStructVariant);

/// A block sequence, opened at its first item: an empty one is `[]`.
pub(crate) struct Sequence<'o> {
  pub(crate) output: &'o mut String,
  pub(crate) slot: Slot,
  pub(crate) items: usize,
}

impl Sequence<'_> {
  pub(crate) fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
    if self.items == 0 && !matches!(self.slot, Slot::Top) {
      self.output.push('\n');
    }
    let dash = self.slot.entry_indent();
    pad(self.output, dash);
    self.output.push('-');
    self.items += 1;
    value.serialize(Writer {
      output: self.output,
      slot: Slot::Item { dash },
    })
  }

  pub(crate) fn finish(self) -> Result<(), Error> {
    if self.items == 0 {
      Writer {
        output: self.output,
        slot: self.slot,
      }
      .scalar("[]")?;
    }
    Ok(())
  }
}

macro_rules! sequence_impl {
  ($trait:ident, $method:ident) => {
    impl ser::$trait for Sequence<'_> {
      type Ok = ();
      type Error = Error;

      fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
      }

      fn end(self) -> Result<(), Error> {
        self.finish()
      }
    }
  };
}

sequence_impl!(SerializeSeq, serialize_element);
sequence_impl!(SerializeTuple, serialize_element);
sequence_impl!(SerializeTupleStruct, serialize_field);

/// A tuple variant: `{variant: [items]}`, the sequence written on close.
pub(crate) struct TupleVariant<'o> {
  pub(crate) output: &'o mut String,
  pub(crate) slot: Slot,
  pub(crate) variant: &'static str,
  pub(crate) items: Vec<serde_json::Value>,
}

impl ser::SerializeTupleVariant for TupleVariant<'_> {
  type Ok = ();
  type Error = Error;

  fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
    let value = serde_json::to_value(value).map_err(|error| Error(error.to_string()))?;
    self.items.push(value);
    Ok(())
  }

  fn end(self) -> Result<(), Error> {
    Writer {
      output: self.output,
      slot: self.slot,
    }
    .variant(self.variant, &self.items)
  }
}

/// The blocks a value opens where the writer is.
impl<'o> Writer<'o> {
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
