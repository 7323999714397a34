//! The database jobs against a real PostgreSQL server: provisioning creates
//! what is missing on every run and changes nothing on a second one, serves
//! a service enabled later and a custom service's database, and applies a
//! rotated password; a dump made by the backup job restores into a fresh
//! server. MongoDB's provisioning runs under node against a recording
//! stand-in for mongosh.

mod common;

use {
  common::{
    HEADER,
    built::{Built, compose_config, environment_of, run, tool},
    postgres::Postgres,
    stackc_in,
  },
  std::{collections::BTreeMap, fs, path::Path, process::Command},
};

/// The superuser password of the test servers, as the stack's `.env` holds it.
fn superuser_password(built: &Built) -> String {
  environment_of(&compose_config(built, None), "postgresql")["POSTGRES_PASSWORD"].clone()
}

/// A server whose superuser has the deployment's password, as the image's
/// entrypoint would have set it from `POSTGRES_PASSWORD`.
fn server_for(built: &Built) -> Postgres {
  let postgres = Postgres::start();
  postgres.ensure_vector_extension();
  let socket = format!(
    "host={} port={} dbname=postgres user=postgres",
    postgres.directory.path().display(),
    postgres.port
  );
  let password = superuser_password(built).replace('\'', "''");
  postgres
    .psql(
      &socket,
      None,
      &format!("ALTER USER postgres PASSWORD '{password}'"),
    )
    .unwrap();
  postgres
}

fn build_in(directory: &Path, environment: &[(&str, &str)]) {
  let output = stackc_in(
    directory,
    ["build", "stack.toml", "--out", "out"],
    environment,
  );
  assert_eq!(output.status, 0, "{}", output.stderr);
}

fn built(body: &str, environment: &[(&str, &str)]) -> Built {
  let directory = tempfile::tempdir().unwrap();
  fs::write(
    directory.path().join("stack.toml"),
    format!("{HEADER}{body}"),
  )
  .unwrap();
  build_in(directory.path(), environment);
  let out = directory.path().join("out");
  Built {
    _directory: directory,
    out,
  }
}

/// Runs a job's script as its container would, with the job's environment
/// as docker-compose resolves it, over TCP to the test server.
fn run_job(built: &Built, job: &str, script: &str, postgres: &Postgres, extra: &[(&str, &str)]) {
  let environment = environment_of(&compose_config(built, None), job);
  let output = Command::new("sh")
    .arg(built.out.join(script))
    .envs(&environment)
    .env(
      "PATH",
      format!(
        "{}:{}",
        postgres.bin.display(),
        std::env::var("PATH").unwrap()
      ),
    )
    .env("PGHOST", "127.0.0.1")
    .env("PGPORT", postgres.port.to_string())
    .env(
      "STACKC_PROVISION_SQL",
      built.out.join("postgresql/provision.sql"),
    )
    .envs(extra.iter().copied())
    .output()
    .unwrap();
  assert!(
    output.status.success(),
    "{script}: {}{}",
    String::from_utf8_lossy(&output.stdout),
    String::from_utf8_lossy(&output.stderr)
  );
}

fn provision(built: &Built, postgres: &Postgres) {
  run_job(
    built,
    "postgresql-provision",
    "postgresql/provision.sh",
    postgres,
    &[],
  );
}

fn connection(postgres: &Postgres, database: &str, user: &str) -> String {
  format!(
    "host=127.0.0.1 port={} dbname={database} user={user}",
    postgres.port
  )
}

fn superuser(postgres: &Postgres, built: &Built, sql: &str) -> String {
  postgres
    .psql(
      &connection(postgres, "postgres", "postgres"),
      Some(&superuser_password(built)),
      sql,
    )
    .unwrap()
}

