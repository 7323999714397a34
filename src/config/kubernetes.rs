use {indexmap::IndexMap, serde::Deserialize};

/// `[targets.kubernetes]`: where the Kustomize base goes and how traffic
/// reaches it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct KubernetesConfig {
  pub edge: Option<Edge>,
  pub namespace: Option<String>,
  pub storage_class: Option<String>,
  pub ingress_class: Option<String>,
  /// cert-manager's ClusterIssuer, for `edge = "ingress"`.
  pub cluster_issuer: Option<String>,
  /// The Gateway the routes attach to, `name` or `namespace/name`, for
  /// `edge = "gateway"`.
  pub gateway: Option<String>,
  /// Storage claimed per named volume, overriding the catalog's size.
  pub volume_sizes: IndexMap<String, String>,
}

/// How web traffic enters the cluster.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Edge {
  /// Caddy as in compose, behind a LoadBalancer Service.
  #[default]
  Caddy,
  /// Ingress objects, with TLS from cert-manager.
  Ingress,
  /// Gateway API HTTPRoutes, attached to a Gateway the cluster provides.
  Gateway,
}

impl KubernetesConfig {
  pub const DEFAULT_VOLUME_SIZE: &str = "1Gi";
  pub const DEFAULT_CLUSTER_ISSUER: &str = "letsencrypt";
  pub const DEFAULT_GATEWAY: &str = "gateway";

  /// The Gateway's namespace (none: the stack's) and name.
  pub fn gateway(&self) -> (Option<&str>, &str) {
    let gateway = self.gateway.as_deref().unwrap_or(Self::DEFAULT_GATEWAY);
    match gateway.split_once('/') {
      Some((namespace, name)) => (Some(namespace), name),
      None => (None, gateway),
    }
  }

  pub fn edge(&self) -> Edge {
    self.edge.unwrap_or_default()
  }
}
