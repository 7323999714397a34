//! A database a custom service declares in `databases = [...]`, with where
//! the stack file holds it: the one walk over those entries that the rules
//! on databases (SC120 to SC123) share, so that each reports an entry at
//! the same place.

use crate::{
  catalog::CatalogDatabase,
  check::context::Context,
  document::span::Span,
  model::Model,
  model::databases::{self, StackDatabase},
};

#[derive(Clone, Copy, Debug)]
pub struct DeclaredDatabase<'m> {
  pub service: &'m str,
  /// Its place in the service's `databases` array.
  pub index: usize,
  pub database: &'m CatalogDatabase,
}

impl<'m> DeclaredDatabase<'m> {
  /// The entry of the stack file `entry` is, if it is one.
  pub fn of(entry: &StackDatabase<'m>) -> Option<Self> {
    Some(Self {
      service: entry.service,
      index: entry.index?,
      database: entry.database,
    })
  }

  /// The span of the entry's `field` (`engine`, `name`, `user`,
  /// `password`), or of the entry when it lacks that field.
  pub fn span(&self, cx: &Context<'_>, field: &str) -> Span {
    let index = self.index.to_string();
    cx.value(["services", self.service, "databases", &index, field])
  }
}

/// Every entry of every custom service's `databases`, in service order. A
/// catalog service's `databases` is not used (SC120), and not yielded.
pub fn declared<'m>(model: &'m Model<'_>) -> impl Iterator<Item = DeclaredDatabase<'m>> {
  databases::all(model)
    .into_iter()
    .filter_map(|entry| DeclaredDatabase::of(&entry))
}
