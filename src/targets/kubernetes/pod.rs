//! One compose container as a pod template: its container, probes,
//! resources, mounts, and init containers that wait for its dependencies.

use {
  crate::{
    catalog::{DependencyCondition, Text},
    config::service::Command,
    model::deployment::{Container, Deployment, Healthcheck, MountSource},
    targets::kubernetes::{environment, names, storage::Storage},
  },
  k8s_openapi::{
    api::core::v1::{
      ConfigMapVolumeSource, Container as PodContainer, ContainerPort, EmptyDirVolumeSource,
      ExecAction, KeyToPath, PersistentVolumeClaimVolumeSource, PodSpec, PodTemplateSpec, Probe,
      ResourceRequirements, Volume, VolumeMount,
    },
    apimachinery::pkg::{api::resource::Quantity, apis::meta::v1::ObjectMeta},
  },
  std::collections::BTreeMap,
};

/// The image init containers wait with: BusyBox's `nc`, pinned.
pub const WAIT_IMAGE: &str = "busybox:1.37.0";

/// Compose's duration (`1m30s`, `10s`, `500ms`) in whole seconds, at least 1.
pub fn seconds(duration: &str) -> i32 {
  let mut total = 0f64;
  let mut number = String::new();
  let mut chars = duration.chars().peekable();
  while let Some(c) = chars.next() {
    if c.is_ascii_digit() || c == '.' {
      number.push(c);
      continue;
    }
    let value: f64 = number.parse().unwrap_or(0.0);
    number.clear();
    total += match c {
      'h' => value * 3600.0,
      'm' if chars.peek() == Some(&'s') => {
        chars.next();
        value / 1000.0
      }
      'm' => value * 60.0,
      'u' | 'n' => 0.0,
      _ => value,
    };
  }
  if let Ok(value) = number.parse::<f64>() {
    total += value;
  }
  (total.ceil() as i32).max(1)
}

/// Compose's size (`512m`, `8g`; powers of 1024) as a quantity (`512Mi`).
pub fn quantity(size: &str) -> Quantity {
  let size = size.trim();
  let unit = size.chars().last().filter(|c| c.is_ascii_alphabetic());
  let number = unit.map_or(size, |_| &size[..size.len() - 1]);
  let suffix = match unit.map(|c| c.to_ascii_lowercase()) {
    Some('k') => "Ki",
    Some('m') => "Mi",
    Some('g') => "Gi",
    _ => "",
  };
  Quantity(format!("{number}{suffix}"))
}

/// A command as a list: compose splits a string command as a shell would
/// split words, without running a shell.
fn arguments(command: &Command) -> Vec<String> {
  let list = match command {
    Command::Shell(shell) => shlex::split(shell).unwrap_or_else(|| vec![shell.to_string()]),
    Command::Arguments(arguments) => arguments.iter().map(Text::to_string).collect(),
  };
  list
    .iter()
    .map(|part| environment::convert(part).0)
    .collect()
}

/// The startup, readiness and liveness probes of a compose health check.
/// The startup probe allows `start_period` before the others count.
fn probes(check: &Healthcheck) -> Option<(Probe, Probe)> {
  let command: Vec<String> = match check.test.first().map(String::as_str) {
    Some("CMD") => check.test[1..].to_vec(),
    Some("CMD-SHELL") => vec!["sh".into(), "-c".into(), check.test.get(1)?.clone()],
    _ => return None,
  };
  let command: Vec<String> = command
    .iter()
    .map(|part| environment::convert(part).0)
    .collect();
  let period = check.interval.as_deref().map_or(30, seconds);
  let retries = check.retries.unwrap_or(3) as i32;
  let probe = Probe {
    exec: Some(ExecAction {
      command: Some(command),
    }),
    period_seconds: Some(period),
    timeout_seconds: Some(check.timeout.as_deref().map_or(30, seconds)),
    failure_threshold: Some(retries),
    ..Probe::default()
  };
  let start = check.start_period.as_deref().map_or(0, seconds);
  let startup = Probe {
    failure_threshold: Some((start + period - 1) / period + retries),
    ..probe.clone()
  };
  Some((startup, probe))
}

fn resources(container: &Container) -> Option<ResourceRequirements> {
  let mut limits = BTreeMap::new();
  if let Some(memory) = &container.memory {
    limits.insert("memory".to_owned(), quantity(memory));
  }
  if let Some(cpus) = container.cpus {
    limits.insert(
      "cpu".to_owned(),
      Quantity(format!("{}m", (cpus * 1000.0).round() as i64)),
    );
  }
  (!limits.is_empty()).then(|| ResourceRequirements {
    // Requests equal to limits: the scheduler reserves what compose caps.
    requests: Some(limits.clone()),
    limits: Some(limits),
    ..ResourceRequirements::default()
  })
}

/// An init container that waits until `host` accepts connections on `port`.
fn wait_for(host: &str, port: u16) -> PodContainer {
  PodContainer {
    name: names::dns_label(&format!("wait-for-{host}")),
    image: Some(WAIT_IMAGE.to_owned()),
    command: Some(vec![
      "sh".into(),
      "-c".into(),
      format!("until nc -z -w 2 {host} {port}; do echo waiting for {host}:{port}; sleep 2; done"),
    ]),
    ..PodContainer::default()
  }
}

