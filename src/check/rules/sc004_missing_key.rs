crate::declare_rule! {
  /// ## What it checks
  /// That required keys are present: `version` and `[stack]` at the top,
  /// `name` and `domain` in `[stack]`, a provider's credentials. The label
  /// points at the table header where the key belongs.
  ///
  /// ## Why
  /// Without them nothing can be named, routed or authenticated.
  ///
  /// ## Example
  /// ```toml
  /// version = 1
  /// [stack]
  /// name = "borgstack"
  /// ```
  ///
  /// ## Fix
  /// Add the key: `domain = "example.com"`.
  pub struct MissingKey {
    code: "SC004",
    name: "missing-key",
    severity: Error,
    summary: "a required key or table is missing",
  }
}