/// Roles with their password hashes, databases with owners and rights: a
/// second run that changed anything would change this.
fn state(postgres: &Postgres, built: &Built) -> String {
  superuser(
    postgres,
    built,
    "SELECT string_agg(rolname || ' ' || coalesce(rolpassword, '-'), E'\\n' ORDER BY rolname) FROM pg_authid WHERE rolname NOT LIKE 'pg\\_%'
     UNION ALL
     SELECT string_agg(datname || ' ' || datdba::regrole || ' ' || coalesce(datacl::text, '-'), E'\\n' ORDER BY datname) FROM pg_database",
  )
}

/// The value docker-compose gives `variable` from `.env`.
fn secret(built: &Built, job: &str, variable: &str) -> String {
  environment_of(&compose_config(built, None), job)[variable].clone()
}

/// The owner logs in to its database with `password`, can create a table
/// there, and a wrong password is refused.
fn assert_owner(postgres: &Postgres, database: &str, user: &str, password: &str) {
  let connection = connection(postgres, database, user);
  let who = postgres
    .psql(
      &connection,
      Some(password),
      "SELECT current_user || ' ' || current_database()",
    )
    .unwrap_or_else(|error| panic!("{user} cannot log in to {database}: {error}"));
  assert_eq!(who, format!("{user} {database}"));
  postgres
    .psql(
      &connection,
      Some(password),
      "CREATE TABLE probe (id int); DROP TABLE probe",
    )
    .unwrap();
  assert!(
    postgres
      .psql(&connection, Some("wrong"), "SELECT 1")
      .is_err()
  );
}

const N8N: &str = "[services.postgresql]\n[services.redis]\n[services.caddy]\n[services.n8n]\n";

#[test]
fn provisioning_creates_what_is_missing_on_every_run_and_nothing_else() {
  let built = built(N8N, &[]);
  let postgres = server_for(&built);
  provision(&built, &postgres);
  let n8n_password = secret(&built, "n8n", "DB_POSTGRESDB_PASSWORD");
  assert_owner(&postgres, "n8n_db", "n8n_user", &n8n_password);
  let extensions = postgres
    .psql(
      &connection(&postgres, "n8n_db", "n8n_user"),
      Some(&n8n_password),
      "SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension",
    )
    .unwrap();
  assert!(extensions.split(',').any(|e| e == "vector"), "{extensions}");
  // PUBLIC may not connect to a service's database.
  assert!(
    !superuser(
      &postgres,
      &built,
      "SELECT datacl::text FROM pg_database WHERE datname = 'n8n_db'"
    )
    .contains("=Tc/"),
  );

  let first = state(&postgres, &built);
  provision(&built, &postgres);
  assert_eq!(
    state(&postgres, &built),
    first,
    "a second run changes nothing"
  );

  // Directus enabled on the running stack gets its database and owner.
  let directory = built.out.parent().unwrap();
  let stack = directory.join("stack.toml");
  let text = fs::read_to_string(&stack).unwrap();
  fs::write(&stack, format!("{text}[services.directus]\n")).unwrap();
  build_in(directory, &[]);
  provision(&built, &postgres);
  let directus_password = secret(&built, "directus", "DB_PASSWORD");
  assert_owner(
    &postgres,
    "directus_db",
    "directus_user",
    &directus_password,
  );
  let n8n_hash = "SELECT rolpassword FROM pg_authid WHERE rolname = 'n8n_user'";
  let before = superuser(&postgres, &built, n8n_hash);
  assert!(
    first.contains(&before),
    "n8n_user's password was not set again"
  );

  // A rotated password is applied by the next run, and only that one.
  let directus_hash = "SELECT rolpassword FROM pg_authid WHERE rolname = 'directus_user'";
  let directus_before = superuser(&postgres, &built, directus_hash);
  let rotate = stackc_in(
    directory,
    ["secrets", "rotate", "n8n_db_password", "stack.toml"],
    &[],
  );
  assert_eq!(rotate.status, 0, "{}", rotate.stderr);
  build_in(directory, &[]);
  let rotated = secret(&built, "n8n", "DB_POSTGRESDB_PASSWORD");
  assert_ne!(rotated, n8n_password);
  provision(&built, &postgres);
  assert_owner(&postgres, "n8n_db", "n8n_user", &rotated);
  assert!(
    postgres
      .psql(
        &connection(&postgres, "n8n_db", "n8n_user"),
        Some(&n8n_password),
        "SELECT 1"
      )
      .is_err(),
    "the old password no longer works"
  );
  assert_eq!(superuser(&postgres, &built, directus_hash), directus_before);
}

