//! Every bundled stack, built, and its artifacts checked by the real tools
//! that consume them: docker-compose, the compose-spec schema, Caddy,
//! dotenv-linter, a real PostgreSQL server, and node for the MongoDB script.
//! A missing tool fails the test: `.ci/run` installs them all.

mod common;

use {
  common::{root, stackc_in, stacks},
  serde_json::Value,
  std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::{Path, PathBuf},
    process::Command,
  },
};

/// A bundled stack built in a scratch copy of `stacks/`, so that its secrets
/// store is created there and not in the repository.
struct Built {
  _directory: tempfile::TempDir,
  out: PathBuf,
}

fn build(stack: &str, profile: Option<&str>, environment: &[(&str, &str)]) -> Built {
  let directory = tempfile::tempdir().unwrap();
  let copy = directory.path().join("stacks");
  fs::create_dir(&copy).unwrap();
  for entry in fs::read_dir(root().join("stacks")).unwrap() {
    let path = entry.unwrap().path();
    if path.is_file() {
      fs::copy(&path, copy.join(path.file_name().unwrap())).unwrap();
    }
  }
  let out = directory.path().join("out");
  let mut arguments = vec![
    "build".to_owned(),
    copy
      .join(Path::new(stack).file_name().unwrap())
      .display()
      .to_string(),
  ];
  arguments.extend(["--out".to_owned(), out.display().to_string()]);
  if let Some(profile) = profile {
    arguments.extend(["--profile".to_owned(), profile.to_owned()]);
  }
  let output = stackc_in(directory.path(), &arguments, environment);
  assert_eq!(output.status, 0, "build {stack}: {}", output.stderr);
  Built {
    _directory: directory,
    out,
  }
}

fn tool(name: &str) -> Command {
  let found = Command::new("sh")
    .args(["-c", &format!("command -v {name}")])
    .output()
    .is_ok_and(|output| output.status.success());
  assert!(
    found,
    "{name} is not installed: run .ci/run, which installs it"
  );
  Command::new(name)
}

fn run(mut command: Command) -> String {
  let output = command.output().expect("the tool runs");
  assert!(
    output.status.success(),
    "{command:?} failed:\n{}{}",
    String::from_utf8_lossy(&output.stdout),
    String::from_utf8_lossy(&output.stderr)
  );
  String::from_utf8_lossy(&output.stdout).into_owned()
}

fn compose_files(profile: Option<&str>) -> Vec<String> {
  let mut files = vec!["docker-compose.yml".to_owned()];
  if let Some(profile) = profile {
    files.push(format!("docker-compose.{profile}.yml"));
  }
  files
}

/// The configuration docker-compose resolves, `.env` interpolated.
fn compose_config(built: &Built, profile: Option<&str>) -> serde_norway::Value {
  let mut command = tool("docker-compose");
  command.current_dir(&built.out).args(["--env-file", ".env"]);
  for file in compose_files(profile) {
    command.args(["-f", &file]);
  }
  command.arg("config");
  serde_norway::from_str(&run(command)).expect("docker-compose prints YAML")
}

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

/// A PostgreSQL server in a temporary directory, on loopback, stopped on drop.
struct Postgres {
  directory: tempfile::TempDir,
  port: u16,
  bin: PathBuf,
}

impl Postgres {
  fn start() -> Self {
    let bin = fs::read_dir("/usr/lib/postgresql")
      .expect("PostgreSQL is installed: run .ci/run, which installs it")
      .map(|entry| entry.unwrap().path().join("bin"))
      .find(|bin| bin.join("initdb").exists())
      .expect("initdb is installed");
    let directory = tempfile::tempdir().unwrap();
    let port = {
      let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
      listener.local_addr().unwrap().port()
    };
    // PostgreSQL refuses to run as root: the server runs as `postgres`.
    run_as_postgres(&format!("chmod 777 {0}", directory.path().display()), true);
    let data = directory.path().join("data");
    run_as_postgres(
      &format!(
        "{}/initdb -D {} -U postgres --auth-local=trust --auth-host=scram-sha-256 >/dev/null",
        bin.display(),
        data.display()
      ),
      false,
    );
    run_as_postgres(
      &format!(
        "{}/pg_ctl -D {} -w -l {}/log -o \"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={}\" start >/dev/null",
        bin.display(),
        data.display(),
        directory.path().display(),
        directory.path().display()
      ),
      false,
    );
    Postgres {
      directory,
      port,
      bin,
    }
  }