/// The pod template of `container`. `storage` says how each named volume
/// is mounted; those it claims per pod (a StatefulSet's templates) need no
/// volume entry here.
pub fn template(
  deployment: &Deployment<'_>,
  container: &Container,
  storage: &Storage,
) -> PodTemplateSpec {
  let mut volumes = Vec::new();
  let mut mounts = Vec::new();
  let mut files: Vec<KeyToPath> = Vec::new();
  for mount in &container.mounts {
    match &mount.source {
      MountSource::Volume(volume) => {
        let name = names::dns_label(volume);
        if !storage.is_templated(volume) {
          volumes.push(Volume {
            name: name.clone(),
            persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
              claim_name: name.clone(),
              read_only: mount.read_only.then_some(true),
            }),
            ..Volume::default()
          });
        }
        mounts.push(VolumeMount {
          name,
          mount_path: mount.target.clone(),
          read_only: mount.read_only.then_some(true),
          ..VolumeMount::default()
        });
      }
      MountSource::Bind(path) => {
        let key = files_key(path);
        let executable = path.ends_with(".sh");
        files.push(KeyToPath {
          key: key.clone(),
          path: key.clone(),
          mode: Some(if executable { 0o555 } else { 0o444 }),
        });
        mounts.push(VolumeMount {
          name: "files".into(),
          mount_path: mount.target.clone(),
          sub_path: Some(key),
          read_only: Some(true),
          ..VolumeMount::default()
        });
      }
    }
  }
  if !files.is_empty() {
    volumes.push(Volume {
      name: "files".into(),
      config_map: Some(ConfigMapVolumeSource {
        name: names::files(&container.service),
        items: Some(files),
        ..ConfigMapVolumeSource::default()
      }),
      ..Volume::default()
    });
  }
  if let Some(size) = &container.shm_size {
    volumes.push(Volume {
      name: "shm".into(),
      empty_dir: Some(EmptyDirVolumeSource {
        medium: Some("Memory".into()),
        size_limit: Some(quantity(size)),
      }),
      ..Volume::default()
    });
    mounts.push(VolumeMount {
      name: "shm".into(),
      mount_path: "/dev/shm".into(),
      ..VolumeMount::default()
    });
  }
  let probes = container.healthcheck.as_ref().and_then(probes);
  let ports = deployment.listening_ports(container);
  let init: Vec<PodContainer> = container
    .depends_on
    .iter()
    .filter(|(_, condition)| **condition != DependencyCondition::Completed)
    .filter_map(|(target, _)| {
      let target = deployment.container(target)?;
      let port = *deployment.listening_ports(target).first()?;
      Some(wait_for(&target.name, port))
    })
    .collect();
  let (entrypoint, command) = match (&container.entrypoint, &container.command) {
    (Some(entrypoint), command) => (Some(arguments(entrypoint)), command.as_ref().map(arguments)),
    (None, command) => (None, command.as_ref().map(arguments)),
  };
  let spec = PodSpec {
    init_containers: (!init.is_empty()).then_some(init),
    containers: vec![PodContainer {
      name: names::dns_label(&container.name),
      image: Some(container.image.clone()),
      command: entrypoint,
      args: command,
      env: Some(environment::environment(
        container,
        &names::secret(&container.service),
      ))
      .filter(|env| !env.is_empty()),
      ports: (!ports.is_empty()).then(|| {
        ports
          .iter()
          .map(|port| ContainerPort {
            name: Some(names::port(*port)),
            container_port: i32::from(*port),
            ..ContainerPort::default()
          })
          .collect()
      }),
      startup_probe: probes.as_ref().map(|(startup, _)| startup.clone()),
      readiness_probe: probes.as_ref().map(|(_, probe)| probe.clone()),
      liveness_probe: probes.map(|(_, probe)| probe),
      resources: resources(container),
      volume_mounts: (!mounts.is_empty()).then_some(mounts),
      ..PodContainer::default()
    }],
    volumes: (!volumes.is_empty()).then_some(volumes),
    termination_grace_period_seconds: container
      .stop_grace_period
      .as_deref()
      .map(|period| i64::from(seconds(period))),
    ..PodSpec::default()
  };
  PodTemplateSpec {
    metadata: Some(ObjectMeta {
      labels: Some(names::labels(&deployment.name, &container.name)),
      ..ObjectMeta::default()
    }),
    spec: Some(spec),
  }
}

/// A file's key in its service's ConfigMap: `postgresql/provision.sh` →
/// `postgresql-provision.sh`.
pub fn files_key(path: &str) -> String {
  path.replace('/', "-")
}

#[cfg(test)]
mod tests {
  use super::{quantity, seconds};

  #[test]
  fn durations_and_sizes_convert() {
    assert_eq!(seconds("10s"), 10);
    assert_eq!(seconds("1m30s"), 90);
    assert_eq!(seconds("500ms"), 1);
    assert_eq!(seconds("2h"), 7200);
    assert_eq!(quantity("512m").0, "512Mi");
    assert_eq!(quantity("8g").0, "8Gi");
    assert_eq!(quantity("1.5g").0, "1.5Gi");
  }
}