/// A password made to break naive quoting in SQL, shell, YAML and `.env`.
const HOSTILE: &str = r#"a'b;c\d"e$f g#h`i'; DROP ROLE postgres; --"#;

#[test]
fn a_hostile_password_reaches_postgresql_unchanged() {
  let built = built(
    &format!("[secrets]\nn8n_db_password = {{ from_env = \"N8N_DB_PASSWORD_INPUT\" }}\n{N8N}"),
    &[("N8N_DB_PASSWORD_INPUT", HOSTILE)],
  );
  // docker-compose reads back exactly the value, for the job and for n8n.
  assert_eq!(
    secret(&built, "postgresql-provision", "N8N_DB_PASSWORD"),
    HOSTILE
  );
  assert_eq!(secret(&built, "n8n", "DB_POSTGRESDB_PASSWORD"), HOSTILE);
  let postgres = server_for(&built);
  provision(&built, &postgres);
  assert_owner(&postgres, "n8n_db", "n8n_user", HOSTILE);
  for file in ["postgresql/provision.sh", "postgresql/provision.sql"] {
    let text = fs::read_to_string(built.out.join(file)).unwrap();
    assert!(!text.contains("DROP ROLE"), "{file} holds no password");
  }
}

#[test]
fn a_custom_service_gets_the_database_it_declares() {
  let built = built(
    "[secrets]\nshop_db_password = { generate = \"password\" }\n[services.postgresql]\n[services.shop]\nimage = \"ghcr.io/acme/shop:1.0.0\"\ndatabases = [{ engine = \"postgresql\", name = \"shop\", user = \"shop\", password = \"shop_db_password\", extensions = [\"pgcrypto\"] }]\nenv = { DATABASE_URL = \"postgresql://shop:{{ secrets.shop_db_password }}@postgresql:5432/shop\" }\n",
    &[],
  );
  let config = compose_config(&built, None);
  let depends_on = &config["services"]["shop"]["depends_on"];
  assert_eq!(
    depends_on["postgresql-provision"]["condition"].as_str(),
    Some("service_completed_successfully")
  );
  assert_eq!(
    depends_on["postgresql"]["condition"].as_str(),
    Some("service_healthy")
  );
  let postgres = server_for(&built);
  provision(&built, &postgres);
  let password = secret(&built, "postgresql-provision", "SHOP_DB_PASSWORD");
  assert_owner(&postgres, "shop", "shop", &password);
  let url = environment_of(&config, "shop")["DATABASE_URL"].clone();
  assert_eq!(
    url,
    format!("postgresql://shop:{password}@postgresql:5432/shop")
  );
}

/// The rows of the probe table, in order.
fn rows(postgres: &Postgres, password: &str) -> String {
  postgres
    .psql(
      &connection(postgres, "n8n_db", "n8n_user"),
      Some(password),
      "SELECT string_agg(id || ':' || body, E'\\n' ORDER BY id) FROM workflows",
    )
    .unwrap()
}

