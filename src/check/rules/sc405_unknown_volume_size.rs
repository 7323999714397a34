use crate::{check::context::Context, check::suggest, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That every key of `[targets.kubernetes.volume_sizes]` names a named
  /// volume of the stack.
  ///
  /// ## Why
  /// A misspelt volume would leave the real one at its default size, which
  /// the operator finds out when it is full.
  ///
  /// ## Example
  /// ```toml
  /// [services.postgresql]
  /// [targets.kubernetes.volume_sizes]
  /// postgres_data = "50Gi"
  /// ```
  ///
  /// ## Fix
  /// Use the volume's name (`postgresql_data`); `stackc build --target
  /// kubernetes` lists every claim in its manifests.
  pub struct UnknownVolumeSize {
    code: "SC405",
    name: "unknown-volume-size",
    severity: Error,
    summary: "a volume size for a volume the stack does not have",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let sizes = &cx.model.config.targets.kubernetes.volume_sizes;
  if sizes.is_empty() {
    return;
  }
  let Some(deployment) = cx.deployment() else {
    return;
  };
  let known: Vec<&str> = deployment.volumes.keys().map(String::as_str).collect();
  for volume in sizes.keys() {
    if known.contains(&volume.as_str()) {
      continue;
    }
    let help = match suggest::closest(volume, known.iter().copied()) {
      Some(name) => format!("did you mean `{name}`?"),
      None => format!("the stack's volumes: {}", known.join(", ")),
    };
    out.push(
      META
        .diagnostic(
          format!("no volume `{volume}` in this stack"),
          cx.key(["targets", "kubernetes", "volume_sizes", volume]),
        )
        .label("unknown volume")
        .help(help),
    );
  }
}
