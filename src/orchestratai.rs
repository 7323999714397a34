//! OrchestratAI compiled from `[orchestratai]`: its containers and their
//! environment (exactly the variables OrchestratAI reads), its route, its
//! database, and `orchestratai/agents.json`.

use {
  crate::{
    catalog::{CatalogContainer, CatalogDatabase, DependencyCondition, Headers},
    deployment::{self, Container, Route},
    model::{Model, Profile},
    orchestratai_config::{AGENT_IDS, AgentConfig, OrchestratAiConfig, Strategy, VectorStore},
    stack_file_reference, template,
  },
  indexmap::IndexMap,
  serde::{Deserialize, Serialize},
  std::{path::Path, sync::OnceLock},
};

/// `src/orchestratai.toml`: images, ports, health checks, the database.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrchestratAiCatalog {
  pub backend: CatalogContainer,
  pub frontend: CatalogContainer,
  pub chromadb: CatalogContainer,
  pub database: CatalogDatabase,
}

pub fn catalog() -> &'static OrchestratAiCatalog {
  static CATALOG: OnceLock<OrchestratAiCatalog> = OnceLock::new();
  CATALOG.get_or_init(|| {
    toml::from_str(include_str!("orchestratai.toml"))
      .expect("src/orchestratai.toml is checked by the tests")
  })
}

impl OrchestratAiCatalog {
  pub fn container(&self, name: &str) -> Option<&CatalogContainer> {
    [&self.backend, &self.frontend, &self.chromadb]
      .into_iter()
      .find(|c| c.name == name)
  }
}

/// The secret holding the password of OrchestratAI's database owner.
pub const DATABASE_SECRET: &str = "orchestratai_db_password";