#[test]
fn a_dump_from_the_backup_job_restores_into_a_fresh_server() {
  let built = built(N8N, &[]);
  let password = secret(&built, "n8n", "DB_POSTGRESDB_PASSWORD");
  let original = server_for(&built);
  provision(&built, &original);
  original
    .psql(
      &connection(&original, "n8n_db", "n8n_user"),
      Some(&password),
      &format!(
        "CREATE TABLE workflows (id int PRIMARY KEY, body text); INSERT INTO workflows SELECT i, md5(i::text) FROM generate_series(1, 500) i; INSERT INTO workflows VALUES (0, '{}')",
        HOSTILE.replace('\'', "''")
      ),
    )
    .unwrap();
  let dumps = tempfile::tempdir().unwrap();
  let directory = dumps.path().to_str().unwrap();
  run_job(
    &built,
    "postgresql-backup",
    "postgresql/backup.sh",
    &original,
    &[("BACKUP_ONCE", "1"), ("BACKUP_DIRECTORY", directory)],
  );
  let files: Vec<String> = fs::read_dir(dumps.path())
    .unwrap()
    .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
    .collect();
  assert_eq!(files.len(), 1, "one whole dump, no partial file: {files:?}");
  assert!(files[0].starts_with("postgresql-") && files[0].ends_with(".sql.gz"));

  // The checklist's restore command, run where its container would run it.
  let checklist = fs::read_to_string(built.out.join("CHECKLIST.md")).unwrap();
  let line = checklist
    .lines()
    .find(|line| line.contains("--entrypoint sh postgresql-backup -c '"))
    .expect("the checklist says how to restore");
  let restore = line
    .split_once(" -c '")
    .unwrap()
    .1
    .strip_suffix('\'')
    .unwrap()
    .replace(
      "/backups/postgresql-STAMP.sql.gz",
      &format!("{directory}/{}", files[0]),
    );
  let fresh = server_for(&built);
  // The job's own environment (PGUSER, PGPASSWORD), only the server's
  // address moved to the test server's.
  let output = Command::new("sh")
    .args(["-c", &restore])
    .envs(environment_of(
      &compose_config(&built, None),
      "postgresql-backup",
    ))
    .env(
      "PATH",
      format!("{}:{}", fresh.bin.display(), std::env::var("PATH").unwrap()),
    )
    .env("PGHOST", "127.0.0.1")
    .env("PGPORT", fresh.port.to_string())
    .output()
    .unwrap();
  assert!(
    output.status.success(),
    "{}",
    String::from_utf8_lossy(&output.stderr)
  );
  assert_eq!(rows(&fresh, &password), rows(&original, &password));
  assert!(rows(&fresh, &password).contains(HOSTILE));
  assert_owner(&fresh, "n8n_db", "n8n_user", &password);
}

/// mongosh's `Mongo`, recording calls: users exist as `users` says, and log
/// in when their password is `valid`.
const MONGOSH: &str = r#"
  const [script, users, valid] = [process.argv[1], JSON.parse(process.argv[2]), process.argv[3]];
  const calls = [];
  class Mongo {
    constructor(uri) { this.uri = uri; }
    getDB(name) {
      const db = {
        auth: (user, pwd) => { calls.push(["auth", name, user]); if (user !== "admin" && pwd !== valid) throw new Error("auth failed"); return { ok: 1 }; },
        getSiblingDB: (other) => this.getDB(other),
        getUser: (user) => (users.includes(user) ? { user } : null),
        createUser: (spec) => calls.push(["createUser", name, spec]),
        updateUser: (user, spec) => calls.push(["updateUser", name, user, spec]),
        grantRolesToUser: (user, roles) => calls.push(["grantRolesToUser", name, user, roles]),
      };
      return db;
    }
  }
  new Function("Mongo", "print", "process", require("fs").readFileSync(script, "utf8"))(Mongo, () => {}, process);
  console.log(JSON.stringify(calls.filter((call) => call[0] !== "auth")));
"#;

