use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That `version` is a format version this build of stackc understands;
  /// today that is only `1`.
  ///
  /// ## Why
  /// A file written for another version may mean something else by the same
  /// keys; compiling it anyway would deploy something nobody wrote.
  ///
  /// ## Example
  /// ```toml
  /// version = 2
  /// ```
  ///
  /// ## Fix
  /// Write `version = 1`, or use the stackc release that reads version 2.
  pub struct UnsupportedVersion {
    code: "SC115",
    name: "unsupported-version",
    severity: Error,
    summary: "`version` other than 1",
  }
}

/// The format versions this build reads.
pub const SUPPORTED: &[i64] = &[1];

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  if let Some(version) = cx.model.config.version
    && !SUPPORTED.contains(&version)
  {
    out.push(
      META
        .diagnostic(
          format!("format version {version} is not supported"),
          cx.value(["version"]),
        )
        .label("unsupported version")
        .help("this stackc understands version 1: write `version = 1`"),
    );
  }
}
