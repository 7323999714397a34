//! OrchestratAI compiled from `[orchestratai]`: services, environment,
//! route, database and `orchestratai/agents.json`.

mod common;

use {
  common::{root, stackc_in},
  serde_json::Value,
  std::{collections::BTreeSet, fs, path::Path},
};

/// The variables OrchestratAI's backend reads (its settings module).
const BACKEND_READS: &[&str] = &[
  "ORCHESTRATOR_ANALYSIS_MODEL",
  "ORCHESTRATOR_GUIDE_MODEL",
  "DEFAULT_RAG_MODEL",
  "DEFAULT_CAG_MODEL",
  "DEFAULT_HYBRID_MODEL",
  "DEFAULT_DIRECT_MODEL",
  "DEFAULT_EMBEDDING_MODEL",
  "VECTOR_DB_BACKEND",
  "CHROMADB_HOST",
  "CHROMADB_PORT",
  "REDIS_HOST",
  "POSTGRES_HOST",
  "POSTGRES_PORT",
  "POSTGRES_DB",
  "POSTGRES_USER",
  "POSTGRES_PASSWORD",
  "OPENAI_API_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_REGION",
  "CORS_ORIGINS",
];

struct Built {
  directory: tempfile::TempDir,
}

impl Built {
  fn compose(&self) -> serde_norway::Value {
    serde_norway::from_str(
      &fs::read_to_string(self.directory.path().join("out/docker-compose.yml")).unwrap(),
    )
    .unwrap()
  }

  fn environment(&self, service: &str) -> serde_norway::Mapping {
    self.compose()["services"][service]["environment"]
      .as_mapping()
      .unwrap()
      .clone()
  }

  fn keys(&self, service: &str) -> BTreeSet<String> {
    self
      .environment(service)
      .keys()
      .map(|k| k.as_str().unwrap().to_owned())
      .collect()
  }

  fn read(&self, path: &str) -> String {
    fs::read_to_string(self.directory.path().join("out").join(path)).unwrap()
  }
}

fn build(stack: &str, files: &[(&str, &[u8])]) -> Built {
  let directory = tempfile::tempdir().unwrap();
  fs::write(directory.path().join("stack.toml"), stack).unwrap();
  for (path, contents) in files {
    let path = directory.path().join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, contents).unwrap();
  }
  let output = stackc_in(
    directory.path(),
    ["build", "stack.toml", "--out", "out"],
    &[],
  );
  assert_eq!(output.status, 0, "{}", output.stderr);
  Built { directory }
}

fn bundled() -> Built {
  build(
    &fs::read_to_string(root().join("stacks/orchestratai.toml")).unwrap(),
    &[],
  )
}

const CHROMADB_STACK: &str = r#"version = 1
[stack]
name = "chat"
domain = "example.org"
acme_email = "ops@example.org"
[secrets]
openai_api_key = { from_env = "OPENAI_API_KEY" }
[services.redis]
[services.caddy]
[orchestratai]
host = "ask.example.org"
vector_store = "chromadb"
embedding_model = "openai/text-embedding-3-small"
cors_origins = ["https://ask.example.org", "https://www.example.org"]
[orchestratai.providers.openai]
api_key = "{{ secrets.openai_api_key }}"
[orchestratai.orchestrator]
analysis_model = "openai/gpt-4o"
guide_model = "openai/gpt-4o-mini"
[orchestratai.agents.technical]
strategy = "rag"
model = "openai/gpt-4o"
color = "blue"
prompt_file = "prompts/technical.md"
"#;

