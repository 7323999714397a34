//! Where each value goes, and how a scalar is written there.

use {
  super::{error::Error, scalar::push_quoted},
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

  pub(super) fn string(self, text: &str) -> Result<(), Error> {
    if !matches!(self.slot, Slot::Top) {
      self.output.push(' ');
    }
    push_quoted(self.output, text);
    self.output.push('\n');
    Ok(())
  }
}
