use std::collections::HashSet;

/// The values a stack file holds but the model could not be read from (each
/// reported where it is, by the schema or by `config_reader`), as JSON
/// pointers. A rule that reports something missing asks `covers` first: a
/// value written with the wrong type is not a missing value.
#[derive(Debug, Default)]
pub struct Unreadable {
  pointers: HashSet<String>,
}

impl Unreadable {
  pub fn insert(&mut self, pointer: String) {
    self.pointers.insert(pointer);
  }

  /// Whether `pointer`, or a table or array holding it, was unreadable.
  pub fn covers(&self, pointer: &str) -> bool {
    if self.pointers.is_empty() {
      return false;
    }
    pointer
      .match_indices('/')
      .map(|(index, _)| &pointer[..index])
      .chain(std::iter::once(pointer))
      .any(|prefix| self.pointers.contains(prefix))
  }
}
