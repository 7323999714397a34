//! Names and labels as the API server accepts them.

use std::collections::BTreeMap;

/// A DNS-1123 label: `postgresql_data` → `postgresql-data`.
pub fn dns_label(name: &str) -> String {
  let mut label: String = name
    .to_ascii_lowercase()
    .chars()
    .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
    .collect();
  label.truncate(63);
  label.trim_matches('-').to_owned()
}

pub const NAME: &str = "app.kubernetes.io/name";
pub const PART_OF: &str = "app.kubernetes.io/part-of";
pub const MANAGED_BY: &str = "app.kubernetes.io/managed-by";

/// What selects the pods of one container of the stack.
pub fn selector(stack: &str, container: &str) -> BTreeMap<String, String> {
  BTreeMap::from([
    (NAME.to_owned(), dns_label(container)),
    (PART_OF.to_owned(), dns_label(stack)),
  ])
}

/// The labels of every object of the stack, and of its pods.
pub fn labels(stack: &str, container: &str) -> BTreeMap<String, String> {
  let mut labels = selector(stack, container);
  labels.insert(MANAGED_BY.to_owned(), "stackc".to_owned());
  labels
}

/// The Secret holding a stack service's secrets (before kustomize's hash).
pub fn secret(service: &str) -> String {
  format!("{}-secrets", dns_label(service))
}

/// The ConfigMap holding the files a stack service mounts.
pub fn files(service: &str) -> String {
  format!("{}-files", dns_label(service))
}

/// A port name: at most 15 characters, as the API server requires.
pub fn port(port: u16) -> String {
  format!("tcp-{port}")
}
