use crate::{check::context::Context, check::suggest::closest, diagnostic::Diagnostic};

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

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let names = || {
    crate::model::generator::GENERATORS
      .iter()
      .map(|(name, _, _)| *name)
  };
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
