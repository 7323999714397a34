//! The edges besides Caddy, one object per routed host: `ingress`, an
//! Ingress with TLS from cert-manager; `gateway`, a Gateway API HTTPRoute
//! attached to a Gateway the cluster provides, which terminates TLS.
//! Caddy's own headers (CORS, security headers) are not carried over: the
//! ingress controller's or the Gateway's configuration owns them.

use {
  crate::{
    config::kubernetes::KubernetesConfig,
    model::deployment::{Deployment, Route},
    targets::kubernetes::{names, object::object},
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

/// `container:port` as the Service and its port number.
fn service_and_port(upstream: &str) -> (&str, u16) {
  let (service, port) = upstream.rsplit_once(':').unwrap_or((upstream, "80"));
  (service, port.parse().unwrap_or(80))
}

fn backend(upstream: &str) -> IngressBackend {
  let (service, port) = service_and_port(upstream);
  IngressBackend {
    service: Some(IngressServiceBackend {
      name: names::dns_label(service),
      port: Some(ServiceBackendPort {
        name: Some(names::port(port)),
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
  let tls = deployment.profile.tls != crate::config::tls::Tls::Off;
  let issuer = config
    .cluster_issuer
    .as_deref()
    .unwrap_or(KubernetesConfig::DEFAULT_CLUSTER_ISSUER);
  object(Ingress {
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
}

/// An HTTPRoute of the Gateway API (`gateway.networking.k8s.io/v1`): a
/// custom resource, which `k8s-openapi` does not model, so typed here.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct HttpRoute {
  api_version: &'static str,
  kind: &'static str,
  metadata: ObjectMeta,
  spec: HttpRouteSpec,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct HttpRouteSpec {
  parent_refs: Vec<ParentReference>,
  hostnames: Vec<String>,
  rules: Vec<HttpRouteRule>,
}

#[derive(serde::Serialize)]
struct ParentReference {
  name: String,
  #[serde(skip_serializing_if = "Option::is_none")]
  namespace: Option<String>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct HttpRouteRule {
  matches: Vec<HttpRouteMatch>,
  backend_refs: Vec<BackendReference>,
}

#[derive(serde::Serialize)]
struct HttpRouteMatch {
  path: HttpPathMatch,
}

#[derive(serde::Serialize)]
struct HttpPathMatch {
  #[serde(rename = "type")]
  kind: &'static str,
  value: String,
}

#[derive(serde::Serialize)]
struct BackendReference {
  name: String,
  port: u16,
}

fn rule(path: &str, upstream: &str) -> HttpRouteRule {
  let (service, port) = service_and_port(upstream);
  HttpRouteRule {
    matches: vec![HttpRouteMatch {
      path: HttpPathMatch {
        kind: "PathPrefix",
        value: path.to_owned(),
      },
    }],
    backend_refs: vec![BackendReference {
      name: names::dns_label(service),
      port,
    }],
  }
}

pub fn http_route(deployment: &Deployment<'_>, route: &Route) -> Value {
  let config = &deployment.model.config.targets.kubernetes;
  let (namespace, gateway) = config.gateway();
  let mut rules = Vec::new();
  if let Some((matcher, upstream)) = &route.api {
    rules.push(rule(matcher.trim_end_matches("/*"), upstream));
  }
  rules.push(rule("/", &route.upstream));
  object(HttpRoute {
    api_version: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: ObjectMeta {
      name: Some(names::dns_label(&route.service)),
      labels: Some(names::labels(&deployment.name, &route.service)),
      ..ObjectMeta::default()
    },
    spec: HttpRouteSpec {
      parent_refs: vec![ParentReference {
        name: gateway.to_owned(),
        namespace: namespace.map(str::to_owned),
      }],
      hostnames: vec![route.host.clone()],
      rules,
    },
  })
}
