//! `docker compose up`, `run` and `stop` over the sandbox's containers, as
//! Compose v2 orders them: a service starts once each dependency meets its
//! condition (`service_started`, `service_healthy`,
//! `service_completed_successfully`); a health check is the service's own
//! command, run in its container. Checks run every second rather than at
//! the compose file's intervals, bounded by `HEALTHY_WITHIN`.

use {
  super::{
    container::Container,
    image,
    model::{Model, Service},
    sandbox::Sandbox,
  },
  std::{
    collections::BTreeMap,
    time::{Duration, Instant},
  },
};

/// The longest a service may take to become healthy: n8n's first start
/// runs its migrations on two cores.
const HEALTHY_WITHIN: Duration = Duration::from_secs(300);
/// The longest a job (provisioning, a backup, a restore) may run.
const JOB_WITHIN: Duration = Duration::from_secs(120);

pub struct Compose {
  pub model: Model,
  pub sandbox: Sandbox,
  running: BTreeMap<String, Container>,
  /// Jobs that have run to success since the last `up` of their server.
  completed: Vec<String>,
  runs: usize,
}

impl Compose {
  /// `later`: services a rebuild will add, given addresses now.
  pub fn new(model: Model, later: &[&str]) -> Compose {
    let mut names: Vec<String> = model.services.keys().cloned().collect();
    names.extend(later.iter().map(|name| name.to_string()));
    Compose {
      sandbox: Sandbox::start(&names),
      model,
      running: BTreeMap::new(),
      completed: Vec::new(),
      runs: 0,
    }
  }

  /// A new model (a rebuilt deployment) for the services started next.
  pub fn reload(&mut self, model: Model) {
    self.model = model;
    self.completed.clear();
  }

  /// `docker compose up -d SERVICE…`: each, after what it depends on.
  pub fn up(&mut self, services: &[&str]) {
    for name in self.model.start_order() {
      if services.iter().any(|wanted| self.needs(wanted, &name)) {
        self.start(&name);
      }
    }
  }

  /// Whether `wanted` is `name` or depends on it, directly or not.
  fn needs(&self, wanted: &str, name: &str) -> bool {
    wanted == name
      || self
        .model
        .service(wanted)
        .depends_on
        .iter()
        .any(|(dependency, _)| self.needs(dependency, name))
  }

  fn start(&mut self, name: &str) {
    if self.running.get_mut(name).is_some_and(Container::running)
      || self.completed.iter().any(|done| done == name)
    {
      return;
    }
    let service = self.model.service(name);
    let image =
      image::of(service).unwrap_or_else(|| panic!("{name} ({}) cannot run here", service.image));
    let container = Container::start(&self.sandbox, service, &image, &[], name);
    if service.restart == "no" {
      let log = container.log.clone();
      let status = container.wait(JOB_WITHIN);
      let log = std::fs::read_to_string(log).unwrap_or_default();
      assert!(status.success(), "the job {name} failed ({status}):\n{log}");
      self.completed.push(name.to_owned());
      return;
    }
    self.running.insert(name.to_owned(), container);
    if service.healthcheck_argv().is_some() {
      self.wait_healthy(name);
    }
  }

  /// Waits until the service's own health check passes in its container.
  pub fn wait_healthy(&mut self, name: &str) {
    let argv = self.model.service(name).healthcheck_argv().unwrap();
    let started = Instant::now();
    loop {
      let container = self.running.get_mut(name).unwrap();
      assert!(
        container.running(),
        "{name} exited:\n{}",
        container.log_tail()
      );
      let output = container.exec(&argv);
      if output.status.success() {
        return;
      }
      assert!(
        started.elapsed() < HEALTHY_WITHIN,
        "{name}'s health check {argv:?} never passed: {}{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
        container.log_tail()
      );
      std::thread::sleep(Duration::from_secs(1));
    }
  }

  /// `docker compose run --rm [-e K=V]… [--entrypoint E] SERVICE [ARG…]`:
  /// a one-off container of the service, without its dependencies; its
  /// output.
  pub fn run(
    &mut self,
    name: &str,
    extra: &[(&str, &str)],
    entrypoint: Option<&str>,
    arguments: &[String],
  ) -> String {
    self.runs += 1;
    let mut service: Service = self.model.service(name).clone();
    if let Some(entrypoint) = entrypoint {
      service.entrypoint = Some(vec![entrypoint.to_owned()]);
      service.command = None;
    }
    if !arguments.is_empty() {
      service.command = Some(arguments.to_vec());
    }
    let image = image::of(&service).unwrap();
    let label = format!("{name}-run-{}", self.runs);
    let container = Container::start(&self.sandbox, &service, &image, extra, &label);
    let log = container.log.clone();
    let status = container.wait(JOB_WITHIN);
    let output = std::fs::read_to_string(log).unwrap_or_default();
    assert!(status.success(), "run {name} failed ({status}):\n{output}");
    output
  }

  /// `docker compose restart SERVICE`: stopped, then started on the same
  /// container, and waited for until healthy.
  pub fn restart(&mut self, name: &str) {
    self.stop(name);
    self.start(name);
  }

  /// `docker compose stop SERVICE`.
  pub fn stop(&mut self, name: &str) {
    if let Some(container) = self.running.remove(name) {
      container.stop(Duration::from_secs(30));
    }
  }

  /// `docker compose rm` of a stopped service and of its volumes: the next
  /// `up` makes a new container on empty volumes.
  pub fn remove_with_volumes(&mut self, name: &str) {
    self.stop(name);
    let root = self.sandbox.path();
    let _ = std::fs::remove_dir_all(root.join("containers").join(name));
    for mount in &self.model.service(name).mounts {
      if let super::model::Mount::Volume { name, .. } = mount {
        let _ = std::fs::remove_dir_all(root.join("volumes").join(name));
      }
    }
  }

  /// `docker compose exec SERVICE ARGV…`.
  pub fn exec(&mut self, name: &str, argv: &[&str]) -> std::process::Output {
    let argv: Vec<String> = argv.iter().map(|word| word.to_string()).collect();
    self.running[name].exec(&argv)
  }

  pub fn volume(&self, name: &str) -> std::path::PathBuf {
    self.sandbox.path().join("volumes").join(name)
  }
}

impl Drop for Compose {
  fn drop(&mut self) {
    let names: Vec<String> = self.running.keys().cloned().collect();
    for name in names {
      self.stop(&name);
    }
  }
}
