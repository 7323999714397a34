use {
  databake::{Bake, BakeSize, CrateEnv, TokenStream, quote},
  serde::{
    Deserialize, Deserializer,
    de::{self, MapAccess, Visitor},
  },
  std::{borrow::Borrow, borrow::Cow, fmt, marker::PhantomData},
};

/// A table of the catalog (an environment, a component's secrets): its
/// entries in file order, a slice in the binary's static data baked there
/// by `build.rs`. Tables hold a few dozen entries at most, so a lookup
/// walks them rather than hashing.
#[derive(Clone, Debug, PartialEq, Eq)]
// The field is the crate's so that baked code builds one in a static:
// through a `const fn`, the slice would be a temporary dropped too soon.
pub struct Map<K: Clone + 'static, V: Clone + 'static>(pub(crate) Cow<'static, [(K, V)]>);

impl<K: Clone + 'static, V: Clone + 'static> Map<K, V> {
  pub const fn borrowed(entries: &'static [(K, V)]) -> Self {
    Self(Cow::Borrowed(entries))
  }

  pub fn get<Q: Eq + ?Sized>(&self, key: &Q) -> Option<&V>
  where
    K: Borrow<Q>,
  {
    self
      .0
      .iter()
      .find(|(candidate, _)| candidate.borrow() == key)
      .map(|(_, value)| value)
  }

  pub fn contains_key<Q: Eq + ?Sized>(&self, key: &Q) -> bool
  where
    K: Borrow<Q>,
  {
    self.get(key).is_some()
  }

  pub fn iter(&self) -> impl ExactSizeIterator<Item = (&K, &V)> + Clone {
    self.0.iter().map(|(key, value)| (key, value))
  }

  pub fn keys(&self) -> impl ExactSizeIterator<Item = &K> + Clone {
    self.0.iter().map(|(key, _)| key)
  }

  pub fn values(&self) -> impl ExactSizeIterator<Item = &V> + Clone {
    self.0.iter().map(|(_, value)| value)
  }

  pub fn len(&self) -> usize {
    self.0.len()
  }

  pub fn is_empty(&self) -> bool {
    self.0.is_empty()
  }
}

impl<K: Clone + 'static, V: Clone + 'static> Default for Map<K, V> {
  fn default() -> Self {
    Self::borrowed(&[])
  }
}

impl<'a, K: Clone + 'static, V: Clone + 'static> IntoIterator for &'a Map<K, V> {
  type Item = (&'a K, &'a V);
  type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

  fn into_iter(self) -> Self::IntoIter {
    self.0.iter().map(|(key, value)| (key, value))
  }
}

impl<'de, K, V> Deserialize<'de> for Map<K, V>
where
  K: Clone + Eq + fmt::Display + Deserialize<'de> + 'static,
  V: Clone + Deserialize<'de> + 'static,
{
  fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
    deserializer.deserialize_map(EntriesVisitor(PhantomData))
  }
}

struct EntriesVisitor<K, V>(PhantomData<(K, V)>);

impl<'de, K, V> Visitor<'de> for EntriesVisitor<K, V>
where
  K: Clone + Eq + fmt::Display + Deserialize<'de> + 'static,
  V: Clone + Deserialize<'de> + 'static,
{
  type Value = Map<K, V>;

  fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
    formatter.write_str("a table")
  }

  fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Map<K, V>, A::Error> {
    let mut entries: Vec<(K, V)> = Vec::with_capacity(access.size_hint().unwrap_or(0));
    while let Some((key, value)) = access.next_entry::<K, V>()? {
      if entries.iter().any(|(existing, _)| *existing == key) {
        return Err(de::Error::custom(format_args!("duplicate key `{key}`")));
      }
      entries.push((key, value));
    }
    Ok(Map(Cow::Owned(entries)))
  }
}

impl<K: Clone + Bake + 'static, V: Clone + Bake + 'static> Bake for Map<K, V> {
  fn bake(&self, env: &CrateEnv) -> TokenStream {
    let entries = self.0.iter().map(|entry| entry.bake(env));
    quote! { crate::catalog::map::Map(std::borrow::Cow::Borrowed(&[#(#entries),*])) }
  }
}

impl<K, V> BakeSize for Map<K, V>
where
  K: Clone + BakeSize + 'static,
  V: Clone + BakeSize + 'static,
{
  fn borrows_size(&self) -> usize {
    size_of_val(&*self.0)
      + self
        .0
        .iter()
        .map(|(key, value)| key.borrows_size() + value.borrows_size())
        .sum::<usize>()
  }
}

#[cfg(test)]
mod tests {
  use {super::*, crate::catalog::text::Text};

  #[test]
  fn a_table_keeps_file_order_and_refuses_a_key_twice() {
    let map: Map<String, u16> = serde_json::from_str(r#"{"b": 1, "a": 2}"#).unwrap();
    assert_eq!(map.keys().collect::<Vec<_>>(), ["b", "a"]);
    assert_eq!(map.get("a"), Some(&2));
    assert!(!map.contains_key("c"));
    let twice = serde_json::from_str::<Map<String, u16>>(r#"{"a": 1, "a": 2}"#).unwrap_err();
    assert!(twice.to_string().contains("duplicate key `a`"), "{twice}");
  }

  #[test]
  fn a_table_is_baked_as_a_slice_of_pairs() {
    let map: Map<Text, u16> = serde_json::from_str(r#"{"a": 1}"#).unwrap();
    assert_eq!(
      map.bake(&CrateEnv::default()).to_string(),
      r#"crate :: catalog :: map :: Map (std :: borrow :: Cow :: Borrowed (& [(crate :: catalog :: text :: Text :: borrowed ("a") , 1u16)]))"#
    );
  }
}
