use crate::{diagnostic::Diagnostic, kubernetes_config::Edge, lint::Context};

crate::declare_rule! {
  /// ## What it checks
  /// That `ingress_class` and `cluster_issuer` under `[targets.kubernetes]`
  /// come with `edge = "ingress"`.
  ///
  /// ## Why
  /// They configure the Ingress objects, which only the `ingress` edge
  /// writes; with Caddy at the edge they would be ignored, and the operator
  /// would believe the cluster's ingress controller serves the stack.
  ///
  /// ## Example
  /// ```toml
  /// [targets.kubernetes]
  /// ingress_class = "nginx"
  /// ```
  ///
  /// ## Fix
  /// Add `edge = "ingress"`, or remove the setting.
  pub struct KubernetesSettingWithoutEffect {
    code: "SC404",
    name: "kubernetes-setting-without-effect",
    severity: Warning,
    summary: "an ingress setting without `edge = \"ingress\"`",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let config = &cx.model.config.targets.kubernetes;
  if config.edge() == Edge::Ingress {
    return;
  }
  for (key, set) in [
    ("ingress_class", config.ingress_class.is_some()),
    ("cluster_issuer", config.cluster_issuer.is_some()),
  ] {
    if set {
      out.push(
        META
          .diagnostic(
            format!("`{key}` has no effect unless `edge = \"ingress\"`"),
            cx.key(["targets", "kubernetes", key]),
          )
          .label("ignored with Caddy at the edge")
          .help("add `edge = \"ingress\"` to `[targets.kubernetes]`, or remove this setting"),
      );
    }
  }
}