/// OrchestratAI's database, when its documents live in pgvector.
pub fn database(model: &Model<'_>) -> Option<&'static CatalogDatabase> {
  let orchestratai = model.config.orchestratai.as_ref()?;
  (orchestratai.vector_store == Some(VectorStore::Pgvector)).then(|| &catalog().database)
}

/// `openai/gpt-4o` is `gpt-4o` to OrchestratAI, whose provider is implied by
/// the credentials it is given.
fn model_name(model: &str) -> &str {
  model.split_once('/').map_or(model, |(_, name)| name)
}

fn provider(model: &str) -> &str {
  model.split_once('/').map_or("", |(provider, _)| provider)
}

/// The agents in OrchestratAI's order, which is also the order of the files.
fn agents(orchestratai: &OrchestratAiConfig) -> Vec<(&'static str, &AgentConfig)> {
  AGENT_IDS
    .iter()
    .filter_map(|id| orchestratai.agents.get(*id).map(|agent| (*id, agent)))
    .collect()
}

/// A container of OrchestratAI's catalog, with the image `[orchestratai]`
/// may set instead of the pinned one.
fn container(
  model: &Model<'_>,
  entry: &CatalogContainer,
  image: &Option<String>,
  profile: &Profile,
) -> Container {
  let mut container = deployment::container_from_catalog(model, entry, "orchestratai", profile);
  if let Some(image) = image {
    container.image = image.clone();
  }
  container
}

fn render(text: &str, context: &minijinja::Value) -> Result<String, String> {
  let rendered =
    template::render(text, context).map_err(|error| format!("orchestratai: {error}"))?;
  Ok(template::compose_escape(&rendered))
}

pub fn containers(
  model: &Model<'_>,
  profile: &Profile,
  context: &minijinja::Value,
) -> Result<Vec<Container>, String> {
  let Some(orchestratai) = &model.config.orchestratai else {
    return Ok(Vec::new());
  };
  let catalog = catalog();
  let url = host(model, profile)
    .map(|host| model.url(&host, profile))
    .unwrap_or_default();
  let set = |environment: &mut IndexMap<String, String>, key: &str, value: &str| {
    environment.insert(key.to_owned(), template::compose_escape(value));
  };

  let mut backend = container(
    model,
    &catalog.backend,
    &orchestratai.backend_image,
    profile,
  );
  let environment = &mut backend.environment;
  let orchestrator = &orchestratai.orchestrator;
  if let Some(analysis) = &orchestrator.analysis_model {
    set(
      environment,
      "ORCHESTRATOR_ANALYSIS_MODEL",
      model_name(analysis),
    );
  }
  if let Some(guide) = &orchestrator.guide_model {
    set(environment, "ORCHESTRATOR_GUIDE_MODEL", model_name(guide));
  }
  // One default model per strategy: the first agent of that strategy's.
  for (strategy, variable) in [
    (Strategy::Rag, "DEFAULT_RAG_MODEL"),
    (Strategy::Cag, "DEFAULT_CAG_MODEL"),
    (Strategy::Hybrid, "DEFAULT_HYBRID_MODEL"),
    (Strategy::Direct, "DEFAULT_DIRECT_MODEL"),
  ] {
    let chosen = agents(orchestratai)
      .into_iter()
      .find(|(_, agent)| agent.strategy == Some(strategy))
      .and_then(|(_, agent)| agent.model.as_deref());
    if let Some(chosen) = chosen {
      set(environment, variable, model_name(chosen));
    }
  }
  if let Some(embedding) = &orchestratai.embedding_model {
    set(
      environment,
      "DEFAULT_EMBEDDING_MODEL",
      model_name(embedding),
    );
  }
  if let Some(store) = orchestratai.vector_store {
    set(environment, "VECTOR_DB_BACKEND", store.as_str());
  }
  if orchestratai.vector_store == Some(VectorStore::Chromadb) {
    set(environment, "CHROMADB_HOST", &catalog.chromadb.name);
    set(
      environment,
      "CHROMADB_PORT",
      &catalog.chromadb.port.unwrap_or(8000).to_string(),
    );
    backend
      .depends_on
      .insert(catalog.chromadb.name.clone(), DependencyCondition::Healthy);
  }
  if model.is_enabled("redis") {
    // The backend reads REDIS_HOST alone and connects to
    // `redis://{REDIS_HOST}` (mario-digital/OrchestratAI
    // orchestratai_api/src/services/redis_cache.py); REDIS_PORT and
    // REDIS_PASSWORD are read nowhere, so the password rides in the host.
    set(
      environment,
      "REDIS_HOST",
      &format!(
        ":{}@redis:6379",
        template::secret_placeholder(&crate::model::variable_name("redis_password"))
      ),
    );
    backend
      .depends_on
      .insert("redis".into(), DependencyCondition::Healthy);
  }
  if let Some(database) = database(model) {
    set(environment, "POSTGRES_HOST", "postgresql");
    set(environment, "POSTGRES_PORT", "5432");
    set(environment, "POSTGRES_DB", &database.name);
    set(environment, "POSTGRES_USER", &database.user);
    environment.insert(
      "POSTGRES_PASSWORD".into(),
      format!("${{{}}}", crate::model::variable_name(&database.password)),
    );
    backend
      .depends_on
      .insert("postgresql".into(), DependencyCondition::Healthy);
  }
  if let Some(openai) = &orchestratai.providers.openai
    && let Some(key) = &openai.api_key
  {
    environment.insert("OPENAI_API_KEY".into(), render(key, context)?);
  }
  if let Some(bedrock) = &orchestratai.providers.bedrock {
    if let Some(key) = &bedrock.access_key_id {
      environment.insert("AWS_ACCESS_KEY_ID".into(), render(key, context)?);
    }
    if let Some(key) = &bedrock.secret_access_key {
      environment.insert("AWS_SECRET_ACCESS_KEY".into(), render(key, context)?);
    }
    if let Some(region) = &bedrock.region {
      set(environment, "AWS_REGION", region);
    }
  }
  let origins = orchestratai
    .cors_origins
    .clone()
    .unwrap_or_else(|| vec![url.clone()]);
  set(environment, "CORS_ORIGINS", &origins.join(","));

  let mut frontend = container(
    model,
    &catalog.frontend,
    &orchestratai.frontend_image,
    profile,
  );
  // The browser reaches the backend through Caddy, under /api on the same host.
  set(&mut frontend.environment, "NEXT_PUBLIC_API_URL", &url);
  set(&mut frontend.environment, "NEXT_PUBLIC_BASE_URL", &url);
  for (id, agent) in agents(orchestratai) {
    if let Some(agent_model) = &agent.model {
      let variable = format!("NEXT_PUBLIC_{}_MODEL", id.to_ascii_uppercase());
      set(
        &mut frontend.environment,
        &variable,
        model_name(agent_model),
      );
    }
  }
  frontend
    .depends_on
    .insert(backend.name.clone(), DependencyCondition::Healthy);

  let mut containers = vec![backend, frontend];
  if orchestratai.vector_store == Some(VectorStore::Chromadb) {
    containers.push(container(
      model,
      &catalog.chromadb,
      &orchestratai.chromadb_image,
      profile,
    ));
  }
  Ok(containers)
}

/// The host of the chat: `host`, or `<subdomain or "orchestratai">.<domain>`.
pub fn host(model: &Model<'_>, profile: &Profile) -> Option<String> {
  let orchestratai = model.config.orchestratai.as_ref()?;
  if let Some(host) = &orchestratai.host {
    return Some(host.clone());
  }
  let domain = profile.domain.as_deref()?;
  Some(format!(
    "{}.{domain}",
    orchestratai.subdomain.as_deref().unwrap_or("orchestratai")
  ))
}

/// The chat's site: the frontend, with `/api/*` to the backend.
pub fn route(model: &Model<'_>, profile: &Profile) -> Option<Route> {
  let host = host(model, profile)?;
  let catalog = catalog();
  Some(Route {
    service: "orchestratai".into(),
    host,
    upstream: format!(
      "{}:{}",
      catalog.frontend.name,
      catalog.frontend.port.unwrap_or(3000)
    ),
    api: Some((
      "/api/*".into(),
      format!(
        "{}:{}",
        catalog.backend.name,
        catalog.backend.port.unwrap_or(8000)
      ),
    )),
    headers: Headers::Web,
    cors: None,
    websocket: false,
    long_timeout: Vec::new(),
  })
}

/// One agent as OrchestratAI's models describe it.
#[derive(Serialize)]
struct AgentFile<'a> {
  id: &'a str,
  name: String,
  status: &'static str,
  provider: Option<&'a str>,
  model: Option<&'a str>,
  /// OrchestratAI's `RetrievalStrategy` spelling; `null` for direct agents.
  strategy: Option<&'static str>,
  color: Option<&'a str>,
  temperature: Option<f64>,
  top_k: Option<i64>,
  prompt: Option<String>,
}

