crate::declare_rule! {
  /// ## What it checks
  /// That each value has the type the format defines: a port is an integer, an
  /// image a string, `depends_on` an array of strings.
  ///
  /// ## Why
  /// A port written as `"8080"` or a list written as a string would be
  /// compiled into something docker-compose rejects, or worse, accepts.
  ///
  /// ## Example
  /// ```toml
  /// [services.billing]
  /// port = "8080"
  /// ```
  ///
  /// ## Fix
  /// Write the value with the right type: `port = 8080`.
  pub struct WrongType {
    code: "SC005",
    name: "wrong-type",
    severity: Error,
    summary: "a value of the wrong type",
  }
}
