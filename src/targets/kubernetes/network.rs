//! Services, so that compose's names (`postgresql`, `redis`, …) resolve as
//! before, and NetworkPolicies for compose's `internal: true` network: a
//! container only on it accepts connections only from the containers that
//! use it (they depend on it, or their environment or command names it)
//! and from its own service's containers.

use {
  crate::{
    config::kubernetes::Edge,
    model::deployment::{Container, Deployment},
    targets::kubernetes::{names, object::object, storage::is_data_store, workloads::is_job},
  },
  k8s_openapi::{
    api::{
      core::v1::{Service, ServicePort, ServiceSpec},
      networking::v1::{
        NetworkPolicy, NetworkPolicyIngressRule, NetworkPolicyPeer, NetworkPolicyPort,
        NetworkPolicySpec,
      },
    },
    apimachinery::pkg::{
      apis::meta::v1::{LabelSelector, LabelSelectorRequirement, ObjectMeta},
      util::intstr::IntOrString,
    },
  },
  serde_json::Value,
};

/// The Service in front of `container`, if it listens.
pub fn service(deployment: &Deployment<'_>, container: &Container) -> Option<Value> {
  let ports = deployment.listening_ports(container);
  if ports.is_empty() || is_job(container) {
    return None;
  }
  let edge =
    container.name == "caddy" && deployment.model.config.targets.kubernetes.edge() == Edge::Caddy;
  Some(object(Service {
    metadata: ObjectMeta {
      name: Some(names::dns_label(&container.name)),
      labels: Some(names::labels(&deployment.name, &container.name)),
      ..ObjectMeta::default()
    },
    spec: Some(ServiceSpec {
      type_: edge.then(|| "LoadBalancer".to_owned()),
      // A StatefulSet's governing Service is headless: the name resolves
      // to its pod.
      cluster_ip: is_data_store(&container.name).then(|| "None".to_owned()),
      selector: Some(names::selector(&deployment.name, &container.name)),
      ports: Some(
        ports
          .iter()
          .map(|port| ServicePort {
            name: Some(names::port(*port)),
            port: i32::from(*port),
            target_port: Some(IntOrString::String(names::port(*port))),
            ..ServicePort::default()
          })
          .collect(),
      ),
      ..ServiceSpec::default()
    }),
    ..Service::default()
  }))
}

/// Whether `text` names `host` as a whole word, as a host name would be.
fn names_host(text: &str, host: &str) -> bool {
  let word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
  text.match_indices(host).any(|(start, _)| {
    !text[..start].chars().next_back().is_some_and(word)
      && !text[start + host.len()..].chars().next().is_some_and(word)
  })
}

/// Whether `user` connects to `target`.
fn uses(user: &Container, target: &Container) -> bool {
  if user.service == target.service || user.depends_on.contains_key(&target.name) {
    return true;
  }
  let commands = user
    .command
    .iter()
    .chain(&user.entrypoint)
    .flat_map(crate::config::service::Command::parts);
  user
    .environment
    .values()
    .map(String::as_str)
    .chain(commands)
    .any(|text| names_host(text, &target.name))
}

/// The policy of a container reachable only on the internal network.
pub fn policy(deployment: &Deployment<'_>, container: &Container) -> Option<Value> {
  let internal_only = container.internal_only();
  let ports = deployment.listening_ports(container);
  if !internal_only || ports.is_empty() || is_job(container) {
    return None;
  }
  let mut users: Vec<String> = deployment
    .containers
    .iter()
    .filter(|user| user.name != container.name && uses(user, container))
    .map(|user| names::dns_label(&user.name))
    .collect();
  users.sort();
  users.dedup();
  let from = (!users.is_empty()).then(|| {
    vec![NetworkPolicyPeer {
      pod_selector: Some(LabelSelector {
        match_expressions: Some(vec![LabelSelectorRequirement {
          key: names::NAME.into(),
          operator: "In".into(),
          values: Some(users),
        }]),
        match_labels: Some(
          [(
            names::PART_OF.to_owned(),
            names::dns_label(&deployment.name),
          )]
          .into(),
        ),
      }),
      ..NetworkPolicyPeer::default()
    }]
  });
  Some(object(NetworkPolicy {
    metadata: ObjectMeta {
      name: Some(format!("{}-ingress", names::dns_label(&container.name))),
      labels: Some(names::labels(&deployment.name, &container.name)),
      ..ObjectMeta::default()
    },
    spec: Some(NetworkPolicySpec {
      pod_selector: Some(LabelSelector {
        match_labels: Some(names::selector(&deployment.name, &container.name)),
        ..LabelSelector::default()
      }),
      policy_types: Some(vec!["Ingress".into()]),
      // No rule at all when nothing uses it: then nothing may connect.
      ingress: from.map(|from| {
        vec![NetworkPolicyIngressRule {
          from: Some(from),
          ports: Some(
            ports
              .iter()
              .map(|port| NetworkPolicyPort {
                port: Some(IntOrString::Int(i32::from(*port))),
                protocol: Some("TCP".into()),
                ..NetworkPolicyPort::default()
              })
              .collect(),
          ),
        }]
      }),
      ..NetworkPolicySpec::default()
    }),
  }))
}
