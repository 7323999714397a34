//! `--target swarm` against the real tools: `docker stack config` on every
//! bundled stack, a real Swarm manager (Debian's dockerd) deploying each
//! with the generated `deploy.sh` and the checklist's node labels, and a
//! wiring test on a local busybox image: service names resolve on the
//! overlay network and a Docker secret is read as a file, on one manager
//! and on two at once, which must not meet (see common/swarm.rs).

mod common;

use {
  common::{
    built::{Built, build_for},
    stackc_in,
    swarm::{DEBIAN_DOCKER, Engine},
  },
  std::{collections::BTreeSet, fs, path::Path, process::Command, time::Duration},
};

/// What the bundled stacks take from the environment.
const ENVIRONMENT: &[(&str, &str)] = &[
  ("OPENAI_API_KEY", "sk-test-openai"),
  ("AWS_ACCESS_KEY_ID", "AKIATEST"),
  ("AWS_SECRET_ACCESS_KEY", "aws-secret-test"),
];

fn stack_file(built: &Built) -> serde_norway::Value {
  serde_norway::from_str(&fs::read_to_string(built.out.join("docker-stack.yml")).unwrap()).unwrap()
}

fn keys(value: &serde_norway::Value) -> Vec<String> {
  value
    .as_mapping()
    .map(|mapping| {
      mapping
        .keys()
        .map(|k| k.as_str().unwrap().to_owned())
        .collect()
    })
    .unwrap_or_default()
}

/// Runs `script` in `out` with `.env` exported, as deploy.sh does.
fn with_env(out: &Path, script: &str) -> Command {
  let mut command = Command::new("sh");
  command
    .current_dir(out)
    .arg("-c")
    .arg(format!("set -a; . ./.env; set +a; {script}"));
  command
}

#[test]
fn docker_stack_config_accepts_every_bundled_stack() {
  for stack in common::stacks() {
    let built = build_for(&stack, "swarm", None, ENVIRONMENT);
    let file = stack_file(&built);
    // The deploy script names each secret; here any name will do.
    let names: String = keys(&file["secrets"])
      .iter()
      .map(|key| {
        format!(
          "export STACKC_SECRET_{}=x_{key}; ",
          key.to_ascii_uppercase()
        )
      })
      .collect();
    let output = with_env(
      &built.out,
      &format!("{names}docker stack config -c docker-stack.yml"),
    )
    .output()
    .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stack}: {stderr}");
    assert!(
      !stderr.contains("Ignoring") && !stderr.contains("unsupported"),
      "{stack}: {stderr}"
    );
    // Nothing swarm ignores or compose alone reads.
    let text = fs::read_to_string(built.out.join("docker-stack.yml")).unwrap();
    for compose_only in ["container_name", "restart:", "depends_on", "shm_size"] {
      assert!(!text.contains(compose_only), "{stack}: {compose_only}");
    }
    let resolved: serde_norway::Value =
      serde_norway::from_slice(&output.stdout).expect("docker stack config prints YAML");
    let sorted = |value: &serde_norway::Value| keys(value).into_iter().collect::<BTreeSet<_>>();
    assert_eq!(sorted(&resolved["services"]), sorted(&file["services"]));
    // No interpolation was left unresolved: .env and deploy.sh cover it.
    assert!(!String::from_utf8_lossy(&output.stdout).contains("${"));
  }
}

/// The tasks of every service of `stack`: `(service, node, error)`.
fn tasks(engine: &Engine, stack: &str) -> Vec<(String, String, String)> {
  engine
    .ok([
      "stack",
      "ps",
      stack,
      "--no-trunc",
      "--format",
      "{{.Name}}|{{.Node}}|{{.Error}}",
    ])
    .lines()
    .filter_map(|line| {
      let mut parts = line.splitn(3, '|');
      let name = parts.next()?.trim_start_matches(['\\', '_', ' ']);
      let service = name.rsplit_once('.').map_or(name, |(service, _)| service);
      Some((
        service.to_owned(),
        parts.next()?.to_owned(),
        parts.next()?.to_owned(),
      ))
    })
    .collect()
}

/// Runs the built deploy.sh with the docker CLI `docker`; returns its output.
fn deploy(engine: &Engine, out: &Path, docker: &str) -> String {
  let bin = tempfile::tempdir().unwrap();
  std::os::unix::fs::symlink(docker, bin.path().join("docker")).unwrap();
  let path = format!(
    "{}:{}",
    bin.path().display(),
    std::env::var("PATH").unwrap_or_default()
  );
  let output = engine
    .command(&out.join("deploy.sh").display().to_string())
    .env("PATH", path)
    .args(["--resolve-image", "never"])
    .output()
    .unwrap();
  let shown = format!(
    "{}{}",
    String::from_utf8_lossy(&output.stdout),
    String::from_utf8_lossy(&output.stderr)
  );
  assert!(output.status.success(), "deploy.sh: {shown}");
  assert!(
    !shown.contains("Ignoring") && !shown.contains("unsupported"),
    "{shown}"
  );
  shown
}

