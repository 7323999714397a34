//! Every bundled stack, built, and its artifacts checked by the real tools
//! that consume them: docker-compose, the compose-spec schema, Caddy,
//! dotenv-linter, a real PostgreSQL server, and node for the MongoDB script.
//! A missing tool fails the test: `.ci/run` installs them all.

mod common;

use {
  common::{
    built::{Built, build, compose_config, compose_files, run, tool},
    stacks,
  },
  serde_json::Value,
  std::collections::{BTreeMap, BTreeSet},
};

fn every_build() -> Vec<(String, Option<&'static str>, Built)> {
  let mut builds = Vec::new();
  for stack in stacks() {
    builds.push((stack.clone(), None, build(&stack, None, &[])));
    if stack.ends_with("borgstack.toml") {
      builds.push((
        stack.clone(),
        Some("development"),
        build(&stack, Some("development"), &[]),
      ));
    }
  }
  builds
}

#[test]
fn docker_compose_accepts_every_compose_file() {
  for (stack, profile, built) in every_build() {
    let mut command = tool("docker-compose");
    command.current_dir(&built.out).args(["--env-file", ".env"]);
    for file in compose_files(profile) {
      command.args(["-f", &file]);
    }
    command.args(["config", "-q"]);
    run(command);
    // Every secret the compose file interpolates has a value in `.env`.
    let config = compose_config(&built, profile);
    let text = serde_norway::to_string(&config).unwrap();
    assert!(
      !text.contains("${"),
      "{stack}: an uninterpolated variable remains"
    );
  }
}

/// Compose v2, what operators run, accepts every compose file and profile,
/// and gives every container the environment docker-compose 1.29 gives it.
#[test]
fn compose_v2_reads_every_compose_file_as_v1_does() {
  for (stack, profile, built) in every_build() {
    let mut command = common::compose::compose_v2();
    command.current_dir(&built.out).args(["--env-file", ".env"]);
    for file in compose_files(profile) {
      command.args(["-f", &file]);
    }
    command.args(["config", "--format", "json"]);
    let v2: Value = serde_json::from_str(&run(command)).expect("docker compose prints JSON");
    let v2 = serde_norway::to_value(v2).unwrap();
    let v1 = compose_config(&built, profile);
    let services = v1["services"].as_mapping().unwrap();
    assert_eq!(
      services.len(),
      v2["services"].as_mapping().unwrap().len(),
      "{stack}"
    );
    for name in services.keys() {
      let name = name.as_str().unwrap();
      assert_eq!(
        common::built::environment_of(&v2, name),
        common::built::environment_of(&v1, name),
        "{stack} {profile:?}: v1 and v2 give {name} different environments"
      );
    }
  }
}

#[test]
fn compose_files_match_the_compose_spec_schema() {
  for (_, profile, built) in every_build() {
    let mut command = tool("check-jsonschema");
    command
      .current_dir(&built.out)
      .args(["--builtin-schema", "vendor.compose-spec"]);
    command.args(compose_files(profile));
    run(command);
  }
}

/// `host -> every upstream its routes dial`, from Caddy's adapted JSON.
fn caddy_routes(config: &Value) -> BTreeMap<String, BTreeSet<String>> {
  fn dials(value: &Value, found: &mut BTreeSet<String>) {
    match value {
      Value::Object(map) => {
        if let Some(dial) = map.get("dial").and_then(Value::as_str) {
          found.insert(dial.to_owned());
        }
        map.values().for_each(|child| dials(child, found));
      }
      Value::Array(items) => items.iter().for_each(|child| dials(child, found)),
      _ => {}
    }
  }
  let mut routes = BTreeMap::new();
  for server in config["apps"]["http"]["servers"]
    .as_object()
    .unwrap()
    .values()
  {
    for route in server["routes"].as_array().unwrap() {
      let hosts: Vec<String> = route["match"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|matcher| matcher["host"].as_array().cloned().unwrap_or_default())
        .filter_map(|host| host.as_str().map(str::to_owned))
        .collect();
      let mut upstreams = BTreeSet::new();
      dials(&route["handle"], &mut upstreams);
      for host in hosts {
        routes.insert(host, upstreams.clone());
      }
    }
  }
  routes
}

fn expected_routes(stack: &str, profile: Option<&str>) -> BTreeMap<String, BTreeSet<String>> {
  let domain = match (stack, profile) {
    (_, Some(_)) => "localhost",
    ("stacks/minimal.toml", None) => "example.com",
    ("stacks/orchestratai.toml", None) => "example.com.br",
    _ => "example.com.br",
  };
  if stack == "stacks/orchestratai.toml" {
    // The chat: its frontend, with /api/* to the backend.
    return BTreeMap::from([
      (
        format!("n8n.{domain}"),
        BTreeSet::from(["n8n:5678".to_owned()]),
      ),
      (
        format!("chat.{domain}"),
        BTreeSet::from([
          "orchestratai-frontend:3000".to_owned(),
          "orchestratai-backend:8000".to_owned(),
        ]),
      ),
    ]);
  }
  let routes: &[(&str, &str)] = match stack {
    "stacks/minimal.toml" => &[("automation", "n8n:5678")],
    // BorgStack's Caddyfile: every routed service and its port.
    _ => &[
      ("n8n", "n8n:5678"),
      ("chatwoot", "chatwoot:3000"),
      ("evolution", "evolution:8080"),
      ("lowcoder", "lowcoder-frontend:3000"),
      ("directus", "directus:8055"),
      ("fileflows", "fileflows:5000"),
      ("duplicati", "duplicati:8200"),
    ],
  };
  routes
    .iter()
    .map(|(label, upstream)| {
      (
        format!("{label}.{domain}"),
        BTreeSet::from([(*upstream).to_owned()]),
      )
    })
    .collect()
}

#[test]
fn caddy_accepts_every_caddyfile_and_routes_each_host_to_its_service() {
  for (stack, profile, built) in every_build() {
    let file = match profile {
      Some(profile) => format!("Caddyfile.{profile}"),
      None => "Caddyfile".to_owned(),
    };
    let mut command = tool("caddy");
    command.current_dir(&built.out).args([
      "adapt",
      "--config",
      &file,
      "--adapter",
      "caddyfile",
      "--validate",
    ]);
    let config: Value = serde_json::from_str(&run(command)).expect("caddy prints JSON");
    assert_eq!(
      caddy_routes(&config),
      expected_routes(&stack, profile),
      "{stack} {file}"
    );
  }
}

#[test]
fn dotenv_linter_accepts_the_env_files() {
  for (_, _, built) in every_build() {
    let mut command = tool("dotenv-linter");
    command
      .current_dir(&built.out)
      .args(["check", "--skip-updates", ".env", ".env.example"]);
    run(command);
  }
}