#[test]
fn mongodb_provisioning_creates_updates_or_leaves_lowcoders_user() {
  let built = built(
    "[services.mongodb]\n[services.redis]\n[services.caddy]\n[services.lowcoder]\n",
    &[],
  );
  let password = secret(&built, "mongodb-provision", "LOWCODER_DB_PASSWORD");
  let environment = environment_of(&compose_config(&built, None), "mongodb-provision");
  let script = built.out.join("mongodb/provision.js");
  let calls = |users: &str, valid: &str| -> serde_json::Value {
    let mut command = tool("node");
    command
      .args(["-e", MONGOSH, script.to_str().unwrap(), users, valid])
      .envs(&environment);
    serde_json::from_str(run(command).trim()).unwrap()
  };
  let roles = serde_json::json!([{"role": "readWrite", "db": "lowcoder"}, {"role": "dbAdmin", "db": "lowcoder"}]);
  assert_eq!(
    calls("[]", &password),
    serde_json::json!([["createUser", "lowcoder", {"user": "lowcoder_user", "pwd": password, "roles": roles}]])
  );
  assert_eq!(
    calls("[\"lowcoder_user\"]", &password),
    serde_json::json!([["grantRolesToUser", "lowcoder", "lowcoder_user", roles]]),
    "a user that logs in keeps its password"
  );
  assert_eq!(
    calls("[\"lowcoder_user\"]", "old")[1],
    serde_json::json!(["updateUser", "lowcoder", "lowcoder_user", {"pwd": password}])
  );
  let text = fs::read_to_string(&script).unwrap();
  assert!(
    !text.contains(&password),
    "the password is never written into the script"
  );
}

#[test]
fn every_job_script_is_valid_shell() {
  let built = built(
    "[services.postgresql]\n[services.mongodb]\n[services.redis]\n[services.caddy]\n[services.n8n]\n[services.lowcoder]\n",
    &[],
  );
  let mut checked = BTreeMap::new();
  for script in [
    "postgresql/provision.sh",
    "postgresql/backup.sh",
    "mongodb/backup.sh",
  ] {
    let output = Command::new("sh")
      .args(["-n", built.out.join(script).to_str().unwrap()])
      .output()
      .unwrap();
    checked.insert(script, output.status.success());
  }
  assert!(checked.values().all(|ok| *ok), "{checked:?}");
}

#[test]
fn a_custom_services_pgvector_extension_is_created_in_its_database() {
  let built = built(
    r#"[secrets]
docs_db_password = { generate = "password" }
[services.postgresql]
[services.docs]
image = "ghcr.io/acme/docs:1.0.0"
databases = [{ engine = "postgresql", name = "docs", user = "docs", password = "docs_db_password", extensions = ["vector"] }]
"#,
    &[],
  );
  let postgres = server_for(&built);
  provision(&built, &postgres);
  let password = secret(&built, "postgresql-provision", "DOCS_DB_PASSWORD");
  assert_owner(&postgres, "docs", "docs", &password);
  let extensions = postgres
    .psql(
      &connection(&postgres, "docs", "docs"),
      Some(&password),
      "SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension",
    )
    .unwrap();
  assert!(extensions.split(',').any(|e| e == "vector"), "{extensions}");
}

#[test]
fn the_readmes_example_service_gets_the_database_its_url_names() {
  let readme = fs::read_to_string(common::root().join("README.md")).unwrap();
  let example = readme
    .split("```toml\n")
    .nth(1)
    .and_then(|rest| rest.split("```").next())
    .unwrap();
  let directory = tempfile::tempdir().unwrap();
  fs::write(directory.path().join("stack.toml"), example).unwrap();
  build_in(directory.path(), &[]);
  let built = Built {
    out: directory.path().join("out"),
    _directory: directory,
  };
  let postgres = server_for(&built);
  provision(&built, &postgres);
  let url = environment_of(&compose_config(&built, None), "billing-api")["DATABASE_URL"].clone();
  let password = secret(&built, "postgresql-provision", "BILLING_DB_PASSWORD");
  assert_eq!(
    url,
    format!("postgresql://billing:{password}@postgresql:5432/billing")
  );
  assert_owner(&postgres, "billing", "billing", &password);
}
