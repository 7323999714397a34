//! OrchestratAI compiled from `[orchestratai]`: services, environment,
//! route and `orchestratai/agents.json`.

mod common;

use {
  common::{root, stackc_in},
  serde_json::Value,
  std::{collections::BTreeSet, fs, path::Path},
};

/// The variables OrchestratAI's backend reads (mario-digital/OrchestratAI
/// ab84eeb: src/llm/provider_factory.py, src/retrieval/chroma_store.py,
/// src/cache/redis_cache.py, src/llm/*_provider.py, src/config.py,
/// src/llm/secrets.py), written here independently of the catalog.
const BACKEND_READS: &[&str] = &[
  "ORCHESTRATOR_ANALYSIS_MODEL",
  "ORCHESTRATOR_GUIDE_MODEL",
  "DEFAULT_RAG_MODEL",
  "DEFAULT_CAG_MODEL",
  "DEFAULT_HYBRID_MODEL",
  "DEFAULT_DIRECT_MODEL",
  "DEFAULT_EMBEDDING_MODEL",
  "CHROMADB_HOST",
  "CHROMADB_PORT",
  "REDIS_HOST",
  "OPENAI_API_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_REGION",
  "CORS_ORIGINS",
  "USE_ONEPASSWORD",
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
  let expected: BTreeSet<String> = BACKEND_READS.iter().map(|k| (*k).to_owned()).collect();
  // Both providers and Redis: every variable the backend reads is set.
  assert_eq!(keys, expected);
  let environment = built.environment("orchestratai-backend");
  let get = |key: &str| environment[key].as_str().unwrap().to_owned();
  // Each strategy's model comes from its agent, without the provider prefix.
  assert_eq!(get("DEFAULT_RAG_MODEL"), "gpt-4-turbo");
  assert_eq!(
    get("DEFAULT_CAG_MODEL"),
    "anthropic.claude-3-haiku-20240307-v1:0"
  );
  assert_eq!(get("DEFAULT_HYBRID_MODEL"), "gpt-4o");
  assert_eq!(
    get("DEFAULT_DIRECT_MODEL"),
    "anthropic.claude-3-5-sonnet-20241022-v2:0"
  );
  assert_eq!(get("DEFAULT_EMBEDDING_MODEL"), "text-embedding-3-large");
  assert_eq!(get("OPENAI_API_KEY"), "${OPENAI_API_KEY}");
  assert_eq!(get("AWS_SECRET_ACCESS_KEY"), "${AWS_SECRET_ACCESS_KEY}");
  assert_eq!(get("AWS_REGION"), "us-east-1");
  assert_eq!(get("CORS_ORIGINS"), "https://chat.example.com.br");
  assert_eq!(get("CHROMADB_HOST"), "chromadb");
  assert_eq!(get("CHROMADB_PORT"), "8000");
  assert_eq!(get("USE_ONEPASSWORD"), "false");
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
    BTreeSet::from(["chromadb".to_owned(), "redis".to_owned()])
  );
  // No database of its own: that OrchestratAI stores nothing in PostgreSQL.
  assert!(
    !built
      .read("postgresql/provision.sql")
      .contains("orchestratai")
  );
}

#[test]
fn the_frontend_gets_only_the_backend_url_it_reads_at_runtime() {
  let built = bundled();
  let environment = built.environment("orchestratai-frontend");
  let keys: Vec<&str> = environment.keys().map(|k| k.as_str().unwrap()).collect();
  // NEXT_PUBLIC_* are inlined at image build time or read nowhere.
  assert_eq!(keys, ["BACKEND_API_URL"]);
  assert_eq!(
    environment["BACKEND_API_URL"].as_str(),
    Some("http://orchestratai-backend:8000")
  );
  assert!(
    built.compose()["services"]["orchestratai-frontend"]["depends_on"]["orchestratai-backend"]
      .is_mapping()
  );
}

#[test]
fn agents_json_records_every_agent_in_orchestratais_spelling() {
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
  let providers: Vec<&str> = agents
    .iter()
    .map(|a| a["provider"].as_str().unwrap())
    .collect();
  assert_eq!(providers, ["bedrock", "bedrock", "openai", "openai"]);
  assert_eq!(agents[1]["name"], "Billing Agent");
  assert_eq!(agents[2]["model"], "gpt-4-turbo");
  for agent in agents {
    assert_eq!(agent["status"], "idle");
    // The bundled stack sets nothing that OrchestratAI would ignore (SC319).
    for unset in ["color", "temperature", "top_k", "prompt"] {
      assert!(agent[unset].is_null(), "{unset}: {agent}");
    }
  }
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
  // The server the backend's locked client (chromadb==1.3.0) speaks to.
  assert_eq!(chromadb["image"].as_str(), Some("chromadb/chroma:1.3.0"));
  // docker_single_node.yaml's persist_path.
  assert_eq!(chromadb["volumes"][0].as_str(), Some("chroma_data:/data"));
  assert!(compose["volumes"]["chroma_data"].is_mapping());
  assert!(chromadb["healthcheck"].is_mapping());
  let keys = built.keys("orchestratai-backend");
  for key in ["CHROMADB_HOST", "CHROMADB_PORT", "REDIS_HOST"] {
    assert!(keys.contains(key), "{key}");
  }
  for absent in ["AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] {
    assert!(!keys.contains(absent), "{absent} without bedrock");
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
  // Caddy routes the host to the frontend, /api/* to the backend.
  let caddyfile = built.read("Caddyfile");
  assert!(caddyfile.contains("ask.example.org {"), "{caddyfile}");
  assert!(
    caddyfile.contains("\thandle /api/* {\n\t\treverse_proxy orchestratai-backend:8000\n\t}\n")
  );
  // Compose v1 and v2 accept it.
  for mut command in [
    std::process::Command::new("docker-compose"),
    common::compose::compose_v2(),
  ] {
    let output = command
      .current_dir(built.directory.path().join("out"))
      .args(["--env-file", ".env", "config", "-q"])
      .output()
      .expect("docker-compose and docker compose are installed: run .ci/run");
    assert!(
      output.status.success(),
      "{command:?}: {}",
      String::from_utf8_lossy(&output.stderr)
    );
  }
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
  assert!(checklist.contains("Ingest the knowledge-base documents into ChromaDB"));
  assert!(checklist.contains("scripts/ingest_to_server.py"));
  // The images are built from the commit the catalog was checked against.
  assert!(checklist.contains("## 4. Build OrchestratAI's images"));
  assert!(
    checklist.contains("git checkout ab84eebdd87264f8a019df2be1a84e75e3003a01"),
    "{checklist}"
  );
  assert!(checklist.contains("docker build -t orchestratai-api:ab84eeb orchestratai_api"));
  assert!(
    checklist.contains("| orchestratai | https://chat.example.com.br |")
      || checklist.contains("`chat.example.com.br`")
  );
}

#[test]
fn orchestratai_data_loads() {
  let catalog = stackc::model::orchestratai::catalog();
  for container in [&catalog.backend, &catalog.frontend, &catalog.chromadb] {
    assert!(
      stackc::check::rules::sc101_unpinned_image::problem(&container.image).is_none(),
      "{}",
      container.image
    );
  }
  assert!(Path::new(&root().join("src/catalog/orchestratai.toml")).exists());
}
