//! The generated deployment as Compose v2 reads it: `docker compose config
//! --format json` in the output folder, with `.env` interpolated. Nothing
//! here restates the compose file; every command, variable, health check,
//! mount and dependency the boot uses comes from this model.

use {
  serde_json::Value,
  std::{collections::BTreeMap, path::Path, path::PathBuf, process::Command},
};

#[derive(Clone)]
pub enum Mount {
  Volume {
    name: String,
    target: String,
    read_only: bool,
  },
  Bind {
    source: PathBuf,
    target: String,
    read_only: bool,
  },
}

#[derive(Clone)]
pub struct Service {
  pub name: String,
  pub image: String,
  /// `no` for a one-shot job.
  pub restart: String,
  pub entrypoint: Option<Vec<String>>,
  pub command: Option<Vec<String>>,
  pub environment: Vec<(String, String)>,
  /// `CMD` or `CMD-SHELL` and its words, as compose writes a health check.
  pub healthcheck: Option<Vec<String>>,
  pub mounts: Vec<Mount>,
  /// Each dependency and its condition (`service_healthy`, ...).
  pub depends_on: Vec<(String, String)>,
}

pub struct Model {
  pub services: BTreeMap<String, Service>,
}

/// Compose v2 prints a `$` it read as `$$`, so that what it prints reads back
/// the same; the container gets one.
fn unescape(text: &str) -> String {
  text.replace("$$", "$")
}

fn words(value: &Value) -> Option<Vec<String>> {
  match value {
    Value::Null => None,
    Value::String(text) => Some(vec![unescape(text)]),
    Value::Array(items) => Some(
      items
        .iter()
        .map(|item| unescape(item.as_str().expect("a word is a string")))
        .collect(),
    ),
    other => panic!("not a command: {other}"),
  }
}

impl Model {
  /// `docker compose config --format json` of the deployment in `out`.
  pub fn read(out: &Path, files: &[&str]) -> Model {
    let mut command = Command::new("docker");
    command.arg("compose").current_dir(out);
    for file in files {
      command.args(["-f", file]);
    }
    let output = command
      .args(["config", "--format", "json"])
      .output()
      .expect("docker compose (v2) is installed: run .ci/run");
    assert!(
      output.status.success(),
      "docker compose config: {}",
      String::from_utf8_lossy(&output.stderr)
    );
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    let services = document["services"]
      .as_object()
      .unwrap()
      .iter()
      .map(|(name, service)| (name.clone(), Service::read(name, service)))
      .collect();
    Model { services }
  }

  pub fn service(&self, name: &str) -> &Service {
    self
      .services
      .get(name)
      .unwrap_or_else(|| panic!("the deployment has no service {name}"))
  }

  /// The services in an order that starts each after what it depends on.
  pub fn start_order(&self) -> Vec<String> {
    let mut order: Vec<String> = Vec::new();
    fn visit(model: &Model, name: &str, order: &mut Vec<String>, path: &mut Vec<String>) {
      if order.iter().any(|done| done == name) {
        return;
      }
      assert!(
        !path.iter().any(|seen| seen == name),
        "a cycle through {name}"
      );
      path.push(name.to_owned());
      for (dependency, _) in &model.service(name).depends_on {
        visit(model, dependency, order, path);
      }
      path.pop();
      order.push(name.to_owned());
    }
    for name in self.services.keys() {
      visit(self, name, &mut order, &mut Vec::new());
    }
    order
  }
}

impl Service {
  fn read(name: &str, service: &Value) -> Service {
    let environment = service["environment"]
      .as_object()
      .map(|variables| {
        variables
          .iter()
          .map(|(key, value)| {
            (
              key.clone(),
              unescape(
                value
                  .as_str()
                  .expect("compose gives every variable a string"),
              ),
            )
          })
          .collect()
      })
      .unwrap_or_default();
    let mounts = service["volumes"]
      .as_array()
      .map(|volumes| {
        volumes
          .iter()
          .map(|volume| {
            let target = volume["target"].as_str().unwrap().to_owned();
            let read_only = volume["read_only"].as_bool().unwrap_or(false);
            let source = volume["source"].as_str().unwrap();
            match volume["type"].as_str().unwrap() {
              "volume" => Mount::Volume {
                name: source.to_owned(),
                target,
                read_only,
              },
              "bind" => Mount::Bind {
                source: PathBuf::from(source),
                target,
                read_only,
              },
              other => panic!("{name}: a {other} mount"),
            }
          })
          .collect()
      })
      .unwrap_or_default();
    let depends_on = service["depends_on"]
      .as_object()
      .map(|dependencies| {
        dependencies
          .iter()
          .map(|(dependency, how)| {
            (
              dependency.clone(),
              how["condition"].as_str().unwrap().to_owned(),
            )
          })
          .collect()
      })
      .unwrap_or_default();
    Service {
      name: name.to_owned(),
      image: service["image"].as_str().unwrap().to_owned(),
      restart: service["restart"].as_str().unwrap_or("no").to_owned(),
      entrypoint: words(&service["entrypoint"]),
      command: words(&service["command"]),
      environment,
      healthcheck: words(&service["healthcheck"]["test"]),
      mounts,
      depends_on,
    }
  }

  pub fn variable(&self, key: &str) -> &str {
    self
      .environment
      .iter()
      .find(|(name, _)| name == key)
      .map(|(_, value)| value.as_str())
      .unwrap_or_else(|| panic!("{} has no {key}", self.name))
  }

  /// The health check as the argv `docker exec` would run.
  pub fn healthcheck_argv(&self) -> Option<Vec<String>> {
    let test = self.healthcheck.as_ref()?;
    match test[0].as_str() {
      "CMD" => Some(test[1..].to_vec()),
      "CMD-SHELL" => Some(vec!["/bin/sh".into(), "-c".into(), test[1].clone()]),
      "NONE" => None,
      other => panic!("{}: health check kind {other}", self.name),
    }
  }
}
