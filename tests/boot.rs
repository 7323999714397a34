//! The generated deployment, started for real on the upstream software the
//! registries ship: PostgreSQL 17 with pgvector and Redis 8 (Debian 13, in
//! a root made by mmdebstrap), Caddy (Debian), n8n and Directus (npm, the
//! catalog's versions) and ChromaDB (PyPI, the catalog's version). Each runs
//! with the command, environment, mounts and health check that Compose v2
//! reads from the generated files (`docker compose config --format json`),
//! in a container made of namespaces, overlayfs and chroot (`boot/`), each
//! service at an address of its own, in `depends_on` order. Then, as an
//! operator would: provisioning twice, every health check, logins through
//! the generated Caddyfile, secrets that survive a restart, a database added
//! by a rebuild, and the checklist's own backup and restore commands.
//!
//! What cannot run here (Chatwoot, Evolution API, Lowcoder, FileFlows,
//! Duplicati, SeaweedFS, MongoDB, OrchestratAI's own images) is listed in
//! `docs/src/tests.md`; `tests/contract.rs` keeps their upstream contracts.

#[path = "boot/checklist.rs"]
mod checklist;
mod common;
#[path = "boot/compose_up.rs"]
mod compose_up;
#[path = "boot/container.rs"]
mod container;
#[path = "boot/image.rs"]
mod image;
#[path = "boot/model.rs"]
mod model;
#[path = "boot/sandbox.rs"]
mod sandbox;
#[path = "boot/web.rs"]
mod web;

use {
  compose_up::Compose,
  model::Model,
  serde_json::{Value, json},
  std::{fs, path::Path},
  web::Web,
};

const STACK: &str = r#"version = 1
[stack]
name = "boot"
domain = "example.com"
acme_email = "admin@example.com"
timezone = "America/Sao_Paulo"
tls = "internal"

[secrets]
openai_api_key = { from_env = "OPENAI_API_KEY" }

[services.postgresql]
[services.redis]
[services.caddy]
[services.n8n]
[services.directus]

[orchestratai]
vector_store = "chromadb"
embedding_model = "openai/text-embedding-3-large"
[orchestratai.providers.openai]
api_key = "{{ secrets.openai_api_key }}"
[orchestratai.orchestrator]
analysis_model = "openai/gpt-4o"
guide_model = "openai/gpt-4o-mini"
"#;

/// The custom service a rebuild adds, with a database of its own.
const SHOP: &str = r#"
[secrets.shop_db_password]
generate = "password"

[services.shop]
image = "ghcr.io/acme/shop:1.0.0"
databases = [{ engine = "postgresql", name = "shop", user = "shop", password = "shop_db_password", extensions = ["vector"] }]
env = { DATABASE_URL = "postgresql://shop:{{ secrets.shop_db_password }}@postgresql:5432/shop" }
"#;

/// What runs here: the rest of the deployment is OrchestratAI's own images.
const BOOTED: &[&str] = &[
  "postgresql",
  "redis",
  "chromadb",
  "n8n",
  "directus",
  "caddy",
];

fn build(directory: &Path) {
  let output = common::stackc_in(
    directory,
    ["build", "stack.toml", "--out", "out"],
    &[("OPENAI_API_KEY", "sk-boot-test")],
  );
  assert_eq!(output.status, 0, "build: {}", output.stderr);
}

/// Roles with their password hashes, databases with their owners, and each
/// database's extensions: what provisioning may change.
fn database_state(compose: &mut Compose) -> String {
  let script = r#"psql -X -q -U postgres -d postgres -tA -c "SELECT rolname, rolpassword FROM pg_authid WHERE rolname NOT LIKE 'pg\_%' ORDER BY 1" -c "SELECT datname, pg_get_userbyid(datdba), datacl FROM pg_database ORDER BY 1"
for database in $(psql -X -U postgres -d postgres -tA -c "SELECT datname FROM pg_database WHERE datallowconn ORDER BY 1"); do
  echo "$database:"; psql -X -U postgres -d "$database" -tA -c "SELECT extname FROM pg_extension ORDER BY 1"
done"#;
  let output = compose.exec("postgresql", &["sh", "-c", script]);
  assert!(
    output.status.success(),
    "{}",
    String::from_utf8_lossy(&output.stderr)
  );
  String::from_utf8(output.stdout).unwrap()
}

/// Whether `user` logs in to `database` with `password`, over the network
/// from another container's address, as the service would.
fn logs_in(compose: &mut Compose, database: &str, user: &str, password: &str) -> bool {
  let url = format!("postgresql://{user}@postgresql:5432/{database}");
  compose
    .exec(
      "postgresql",
      &[
        "sh",
        "-c",
        "PGPASSWORD=\"$1\" psql -X -w \"$2\" -tAc 'SELECT current_user'",
        "sh",
        password,
        &url,
      ],
    )
    .status
    .success()
}

/// The extensions `database_state` lists for `database`.
fn extensions<'a>(state: &'a str, database: &str) -> Vec<&'a str> {
  state
    .split_once(&format!("\n{database}:\n"))
    .map(|(_, rest)| {
      rest
        .lines()
        .take_while(|line| !line.ends_with(':'))
        .collect()
    })
    .unwrap_or_default()
}

fn n8n_credential(web: &Web, id: &str) -> Value {
  let credential = web.get_json("n8n", &format!("/rest/credentials/{id}?includeData=true"));
  credential["data"]["data"].clone()
}

