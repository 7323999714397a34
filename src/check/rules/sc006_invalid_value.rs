crate::declare_rule! {
  /// ## What it checks
  /// That values the format restricts are within bounds: `tls` is one of
  /// `acme`, `internal`, `off`; ports are 1 to 65535; durations read like
  /// `30s`; memory limits like `512m`.
  ///
  /// ## Why
  /// Such a value would fail only at deploy time, far from the line that
  /// caused it.
  ///
  /// ## Example
  /// ```toml
  /// [profiles.development]
  /// tls = "none"
  /// ```
  ///
  /// ## Fix
  /// Use one of the values the message lists.
  pub struct InvalidValue {
    code: "SC006",
    name: "invalid-value",
    severity: Error,
    summary: "a value outside what the format allows",
  }
}