#[test]
fn the_backend_gets_exactly_what_orchestratai_reads() {
  let built = bundled();
  let keys = built.keys("orchestratai-backend");
  let allowed: BTreeSet<String> = BACKEND_READS.iter().map(|k| (*k).to_owned()).collect();
  assert!(
    keys.is_subset(&allowed),
    "unread variables: {:?}",
    keys.difference(&allowed).collect::<Vec<_>>()
  );
  // pgvector, both providers, Redis: everything but ChromaDB's two.
  let expected: BTreeSet<String> = allowed
    .iter()
    .filter(|k| !k.starts_with("CHROMADB_"))
    .cloned()
    .collect();
  assert_eq!(keys, expected);
  let environment = built.environment("orchestratai-backend");
  let get = |key: &str| environment[key].as_str().unwrap().to_owned();
  assert_eq!(get("VECTOR_DB_BACKEND"), "pgvector");
  assert_eq!(get("DEFAULT_RAG_MODEL"), "gpt-4-turbo");
  assert_eq!(
    get("DEFAULT_CAG_MODEL"),
    "anthropic.claude-3-haiku-20240307-v1:0"
  );
  assert_eq!(get("DEFAULT_HYBRID_MODEL"), "gpt-4o");
  assert_eq!(get("OPENAI_API_KEY"), "${OPENAI_API_KEY}");
  assert_eq!(get("AWS_SECRET_ACCESS_KEY"), "${AWS_SECRET_ACCESS_KEY}");
  assert_eq!(get("POSTGRES_PASSWORD"), "${ORCHESTRATAI_DB_PASSWORD}");
  assert_eq!(get("CORS_ORIGINS"), "https://chat.example.com.br");
  // OrchestratAI reads REDIS_HOST alone: the shared Redis' password rides in it.
  assert_eq!(get("REDIS_HOST"), ":${REDIS_PASSWORD}@redis:6379");
  let compose = built.compose();
  let depends: BTreeSet<String> = compose["services"]["orchestratai-backend"]["depends_on"]
    .as_mapping()
    .unwrap()
    .keys()
    .map(|k| k.as_str().unwrap().to_owned())
    .collect();
  assert_eq!(
    depends,
    BTreeSet::from([
      "postgresql".to_owned(),
      "postgresql-provision".to_owned(),
      "redis".to_owned()
    ])
  );
  assert!(
    compose["services"]["chromadb"].is_null(),
    "no ChromaDB with pgvector"
  );
}

#[test]
fn the_frontend_gets_its_urls_and_one_model_per_agent() {
  let built = bundled();
  let keys = built.keys("orchestratai-frontend");
  let expected: BTreeSet<String> = [
    "NEXT_PUBLIC_API_URL",
    "NEXT_PUBLIC_BASE_URL",
    "NEXT_PUBLIC_ORCHESTRATOR_MODEL",
    "NEXT_PUBLIC_BILLING_MODEL",
    "NEXT_PUBLIC_TECHNICAL_MODEL",
    "NEXT_PUBLIC_POLICY_MODEL",
  ]
  .iter()
  .map(|k| (*k).to_owned())
  .collect();
  assert_eq!(keys, expected);
  let environment = built.environment("orchestratai-frontend");
  assert_eq!(
    environment["NEXT_PUBLIC_API_URL"].as_str(),
    Some("https://chat.example.com.br")
  );
  assert_eq!(
    environment["NEXT_PUBLIC_TECHNICAL_MODEL"].as_str(),
    Some("gpt-4-turbo")
  );
}

#[test]
fn agents_json_holds_every_agent_in_orchestratais_spelling() {
  let built = bundled();
  let agents: Value = serde_json::from_str(&built.read("orchestratai/agents.json")).unwrap();
  let agents = agents["agents"].as_array().unwrap();
  let ids: Vec<&str> = agents.iter().map(|a| a["id"].as_str().unwrap()).collect();
  assert_eq!(ids, ["orchestrator", "billing", "technical", "policy"]);
  let strategies: Vec<&Value> = agents.iter().map(|a| &a["strategy"]).collect();
  assert_eq!(
    strategies,
    [
      &Value::Null,
      &"Pure CAG".into(),
      &"Pure RAG".into(),
      &"Hybrid RAG/CAG".into()
    ]
  );
  let colors: Vec<&str> = agents
    .iter()
    .map(|a| a["color"].as_str().unwrap())
    .collect();
  assert_eq!(colors, ["cyan", "green", "blue", "purple"]);
  for agent in agents {
    assert_eq!(agent["status"], "idle");
    assert!(agent["prompt"].as_str().is_some_and(|p| !p.is_empty()));
    assert!(agent["temperature"].is_f64());
    // top_k only where the strategy retrieves.
    assert_eq!(
      agent["top_k"].is_null(),
      !["Pure RAG", "Hybrid RAG/CAG"].contains(&agent["strategy"].as_str().unwrap_or(""))
    );
  }
  assert_eq!(agents[1]["name"], "Billing Agent");
  assert_eq!(agents[2]["top_k"], 5);
  // Deterministic: a second build gives the same bytes.
  assert_eq!(
    bundled().read("orchestratai/agents.json"),
    built.read("orchestratai/agents.json")
  );
}

