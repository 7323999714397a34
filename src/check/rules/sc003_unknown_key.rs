crate::declare_rule! {
  /// ## What it checks
  /// That every key is one the format defines at that place. The label points
  /// at the key, and a close known key is suggested.
  ///
  /// ## Why
  /// A misspelt key is otherwise silently ignored: `imgae = "redis:8"` would
  /// leave the catalog's image in place and nobody would notice.
  ///
  /// ## Example
  /// ```toml
  /// [services.redis]
  /// imgae = "redis:8.2-alpine"
  /// ```
  ///
  /// ## Fix
  /// Correct the spelling (`image`), or remove the key. `stackc schema`
  /// prints every key with its description.
  pub struct UnknownKey {
    code: "SC003",
    name: "unknown-key",
    severity: Error,
    summary: "a key the format does not define",
  }
}