#[test]
fn every_bundled_stack_deploys_on_a_real_swarm_manager() {
  let engine = Engine::start();
  let node = engine.node();
  for stack in common::stacks() {
    let built = build_for(&stack, "swarm", None, ENVIRONMENT);
    let file = stack_file(&built);
    let name = file_name(&built);
    let services: BTreeSet<String> = keys(&file["services"])
      .into_iter()
      .map(|service| format!("{name}_{service}"))
      .collect();

    // Unlabelled, the pinned services cannot be scheduled.
    deploy(&engine, &built.out, DEBIAN_DOCKER);
    engine.wait_for(
      "a task refused for want of a labelled node",
      Duration::from_secs(60),
      || {
        tasks(&engine, &name)
          .iter()
          .any(|(_, _, error)| error.contains("no suitable node"))
      },
    );

    // The checklist's own commands label the node.
    let checklist = fs::read_to_string(built.out.join("CHECKLIST.md")).unwrap();
    let labels: Vec<String> = checklist
      .lines()
      .filter(|line| line.starts_with("docker node update --label-add"))
      .map(|line| {
        line
          .split('#')
          .next()
          .unwrap()
          .trim()
          .replace(" NODE", &format!(" {node}"))
      })
      .collect();
    assert!(
      !labels.is_empty(),
      "{stack}: no node labels in the checklist"
    );
    for label in &labels {
      let arguments: Vec<&str> = label.split_whitespace().skip(1).collect();
      engine.ok(arguments);
    }

    // Then every service has a task placed on the node; images cannot be
    // pulled here, so the tasks go no further than that.
    engine.wait_for(
      &format!("every service of {stack} to be scheduled"),
      Duration::from_secs(120),
      || {
        let tasks = tasks(&engine, &name);
        let placed: BTreeSet<String> = tasks
          .iter()
          .filter(|(_, node, error)| !node.is_empty() && !error.contains("no suitable node"))
          .map(|(service, _, _)| service.clone())
          .collect();
        placed == services
      },
    );
    let created: BTreeSet<String> = engine
      .ok(["stack", "services", &name, "--format", "{{.Name}}"])
      .lines()
      .map(str::to_owned)
      .collect();
    assert_eq!(created, services, "{stack}");

    // Configs and secrets exist under the names the stack file and the
    // deploy script give them.
    let configs: BTreeSet<String> = engine
      .ok(["config", "ls", "--format", "{{.Name}}"])
      .lines()
      .map(str::to_owned)
      .collect();
    for key in keys(&file["configs"]) {
      let wanted = file["configs"][key.as_str()]["name"].as_str().unwrap();
      assert!(configs.contains(wanted), "{stack}: config {wanted}");
    }
    let secrets = engine.ok(["secret", "ls", "--format", "{{.Name}}"]);
    for key in keys(&file["secrets"]) {
      assert!(
        secrets
          .lines()
          .any(|s| s.starts_with(&format!("{name}_{key}_"))),
        "{stack}: secret {key} in {secrets}"
      );
    }

    // Current Docker's CLI deploys the same files again, as an update.
    let again = deploy(&engine, &built.out, "docker");
    assert!(again.contains("Updating service"), "{again}");
    engine.ok(["stack", "rm", &name]);
    // The next stack starts from an unlabelled node again.
    for label in &labels {
      let key = label
        .split_whitespace()
        .nth(4)
        .and_then(|assignment| assignment.split_once('='))
        .unwrap()
        .0;
      engine.ok(["node", "update", "--label-rm", key, &node]);
    }
  }
}

fn file_name(built: &Built) -> String {
  let script = fs::read_to_string(built.out.join("deploy.sh")).unwrap();
  script
    .lines()
    .last()
    .and_then(|line| line.rsplit(' ').next())
    .unwrap()
    .to_owned()
}

const WIRING: &str = r#"version = 1
[stack]
name = "wiring"
domain = "example.com"
acme_email = "ops@example.com"

