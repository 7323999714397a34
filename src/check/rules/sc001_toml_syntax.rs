crate::declare_rule! {
  /// ## What it checks
  /// That the stack file is valid TOML 1.0. Every syntax error in the file is
  /// reported, each at its own line and column.
  ///
  /// ## Why
  /// Nothing else can be checked in a file that does not parse.
  ///
  /// ## Example
  /// ```toml
  /// [stack
  /// name = "borgstack"
  /// ```
  ///
  /// ## Fix
  /// Close the table header: `[stack]`. The TOML specification is at
  /// <https://toml.io/en/v1.0.0>.
  pub struct TomlSyntax {
    code: "SC001",
    name: "toml-syntax",
    severity: Error,
    summary: "the file is not valid TOML",
  }
}
