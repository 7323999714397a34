//! `edge = "ingress"`: an Ingress per routed host instead of Caddy, with
//! TLS from cert-manager. Caddy's own headers (CORS, security headers) are
//! not carried over: the ingress controller's configuration owns them.

use {
  crate::{
    deployment::{Deployment, Route},
    kubernetes_config::KubernetesConfig,
    targets::kubernetes::names,
  },
  k8s_openapi::{
    api::networking::v1::{
      HTTPIngressPath, HTTPIngressRuleValue, Ingress, IngressBackend, IngressRule,
      IngressServiceBackend, IngressSpec, IngressTLS, ServiceBackendPort,
    },
    apimachinery::pkg::apis::meta::v1::ObjectMeta,
  },
  serde_json::Value,
};

fn backend(upstream: &str) -> IngressBackend {
  let (service, port) = upstream.rsplit_once(':').unwrap_or((upstream, "80"));
  IngressBackend {
    service: Some(IngressServiceBackend {
      name: names::dns_label(service),
      port: Some(ServiceBackendPort {
        name: port.parse::<u16>().ok().map(names::port),
        number: None,
      }),
    }),
    ..IngressBackend::default()
  }
}

fn path(path: &str, upstream: &str) -> HTTPIngressPath {
  HTTPIngressPath {
    path: Some(path.to_owned()),
    path_type: "Prefix".into(),
    backend: backend(upstream),
  }
}

pub fn ingress(deployment: &Deployment<'_>, route: &Route) -> Value {
  let config = &deployment.model.config.targets.kubernetes;
  let mut paths = Vec::new();
  if let Some((matcher, upstream)) = &route.api {
    // Caddy's `/api/*` is the prefix `/api`.
    paths.push(path(matcher.trim_end_matches("/*"), upstream));
  }
  paths.push(path("/", &route.upstream));
  let name = names::dns_label(&route.service);
  let tls = deployment.profile.tls != crate::tls::Tls::Off;
  let issuer = config
    .cluster_issuer
    .as_deref()
    .unwrap_or(KubernetesConfig::DEFAULT_CLUSTER_ISSUER);
  serde_json::to_value(Ingress {
    metadata: ObjectMeta {
      name: Some(name.clone()),
      labels: Some(names::labels(&deployment.name, &route.service)),
      annotations: tls.then(|| {
        [(
          "cert-manager.io/cluster-issuer".to_owned(),
          issuer.to_owned(),
        )]
        .into()
      }),
      ..ObjectMeta::default()
    },
    spec: Some(IngressSpec {
      ingress_class_name: config.ingress_class.clone(),
      rules: Some(vec![IngressRule {
        host: Some(route.host.clone()),
        http: Some(HTTPIngressRuleValue { paths }),
      }]),
      tls: tls.then(|| {
        vec![IngressTLS {
          hosts: Some(vec![route.host.clone()]),
          secret_name: Some(format!("{name}-tls")),
        }]
      }),
      ..IngressSpec::default()
    }),
    ..Ingress::default()
  })
  .expect("Kubernetes objects serialize")
}
