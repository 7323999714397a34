use {
  databake::{Bake, BakeSize, CrateEnv, TokenStream, quote},
  serde::{Deserialize, Deserializer},
  std::{borrow::Cow, ops::Deref},
};

/// A list of the catalog: a slice in the binary's static data, baked there
/// by `build.rs`, or a vector of its own when read from a stack file (a
/// command's arguments, a database's extensions).
#[derive(Clone, Debug, PartialEq, Eq)]
// The field is the crate's so that baked code builds one in a static:
// through a `const fn`, the slice would be a temporary dropped too soon.
pub struct List<T: Clone + 'static>(pub(crate) Cow<'static, [T]>);

impl<T: Clone + 'static> List<T> {
  pub const fn borrowed(items: &'static [T]) -> Self {
    Self(Cow::Borrowed(items))
  }
}

impl<T: Clone + 'static> Default for List<T> {
  fn default() -> Self {
    Self::borrowed(&[])
  }
}

impl<T: Clone + 'static> Deref for List<T> {
  type Target = [T];

  fn deref(&self) -> &[T] {
    &self.0
  }
}

impl<'a, T: Clone + 'static> IntoIterator for &'a List<T> {
  type Item = &'a T;
  type IntoIter = std::slice::Iter<'a, T>;

  fn into_iter(self) -> Self::IntoIter {
    self.0.iter()
  }
}

/// Extending a baked list copies it first.
impl<T: Clone + 'static> Extend<T> for List<T> {
  fn extend<I: IntoIterator<Item = T>>(&mut self, items: I) {
    self.0.to_mut().extend(items);
  }
}

impl<T: Clone + 'static> From<Vec<T>> for List<T> {
  fn from(items: Vec<T>) -> Self {
    Self(Cow::Owned(items))
  }
}

impl<T: Clone + 'static> FromIterator<T> for List<T> {
  fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
    Self(Cow::Owned(items.into_iter().collect()))
  }
}

impl<'de, T: Clone + Deserialize<'de> + 'static> Deserialize<'de> for List<T> {
  fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
    Vec::deserialize(deserializer).map(Self::from)
  }
}

impl<T: Clone + Bake + 'static> Bake for List<T> {
  fn bake(&self, env: &CrateEnv) -> TokenStream {
    let items = self.0.iter().map(|item| item.bake(env));
    quote! { crate::catalog::list::List(std::borrow::Cow::Borrowed(&[#(#items),*])) }
  }
}

impl<T: Clone + BakeSize + 'static> BakeSize for List<T> {
  fn borrows_size(&self) -> usize {
    size_of_val(&*self.0) + self.0.iter().map(BakeSize::borrows_size).sum::<usize>()
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn a_list_read_from_a_file_is_owned_and_baked_as_a_slice() {
    let list: List<u16> = serde_json::from_str("[1, 2]").unwrap();
    assert_eq!(*list, [1, 2]);
    assert!(matches!(list.0, Cow::Owned(_)));
    assert_eq!(
      list.bake(&CrateEnv::default()).to_string(),
      "crate :: catalog :: list :: List (std :: borrow :: Cow :: Borrowed (& [1u16 , 2u16]))"
    );
  }
}
