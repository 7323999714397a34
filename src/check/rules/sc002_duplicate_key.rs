crate::declare_rule! {
  /// ## What it checks
  /// That no key is defined twice in the same table, and no table header
  /// appears twice.
  ///
  /// ## Why
  /// BorgStack's hand-written `.env.example` defines `TZ` twice with
  /// different values; which one wins depends on the reader. TOML forbids it,
  /// and stackc says where.
  ///
  /// ## Example
  /// ```toml
  /// [stack]
  /// timezone = "America/Sao_Paulo"
  /// timezone = "UTC"
  /// ```
  ///
  /// ## Fix
  /// Keep one definition.
  pub struct DuplicateKey {
    code: "SC002",
    name: "duplicate-key",
    severity: Error,
    summary: "a key or table is defined twice",
  }
}