  /// pgvector is not packaged by Debian: where it is missing, a stand-in
  /// extension named `vector` is installed, so that `CREATE EXTENSION
  /// vector` runs. Everything else here is real.
  fn ensure_vector_extension(&self) {
    let sharedir = String::from_utf8(
      Command::new(self.bin.join("pg_config"))
        .arg("--sharedir")
        .output()
        .map(|o| o.stdout)
        .unwrap_or_default(),
    )
    .unwrap();
    let sharedir = if sharedir.trim().is_empty() {
      format!(
        "/usr/share/postgresql/{}",
        self
          .bin
          .parent()
          .unwrap()
          .file_name()
          .unwrap()
          .to_string_lossy()
      )
    } else {
      sharedir.trim().to_owned()
    };
    let extension = Path::new(&sharedir).join("extension");
    if !extension.join("vector.control").exists() {
      fs::write(
        extension.join("vector.control"),
        "comment = 'stand-in for pgvector in stackc tests'\ndefault_version = '0.0.0'\nrelocatable = true\n",
      )
      .expect("writable extension directory (the tests run as root in CI)");
      fs::write(
        extension.join("vector--0.0.0.sql"),
        "-- stand-in for pgvector: no objects\n",
      )
      .unwrap();
    }
  }

  fn psql(&self, connection: &str, password: Option<&str>, sql: &str) -> Result<String, String> {
    let mut command = Command::new(self.bin.join("psql"));
    command.args([
      connection,
      "-X",
      "-A",
      "-t",
      "-v",
      "ON_ERROR_STOP=1",
      "-c",
      sql,
    ]);
    command.env_remove("PGPASSWORD");
    if let Some(password) = password {
      command.env("PGPASSWORD", password);
    }
    let output = command.output().unwrap();
    if output.status.success() {
      Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    } else {
      Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
  }
}

impl Drop for Postgres {
  fn drop(&mut self) {
    run_as_postgres(
      &format!(
        "{}/pg_ctl -D {}/data -m immediate stop >/dev/null",
        self.bin.display(),
        self.directory.path().display()
      ),
      true,
    );
  }
}

fn run_as_postgres(script: &str, as_root: bool) {
  let mut command = if as_root {
    let mut command = Command::new("sh");
    command.args(["-c", script]);
    command
  } else {
    let mut command = Command::new("runuser");
    command.args(["-u", "postgres", "--", "sh", "-c", script]);
    command
  };
  let output = command.output().expect("sh runs");
  assert!(
    output.status.success() || as_root,
    "{script}: {}",
    String::from_utf8_lossy(&output.stderr)
  );
}

/// A service's environment as its container receives it. `docker-compose
/// config` prints compose syntax, where a literal `$` is written `$$`.
fn environment_of(config: &serde_norway::Value, service: &str) -> BTreeMap<String, String> {
  let environment = &config["services"][service]["environment"];
  let environment: BTreeMap<String, String> =
    serde_norway::from_value(environment.clone()).expect("a map of strings");
  environment
    .into_iter()
    .map(|(key, value)| (key, value.replace("$$", "$")))
    .collect()
}

/// Runs the build's init script against a real server, as the postgres
/// image's entrypoint would, then logs in as each service's owner with the
/// password docker-compose reads from `.env`.
fn check_postgres_init(built: &Built, users: &[(&str, &str, &str)]) -> Postgres {
  let postgres = Postgres::start();
  postgres.ensure_vector_extension();
  let config = compose_config(built, None);
  let environment = environment_of(&config, "postgresql");
  let script = built.out.join("postgresql/init.sh");
  let output = Command::new("sh")
    .arg(&script)
    .envs(&environment)
    .env("PGHOST", postgres.directory.path())
    .env("PGPORT", postgres.port.to_string())
    .env("POSTGRES_USER", "postgres")
    .env("STACKC_INIT_SQL", built.out.join("postgresql/init.sql"))
    .output()
    .unwrap();
  assert!(
    output.status.success(),
    "init.sh: {}",
    String::from_utf8_lossy(&output.stderr)
  );
  for (database, user, variable) in users {
    let password = &environment[*variable];
    let connection = format!(
      "host=127.0.0.1 port={} dbname={database} user={user}",
      postgres.port
    );
    let who = postgres
      .psql(
        &connection,
        Some(password),
        "SELECT current_user || ' ' || current_database()",
      )
      .unwrap_or_else(|error| panic!("{user} cannot log in to {database}: {error}"));
    assert_eq!(who, format!("{user} {database}"));
    // The owner can create tables in its database...
    postgres
      .psql(
        &connection,
        Some(password),
        "CREATE TABLE probe (id int); DROP TABLE probe",
      )
      .unwrap();
    // ...and the wrong password is refused.
    assert!(
      postgres
        .psql(&connection, Some("wrong"), "SELECT 1")
        .is_err()
    );
  }
  postgres
}

#[test]
fn postgresql_init_creates_each_database_and_owner() {
  let built = build("stacks/borgstack.toml", None, &[]);
  check_postgres_init(
    &built,
    &[
      ("n8n_db", "n8n_user", "N8N_DB_PASSWORD"),
      ("chatwoot_db", "chatwoot_user", "CHATWOOT_DB_PASSWORD"),
      ("directus_db", "directus_user", "DIRECTUS_DB_PASSWORD"),
      ("evolution_db", "evolution_user", "EVOLUTION_DB_PASSWORD"),
    ],
  );
}

/// A password made to break naive quoting in SQL, shell, YAML and `.env`.
const HOSTILE: &str = r#"a'b;c\d"e$f g#h`i'; DROP ROLE postgres; --"#;

#[test]
fn a_hostile_password_reaches_postgresql_unchanged() {
  let directory = tempfile::tempdir().unwrap();
  let stack = directory.path().join("stack.toml");
  fs::write(
    &stack,
    "version = 1\n[stack]\nname = \"hostile\"\ndomain = \"example.com\"\nacme_email = \"a@example.com\"\n[secrets]\nn8n_db_password = { from_env = \"N8N_DB_PASSWORD_INPUT\" }\n[services.postgresql]\n[services.redis]\n[services.n8n]\n",
  )
  .unwrap();
  let out = directory.path().join("out");
  let output = stackc_in(
    directory.path(),
    ["build", "stack.toml", "--out", "out"],
    &[("N8N_DB_PASSWORD_INPUT", HOSTILE)],
  );
  assert_eq!(output.status, 0, "{}", output.stderr);
  let built = Built {
    _directory: directory,
    out,
  };
  let config = compose_config(&built, None);
  // docker-compose reads back exactly the value, for the server and for n8n.
  assert_eq!(
    environment_of(&config, "postgresql")["N8N_DB_PASSWORD"],
    HOSTILE
  );
  assert_eq!(
    environment_of(&config, "n8n")["DB_POSTGRESDB_PASSWORD"],
    HOSTILE
  );
  check_postgres_init(&built, &[("n8n_db", "n8n_user", "N8N_DB_PASSWORD")]);
}

#[test]
fn mongodb_init_creates_lowcoders_user_with_the_password_from_the_environment() {
  let built = build("stacks/borgstack.toml", None, &[]);
  let config = compose_config(&built, None);
  let password = environment_of(&config, "mongodb")["LOWCODER_DB_PASSWORD"].clone();
  // mongosh runs the script with `db` bound; node runs it here against a
  // recording `db`, so that its syntax and its calls are real.
  let harness = r#"
    const calls = [];
    const db = { getSiblingDB: (name) => ({ createUser: (user) => calls.push({ db: name, ...user }) }) };
    new Function("db", "process", require("fs").readFileSync(process.argv[1], "utf8"))(db, process);
    console.log(JSON.stringify(calls));
  "#;
  let mut command = tool("node");
  command
    .args([
      "-e",
      harness,
      built.out.join("mongodb/init.js").to_str().unwrap(),
    ])
    .env("LOWCODER_DB_PASSWORD", &password);
  let calls: Value = serde_json::from_str(run(command).trim()).unwrap();
  assert_eq!(
    calls,
    serde_json::json!([{
      "db": "lowcoder",
      "user": "lowcoder_user",
      "pwd": password,
      "roles": [{"role": "readWrite", "db": "lowcoder"}, {"role": "dbAdmin", "db": "lowcoder"}],
    }])
  );
  let script = fs::read_to_string(built.out.join("mongodb/init.js")).unwrap();
  assert!(
    !script.contains(&password),
    "the password is never written into the script"
  );
}

#[test]
fn the_rotation_steps_set_the_new_password_on_a_running_server() {
  let built = build("stacks/minimal.toml", None, &[]);
  let postgres = check_postgres_init(&built, &[("n8n_db", "n8n_user", "N8N_DB_PASSWORD")]);
  let old = environment_of(&compose_config(&built, None), "postgresql")["N8N_DB_PASSWORD"].clone();
  // The scratch directory holds the stack and its store beside `out`.
  let directory = built.out.parent().unwrap().to_owned();
  let stack = directory.join("stacks/minimal.toml");
  let rotate = stackc_in(
    &directory,
    [
      "secrets",
      "rotate",
      "n8n_db_password",
      stack.to_str().unwrap(),
    ],
    &[],
  );
  assert_eq!(rotate.status, 0, "{}", rotate.stderr);
  let rebuild = stackc_in(
    &directory,
    ["build", stack.to_str().unwrap(), "--out", "out"],
    &[],
  );
  assert_eq!(rebuild.status, 0, "{}", rebuild.stderr);
  let new = environment_of(&compose_config(&built, None), "postgresql")["N8N_DB_PASSWORD"].clone();
  assert_ne!(new, old);
  // Step 3, as printed, run where `docker compose exec postgresql` would:
  // in a shell whose environment is the recreated container's.
  let step = rotate
    .stdout
    .lines()
    .find(|line| line.contains("ALTER USER"))
    .unwrap();
  let command = step
    .trim()
    .strip_prefix("docker compose exec -T postgresql ")
    .unwrap();
  let output = Command::new("sh")
    .args(["-c", command])
    .env("N8N_DB_PASSWORD", &new)
    .env("PGHOST", postgres.directory.path())
    .env("PGPORT", postgres.port.to_string())
    .output()
    .unwrap();
  assert!(
    output.status.success(),
    "{}",
    String::from_utf8_lossy(&output.stderr)
  );
  let connection = format!(
    "host=127.0.0.1 port={} dbname=n8n_db user=n8n_user",
    postgres.port
  );
  assert_eq!(
    postgres
      .psql(&connection, Some(&new), "SELECT current_user")
      .unwrap(),
    "n8n_user"
  );
  assert!(
    postgres.psql(&connection, Some(&old), "SELECT 1").is_err(),
    "the old password no longer works"
  );
}

#[test]
fn postgresql_init_creates_orchestratais_document_store() {
  let built = build("stacks/orchestratai.toml", None, &[]);
  let postgres = check_postgres_init(
    &built,
    &[
      ("orchestratai", "orchestratai", "ORCHESTRATAI_DB_PASSWORD"),
      ("n8n_db", "n8n_user", "N8N_DB_PASSWORD"),
    ],
  );
  let connection = format!(
    "host={} port={} dbname=orchestratai user=postgres",
    postgres.directory.path().display(),
    postgres.port
  );
  let extensions = postgres
    .psql(
      &connection,
      None,
      "SELECT extname FROM pg_extension ORDER BY 1",
    )
    .unwrap();
  assert!(
    extensions.lines().any(|line| line == "vector"),
    "{extensions}"
  );
}
