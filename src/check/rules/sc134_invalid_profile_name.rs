use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That every profile name is a lowercase letter, then up to 62 lowercase
  /// letters, digits, `_` or `-`, as a stack name.
  ///
  /// ## Why
  /// A profile names files (`docker-compose.NAME.yml`, `Caddyfile.NAME`) and
  /// is written in CHECKLIST.md's heading and in the `docker compose` command
  /// it tells the operator to run: a `$(…)`, `;` or space there would run
  /// something else on the server.
  ///
  /// ## Example
  /// ```toml
  /// [profiles."dev $(id)"]
  /// domain = "localhost"
  /// ```
  ///
  /// ## Fix
  /// `[profiles.development]`.
  pub struct InvalidProfileName {
    code: "SC134",
    name: "invalid-profile-name",
    severity: Error,
    summary: "a profile name unusable in file names and commands",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  for name in cx.model.config.profiles.keys() {
    if super::sc109_invalid_stack_name::is_valid(name) {
      continue;
    }
    out.push(
      META
        .diagnostic(
          format!("profile name {name:?} cannot name a file or go in a command"),
          cx.key(["profiles", name]),
        )
        .label("invalid name")
        .help("start with a lowercase letter and use only lowercase letters, digits, `_` and `-` (at most 63 characters), such as `development`"),
    );
  }
}