# PostgreSQL's image reads POSTGRES_PASSWORD_FILE: its password arrives as a
# Docker secret. Here busybox stands in for it and serves what it read.
[services.postgresql]
image = "stackc-busybox:1.0"
command = ["sh", "-c", "cat \"$POSTGRES_PASSWORD_FILE\" > /www/secret && exec httpd -f -p 5432 -h /www"]
healthcheck = { command = ["CMD", "true"] }

[services.probe]
image = "stackc-busybox:1.0"
command = ["sh", "-c", "while true; do wget -q -O /tmp/answer http://postgresql:5432/secret; sleep 1; done"]
"#;

#[test]
fn service_names_resolve_and_secrets_are_files_on_the_overlay_network() {
  wire(&Engine::start());
}

/// Deploys the wiring stack on `engine`: a service reaches `postgresql` by
/// name over the overlay network and reads back the password it got as a
/// Docker secret file.
fn wire(engine: &Engine) {
  engine.import_busybox("stackc-busybox:1.0");
  let directory = tempfile::tempdir().unwrap();
  fs::write(directory.path().join("stack.toml"), WIRING).unwrap();
  let output = stackc_in(
    directory.path(),
    ["build", "--target", "swarm", "--out", "out"],
    &[],
  );
  assert_eq!(output.status, 0, "{}", output.stderr);
  let out = directory.path().join("out");
  // This kernel has no IPVS for virtual IPs: DNS round robin instead.
  let path = out.join("docker-stack.yml");
  let mut file: serde_norway::Value =
    serde_norway::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
  for service in keys(&file["services"]) {
    file["services"][service.as_str()]["deploy"]["endpoint_mode"] = "dnsrr".into();
  }
  fs::write(&path, serde_norway::to_string(&file).unwrap()).unwrap();
  assert_eq!(
    file["services"]["postgresql"]["environment"]["POSTGRES_PASSWORD_FILE"].as_str(),
    Some("/run/secrets/postgres_password")
  );

  let node = engine.node();
  engine.ok(["node", "update", "--label-add", "data=main", &node]);
  deploy(engine, &out, "docker");

  let env = fs::read_to_string(out.join(".env")).unwrap();
  let password = env
    .lines()
    .find_map(|line| line.strip_prefix("POSTGRES_PASSWORD="))
    .unwrap()
    .trim_matches('\'')
    .to_owned();
  engine.wait_for(
    "the probe to fetch the secret from postgresql by name",
    Duration::from_secs(120),
    || {
      let container = engine.ok(["ps", "-q", "-f", "name=wiring_probe"]);
      let Some(container) = container.lines().next() else {
        return false;
      };
      let answer = engine.docker(["exec", container, "cat", "/tmp/answer"]);
      answer.status.success() && answer.stdout == password.as_bytes()
    },
  );
  // The password is not in the service's environment.
  let inspected = engine.ok(["service", "inspect", "wiring_postgresql"]);
  assert!(!inspected.contains(&password));
}

/// The subnets and the VNIs of the wiring stack's overlay networks.
fn overlays(engine: &Engine) -> (BTreeSet<String>, BTreeSet<String>) {
  let mut subnets = BTreeSet::new();
  let mut vnis = BTreeSet::new();
  let names = engine.ok([
    "network",
    "ls",
    "--filter",
    "label=com.docker.stack.namespace=wiring",
    "--format",
    "{{.Name}}",
  ]);
  for name in names.lines() {
    let inspected = engine.ok([
      "network",
      "inspect",
      name,
      "--format",
      "{{range .IPAM.Config}}{{.Subnet}}{{end}}|{{index .Options \"com.docker.network.driver.overlay.vxlanid_list\"}}",
    ]);
    let (subnet, vni) = inspected.trim().split_once('|').unwrap();
    assert!(!subnet.is_empty() && !vni.is_empty(), "{name}: {inspected}");
    subnets.insert(subnet.to_owned());
    vnis.insert(vni.to_owned());
  }
  (subnets, vnis)
}

/// Two managers on one machine at once, as two test runs beside each other
/// are, each wiring the same stack: both succeed with the same subnets and
/// the same VNIs, and neither leaves an interface in the host's namespace.
#[test]
fn two_managers_on_one_machine_wire_their_stacks_at_once() {
  let before = common::swarm::host_overlay_interfaces();
  {
    // Started here, on the test's thread, which drops them (see start).
    let engines = [Engine::start(), Engine::start()];
    std::thread::scope(|scope| {
      for engine in &engines {
        scope.spawn(|| wire(engine));
      }
    });
    let [first, second] = &engines;
    let (subnets, vnis) = overlays(first);
    assert!(!vnis.is_empty());
    // What collided when both daemons shared the host's namespace (which
    // network gets which is a matter of who asked first).
    assert_eq!((subnets, vnis), overlays(second));
    // Their bridges and veths are in their own namespaces, not the host's.
    let host = common::swarm::host_interfaces();
    for engine in &engines {
      let own = engine.interfaces();
      assert!(own.contains("docker_gwbridge"), "{own:?}");
      let shared: Vec<&String> = own
        .iter()
        .filter(|name| *name != "lo" && host.contains(*name))
        .collect();
      assert!(shared.is_empty(), "in the host's namespace: {shared:?}");
    }
  }
  let after = common::swarm::host_overlay_interfaces();
  let new: Vec<&String> = after.difference(&before).collect();
  assert!(
    new.is_empty(),
    "new vxlan, bridge or veth interfaces in the host's namespace: {new:?}"
  );
}

