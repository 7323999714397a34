//! A variable the compose file interpolates from `.env`.

use indexmap::IndexSet;

#[derive(Clone, Debug)]
pub struct Variable {
  pub secret: String,
  pub description: String,
  pub used_by: IndexSet<String>,
}