#[derive(Serialize)]
struct AgentsFile<'a> {
  agents: Vec<AgentFile<'a>>,
}

fn display_name(id: &str) -> String {
  let mut name = id.to_owned();
  if let Some(first) = name.get_mut(..1) {
    first.make_ascii_uppercase();
  }
  if id == "orchestrator" {
    name
  } else {
    format!("{name} Agent")
  }
}

/// `orchestratai/agents.json`; prompt files are read relative to `directory`,
/// as `SC311` checked them, never from `output`.
pub fn agents_json(
  model: &Model<'_>,
  directory: &Path,
  output: &Path,
) -> Result<Option<String>, String> {
  let Some(orchestratai) = &model.config.orchestratai else {
    return Ok(None);
  };
  let mut agents_out = Vec::new();
  for (id, agent) in agents(orchestratai) {
    let prompt = match (&agent.prompt, &agent.prompt_file) {
      (Some(prompt), _) => Some(prompt.clone()),
      (None, Some(file)) => Some(
        stack_file_reference::read(directory, Some(output), file)
          .map_err(|problem| format!("prompt file {file:?} of agent `{id}` {problem}"))?,
      ),
      (None, None) => None,
    };
    let strategy = agent
      .strategy
      .filter(|s| *s != Strategy::Direct)
      .map(Strategy::orchestratai_name);
    agents_out.push(AgentFile {
      id,
      name: agent.name.clone().unwrap_or_else(|| display_name(id)),
      status: "idle",
      provider: agent.model.as_deref().map(provider),
      model: agent.model.as_deref().map(model_name),
      strategy,
      color: agent.color.as_deref(),
      temperature: agent.temperature,
      top_k: agent
        .top_k
        .filter(|_| agent.strategy.is_some_and(Strategy::retrieves)),
      prompt,
    });
  }
  let mut text = serde_json::to_string_pretty(&AgentsFile { agents: agents_out })
    .map_err(|error| error.to_string())?;
  text.push('\n');
  Ok(Some(text))
}
