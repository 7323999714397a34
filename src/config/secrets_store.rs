//! `[secrets_store]` in the stack file: whom the encrypted secrets store is
//! written for. A table of its own rather than `[secrets.store]`: under
//! `[secrets]` every key is a secret's name, and `store` is a fair one.

use serde::Deserialize;

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct StoreSettings {
  /// age public keys (`age1…`), each one who can read the store.
  pub recipients: Vec<String>,
  /// A recipients file in age's format (one key a line, `#` comments),
  /// relative to the stack file's folder; its keys join `recipients`.
  pub recipients_file: Option<String>,
}
