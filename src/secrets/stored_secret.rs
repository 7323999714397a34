use serde::{Deserialize, Serialize};

/// One generated secret as the store keeps it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredSecret {
  pub value: String,
  pub generator: String,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub length: Option<i64>,
  /// Set by `stackc secrets rotate` until a build has written the new value
  /// into `.env`: that build replaces what `.env` holds, deliberately.
  #[serde(default, skip_serializing_if = "std::ops::Not::not")]
  pub rotated: bool,
  /// The value the last rotation replaced: a `.env` still holding it gets
  /// the new one, so that every deployment of the stack follows a rotation.
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub replaced: Option<String>,
}