#[test]
fn chromadb_adds_its_pinned_service_and_volume() {
  let built = build(
    CHROMADB_STACK,
    &[("prompts/technical.md", "Cite the manual.\n".as_bytes())],
  );
  let compose = built.compose();
  let chromadb = &compose["services"]["chromadb"];
  assert_eq!(chromadb["image"].as_str(), Some("chromadb/chroma:0.6.3"));
  assert_eq!(
    chromadb["volumes"][0].as_str(),
    Some("chroma_data:/chroma/chroma")
  );
  assert!(compose["volumes"]["chroma_data"].is_mapping());
  assert!(chromadb["healthcheck"].is_mapping());
  let keys = built.keys("orchestratai-backend");
  for key in ["CHROMADB_HOST", "CHROMADB_PORT", "VECTOR_DB_BACKEND"] {
    assert!(keys.contains(key), "{key}");
  }
  for absent in [
    "POSTGRES_HOST",
    "POSTGRES_PASSWORD",
    "AWS_REGION",
    "AWS_ACCESS_KEY_ID",
  ] {
    assert!(
      !keys.contains(absent),
      "{absent} without pgvector or bedrock"
    );
  }
  let environment = built.environment("orchestratai-backend");
  assert_eq!(environment["CHROMADB_HOST"].as_str(), Some("chromadb"));
  assert_eq!(
    environment["CORS_ORIGINS"].as_str(),
    Some("https://ask.example.org,https://www.example.org")
  );
  assert!(compose["services"]["orchestratai-backend"]["depends_on"]["chromadb"].is_mapping());
  // The prompt file is read relative to the stack file.
  let agents: Value = serde_json::from_str(&built.read("orchestratai/agents.json")).unwrap();
  assert_eq!(agents["agents"][0]["prompt"], "Cite the manual.\n");
  // No OrchestratAI database without pgvector.
  assert!(!built.directory.path().join("out/postgresql").exists());
  // Caddy routes the host to the frontend, /api/* to the backend.
  let caddyfile = built.read("Caddyfile");
  assert!(caddyfile.contains("ask.example.org {"), "{caddyfile}");
  assert!(
    caddyfile.contains("\thandle /api/* {\n\t\treverse_proxy orchestratai-backend:8000\n\t}\n")
  );
  // docker-compose accepts it.
  let output = std::process::Command::new("docker-compose")
    .current_dir(built.directory.path().join("out"))
    .args(["--env-file", ".env", "config", "-q"])
    .output()
    .expect("docker-compose is installed: run .ci/run");
  assert!(
    output.status.success(),
    "{}",
    String::from_utf8_lossy(&output.stderr)
  );
}

#[test]
fn the_checklist_names_provider_keys_and_document_ingestion() {
  let built = bundled();
  let checklist = built.read("CHECKLIST.md");
  for variable in [
    "OPENAI_API_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
  ] {
    assert!(
      checklist.contains(&format!(
        "- [ ] `{variable}`: set the environment variable `{variable}`"
      )),
      "{variable}"
    );
  }
  assert!(checklist.contains("### orchestratai"));
  assert!(
    checklist
      .contains("Ingest the knowledge-base documents into pgvector (database `orchestratai`)")
  );
  assert!(
    checklist.contains("| orchestratai | https://chat.example.com.br |")
      || checklist.contains("`chat.example.com.br`")
  );
}

#[test]
fn orchestratai_data_loads() {
  let catalog = stackc::orchestratai::catalog();
  for container in [&catalog.backend, &catalog.frontend, &catalog.chromadb] {
    assert!(
      stackc::rules::sc101_unpinned_image::problem(&container.image).is_none(),
      "{}",
      container.image
    );
  }
  assert!(Path::new(&root().join("src/orchestratai.toml")).exists());
}
