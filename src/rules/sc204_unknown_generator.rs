use crate::{diagnostic::Diagnostic, lint::Context, suggest::closest};

crate::declare_rule! {
  /// ## What it checks
  /// That `generate` names a generator stackc has: `password`, `hex`,
  /// `base64`, `alnum` or `uuid`.
  ///
  /// ## Why
  /// A secret stackc cannot generate is a secret the service never gets.
  ///
  /// ## Example
  /// ```toml
  /// [secrets]
  /// api_key = { generate = "random" }
  /// ```
  ///
  /// ## Fix
  /// `api_key = { generate = "alnum", length = 40 }`.
  pub struct UnknownGenerator {
    code: "SC204",
    name: "unknown-generator",
    severity: Error,
    summary: "unknown secret generator",
  }
}

/// The generators, with their default length (none for `uuid`).
pub const GENERATORS: &[(&str, Option<u32>)] = &[
  ("password", Some(32)),
  ("hex", Some(64)),
  ("base64", Some(44)),
  ("alnum", Some(32)),
  ("uuid", None),
];

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let names = || GENERATORS.iter().map(|(name, _)| *name);
  for (name, secret) in &cx.model.config.secrets {
    let Some(generator) = &secret.generate else {
      continue;
    };
    if names().any(|known| known == generator) {
      continue;
    }
    let help = match closest(generator, names()) {
      Some(suggestion) => format!("did you mean `{suggestion}`?"),
      None => format!("use one of `{}`", names().collect::<Vec<_>>().join("`, `")),
    };
    out.push(
      META
        .diagnostic(
          format!("secret `{name}` uses unknown generator {generator:?}"),
          cx.value(["secrets", name, "generate"]),
        )
        .label("unknown generator")
        .help(help),
    );
  }
}
