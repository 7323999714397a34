use crate::{check::context::Context, config::kubernetes::Edge, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That `ingress_class` and `cluster_issuer` under `[targets.kubernetes]`
  /// come with `edge = "ingress"`, and `gateway` with `edge = "gateway"`.
  ///
  /// ## Why
  /// They configure the Ingress objects or the HTTPRoutes, which only that
  /// edge writes; otherwise they would be ignored, and the operator would
  /// believe the cluster's ingress controller or Gateway serves the stack.
  ///
  /// ## Example
  /// ```toml
  /// [targets.kubernetes]
  /// ingress_class = "nginx"
  /// ```
  ///
  /// ## Fix
  /// Set the `edge` the setting belongs to, or remove the setting.
  pub struct KubernetesSettingWithoutEffect {
    code: "SC404",
    name: "kubernetes-setting-without-effect",
    severity: Warning,
    summary: "an edge setting for another `edge`",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let config = &cx.model.config.targets.kubernetes;
  for (key, set, edge, name) in [
    (
      "ingress_class",
      config.ingress_class.is_some(),
      Edge::Ingress,
      "ingress",
    ),
    (
      "cluster_issuer",
      config.cluster_issuer.is_some(),
      Edge::Ingress,
      "ingress",
    ),
    (
      "gateway",
      config.gateway.is_some(),
      Edge::Gateway,
      "gateway",
    ),
  ] {
    if set && config.edge() != edge {
      out.push(
        META
          .diagnostic(
            format!("`{key}` has no effect unless `edge = \"{name}\"`"),
            cx.key(["targets", "kubernetes", key]),
          )
          .label("ignored at this edge")
          .help(format!(
            "set `edge = \"{name}\"` in `[targets.kubernetes]`, or remove this setting"
          )),
      );
    }
  }
}