#[test]
fn build_check_diff_and_graph_take_the_target() {
  let directory = common::scratch("minimal.toml");
  let path = directory.path();
  let run = |arguments: &[&str]| stackc_in(path, arguments, &[]);
  assert_eq!(
    run(&["build", "--target", "swarm", "--out", "out"]).status,
    0
  );
  // Up to date for swarm; the compose files were never written there.
  assert_eq!(
    run(&["build", "--check", "--target", "swarm", "--out", "out"]).status,
    0
  );
  assert_eq!(
    run(&["diff", "--target", "swarm", "--out", "out"]).status,
    0
  );
  let compose = run(&["build", "--check", "--out", "out"]);
  assert_eq!(compose.status, 1, "{}", compose.stderr);
  assert!(
    compose.stdout.contains("docker-compose.yml"),
    "{}",
    compose.stdout
  );
  // A changed stack shows up in the swarm files.
  let stack = fs::read_to_string(path.join("stack.toml")).unwrap();
  fs::write(
    path.join("stack.toml"),
    stack.replace("[services.n8n]", "[services.n8n]\nmemory = \"1g\""),
  )
  .unwrap();
  let diff = run(&["diff", "--target", "swarm", "--out", "out"]);
  assert_eq!(diff.status, 1);
  assert!(diff.stdout.contains("docker-stack.yml"), "{}", diff.stdout);
  assert!(diff.stdout.contains("memory: \"1g\""), "{}", diff.stdout);
  // The graph carries the placement as comments.
  let graph = run(&["graph", "--target", "swarm"]);
  assert_eq!(graph.status, 0, "{}", graph.stderr);
  assert!(
    graph
      .stdout
      .contains("%% swarm: postgresql runs on node.labels.data == main"),
    "{}",
    graph.stdout
  );
  // Kubernetes has no placement to add: the same diagram, no comments.
  let kubernetes = run(&["graph", "--target", "kubernetes"]);
  assert_eq!(kubernetes.status, 0, "{}", kubernetes.stderr);
  assert!(!kubernetes.stdout.contains("swarm:"));
}

/// `deploy.sh` sources `.env` with a shell: a value full of what a shell
/// interprets comes back exactly, and one it cannot hold is refused by name.
#[test]
fn the_swarm_env_file_is_read_back_exactly_by_a_shell() {
  let hostile = "a;touch pwned $(id) `id` $HOME ~ * [x] & | > # \" !";
  let directory = common::scratch_with(
    "minimal.toml",
    "[services.probe]\nimage = \"acme/probe:1.0\"\nenv = { TOKEN = \"{{ secrets.probe_token }}\" }\n\n[secrets.probe_token]\nfrom_env = \"PROBE_TOKEN_INPUT\"\n",
  );
  let path = directory.path();
  let output = stackc_in(
    path,
    ["build", "--target", "swarm", "--out", "out"],
    &[("PROBE_TOKEN_INPUT", hostile)],
  );
  assert_eq!(output.status, 0, "{}", output.stderr);
  let shell = Command::new("sh")
    .current_dir(path.join("out"))
    .args(["-c", "set -a; . ./.env; printf %s \"$PROBE_TOKEN\""])
    .output()
    .unwrap();
  assert!(shell.status.success());
  assert_eq!(String::from_utf8(shell.stdout).unwrap(), hostile);
  assert!(!path.join("out/pwned").exists());

  let refused = stackc_in(
    path,
    ["build", "--target", "swarm", "--out", "again"],
    &[("PROBE_TOKEN_INPUT", "it's")],
  );
  assert_eq!(refused.status, 1, "{}", refused.stderr);
  assert!(refused.stderr.contains("PROBE_TOKEN"), "{}", refused.stderr);
  assert!(!refused.stderr.contains("it's"), "{}", refused.stderr);
  assert!(!path.join("again").exists());
}
