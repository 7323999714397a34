crate::declare_rule! {
  /// ## What it checks
  /// That the stack file is UTF-8 text, as TOML requires. The label points at
  /// the first byte that is not.
  ///
  /// ## Why
  /// A file saved in Latin-1 or UTF-16 cannot be read reliably: accented
  /// names and domains would be corrupted.
  ///
  /// ## Example
  /// A stack file saved by an editor set to Windows-1252.
  ///
  /// ## Fix
  /// Convert it: `iconv -f WINDOWS-1252 -t UTF-8 stack.toml > stack.utf8.toml`.
  pub struct NotUtf8 {
    code: "SC007",
    name: "not-utf8",
    severity: Error,
    summary: "the file is not UTF-8",
  }
}