#[test]
fn the_generated_stack_boots_on_the_upstream_software() {
  let directory = tempfile::tempdir().unwrap();
  fs::write(directory.path().join("stack.toml"), STACK).unwrap();
  build(directory.path());
  let out = directory.path().join("out");
  let model = Model::read(&out, &["docker-compose.yml"]);
  let mut compose = Compose::new(model, &["shop"]);

  // Every started service's own health check passes: `up` waits for each.
  compose.up(BOOTED);
  let first = database_state(&mut compose);
  for (database, user, variable) in [
    ("n8n_db", "n8n_user", "N8N_DB_PASSWORD"),
    ("directus_db", "directus_user", "DIRECTUS_DB_PASSWORD"),
  ] {
    let password = compose
      .model
      .service("postgresql-provision")
      .variable(variable)
      .to_owned();
    assert!(
      logs_in(&mut compose, database, user, &password),
      "{user} logs in to {database}"
    );
  }
  assert!(
    extensions(&first, "n8n_db").contains(&"vector"),
    "n8n_db has pgvector"
  );

  // A second provisioning run changes nothing.
  compose.run("postgresql-provision", &[], None, &[]);
  assert_eq!(
    database_state(&mut compose),
    first,
    "a second provisioning run changed the databases"
  );

  // Through the generated Caddyfile, on Caddy's internal TLS.
  let web = Web::new(&compose, "example.com");
  assert_eq!(web.get_json("n8n", "/healthz")["status"], "ok");
  assert!(web.direct("chromadb", 8000, "/api/v2/heartbeat")["nanosecond heartbeat"].is_u64());
  let n8n = compose.model.service("n8n");
  assert_eq!(n8n.variable("N8N_PROTOCOL"), "https");
  let owner = json!({"email": "owner@example.com", "firstName": "Boot", "lastName": "Test", "password": "Boot-Test-Passw0rd"});
  web.wait_ok("n8n", "/rest/settings");
  web.post_json("n8n", "/rest/owner/setup", &owner);
  let created = web.post_json(
    "n8n",
    "/rest/credentials",
    &json!({"name": "boot", "type": "httpHeaderAuth", "data": {"name": "X-Boot", "value": "kept"}}),
  );
  let credential = created["data"]["id"]
    .as_str()
    .expect("n8n made the credential")
    .to_owned();
  assert_eq!(n8n_credential(&web, &credential)["name"], "X-Boot");

  let directus = compose.model.service("directus");
  let admin = json!({"email": directus.variable("ADMIN_EMAIL"), "password": directus.variable("ADMIN_PASSWORD")});
  let session = web.post_json("directus", "/auth/login", &admin);
  let token = session["data"]["access_token"]
    .as_str()
    .expect("Directus logs its admin in")
    .to_owned();
  assert_eq!(
    web.get_json_bearer("directus", "/users/me", &token)["data"]["email"],
    "admin@example.com"
  );

  // n8n's encryption key and Directus' secret survive a restart: the
  // credential n8n encrypted before decrypts after, and the token Directus
  // signed before is still accepted.
  compose.restart("n8n");
  compose.restart("directus");
  web.wait_ok("n8n", "/rest/settings");
  web.post_json(
    "n8n",
    "/rest/login",
    &json!({"emailOrLdapLoginId": "owner@example.com", "password": "Boot-Test-Passw0rd"}),
  );
  assert_eq!(n8n_credential(&web, &credential)["name"], "X-Boot");
  assert_eq!(
    web.get_json_bearer("directus", "/users/me", &token)["data"]["email"],
    "admin@example.com"
  );

  // A custom service with a database, added by a rebuild, gets it on the
  // running server when `up` runs the provisioning job again.
  let stack = directory.path().join("stack.toml");
  fs::write(&stack, format!("{STACK}{SHOP}")).unwrap();
  build(directory.path());
  compose.reload(Model::read(&out, &["docker-compose.yml"]));
  compose.up(&["postgresql-provision"]);
  let shop_password = compose
    .model
    .service("postgresql-provision")
    .variable("SHOP_DB_PASSWORD")
    .to_owned();
  assert!(
    logs_in(&mut compose, "shop", "shop", &shop_password),
    "shop logs in to its new database"
  );
  assert!(
    extensions(&database_state(&mut compose), "shop").contains(&"vector"),
    "shop has pgvector"
  );

  // The checklist's own commands: a dump now, then a restore into an empty
  // server, with the apps stopped and the old data volume removed.
  let checklist = fs::read_to_string(out.join("CHECKLIST.md")).unwrap();
  checklist::run_line(
    &mut compose,
    &checklist,
    "postgresql-backup`.",
    BOOTED,
    None,
  );
  let dumps: Vec<String> = fs::read_dir(compose.volume("postgresql_dumps"))
    .unwrap()
    .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
    .collect();
  assert_eq!(dumps.len(), 1, "one whole dump, no partial file: {dumps:?}");
  let stamp = dumps[0]
    .strip_prefix("postgresql-")
    .unwrap()
    .strip_suffix(".sql.gz")
    .unwrap()
    .to_owned();
  compose.stop("n8n");
  compose.stop("directus");
  compose.remove_with_volumes("postgresql");
  checklist::run_block(
    &mut compose,
    &checklist,
    "### postgresql",
    BOOTED,
    Some(&stamp),
  );
  web.wait_ok("n8n", "/rest/settings");
  assert!(
    logs_in(&mut compose, "shop", "shop", &shop_password),
    "the restored server has shop's owner"
  );
  web.post_json(
    "n8n",
    "/rest/login",
    &json!({"emailOrLdapLoginId": "owner@example.com", "password": "Boot-Test-Passw0rd"}),
  );
  assert_eq!(
    n8n_credential(&web, &credential)["name"],
    "X-Boot",
    "the restored n8n reads its credential"
  );
  assert_eq!(
    web.post_json("directus", "/auth/login", &admin)["data"]["access_token"]
      .as_str()
      .map(str::is_empty),
    Some(false)
  );
}
