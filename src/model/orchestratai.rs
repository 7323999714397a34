//! OrchestratAI compiled from `[orchestratai]`: its containers and their
//! environment (exactly the variables OrchestratAI reads, at
//! mario-digital/OrchestratAI ab84eeb), its route, and
//! `orchestratai/agents.json`, a record of the agents as configured, which
//! that OrchestratAI does not read (its agents are fixed in its code).

use crate::model::interpolation;
use {
  crate::{
    catalog::{CatalogContainer, DependencyCondition, Headers},
    config::orchestratai::{AGENT_IDS, AgentConfig, OrchestratAiConfig, Strategy},
    files::stack_file_reference,
    model::deployment::{
      catalog_container::container_from_catalog, container::Container, route::Route,
    },
    model::template,
    model::{Model, Profile},
  },
  indexmap::IndexMap,
  serde::Serialize,
  std::path::Path,
};

pub use crate::catalog::orchestratai::OrchestratAiCatalog;

include!(concat!(env!("OUT_DIR"), "/orchestratai.rs"));

/// `src/catalog/orchestratai.toml`, baked into the binary by `build.rs`.
pub fn catalog() -> &'static OrchestratAiCatalog {
  &ORCHESTRATAI
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

/// A container of OrchestratAI's catalog, with its catalog environment and
/// the image `[orchestratai]` may set instead of the pinned one.
fn container(
  model: &Model<'_>,
  entry: &CatalogContainer,
  image: &Option<String>,
  profile: &Profile,
  context: &minijinja::Value,
) -> Result<Container, String> {
  let mut container = container_from_catalog(model, entry, "orchestratai", profile);
  let environment: IndexMap<&str, &str> = entry
    .environment_where(|when| model.is_enabled(when))
    .collect();
  for (key, value) in &environment {
    container
      .environment
      .insert(key.to_string(), render(value, context)?);
  }
  if let Some(image) = image {
    container.image = image.clone();
  }
  Ok(container)
}

/// The model of each of the backend's roles, by variable
/// (orchestratai_api/src/llm/provider_factory.py): every one is set, since
/// the backend's own defaults are Bedrock ids that need AWS credentials.
/// A strategy's model is its first agent's; without one, `rag` and
/// `hybrid` (which the backend always runs on OpenAI) take the first OpenAI
/// model configured, and `cag` and `direct` the guide model.
fn role_models(orchestratai: &OrchestratAiConfig) -> Vec<(&'static str, String)> {
  let orchestrator = &orchestratai.orchestrator;
  let agents = agents(orchestratai);
  let of_strategy = |strategy: Strategy| {
    agents
      .iter()
      .find(|(_, agent)| agent.strategy == Some(strategy))
      .and_then(|(_, agent)| agent.model.clone())
  };
  let first_openai = [&orchestrator.analysis_model, &orchestrator.guide_model]
    .into_iter()
    .flatten()
    .cloned()
    .chain(agents.iter().filter_map(|(_, agent)| agent.model.clone()))
    .find(|model| provider(model) == "openai");
  let guide = orchestrator
    .guide_model
    .clone()
    .or_else(|| orchestrator.analysis_model.clone());
  let mut models = Vec::new();
  let mut push = |variable: &'static str, model: Option<String>| {
    if let Some(model) = model {
      models.push((variable, model_name(&model).to_owned()));
    }
  };
  push(
    "ORCHESTRATOR_ANALYSIS_MODEL",
    orchestrator.analysis_model.clone(),
  );
  push("ORCHESTRATOR_GUIDE_MODEL", orchestrator.guide_model.clone());
  push(
    "DEFAULT_RAG_MODEL",
    of_strategy(Strategy::Rag).or_else(|| first_openai.clone()),
  );
  push(
    "DEFAULT_CAG_MODEL",
    of_strategy(Strategy::Cag).or_else(|| guide.clone()),
  );
  push(
    "DEFAULT_HYBRID_MODEL",
    of_strategy(Strategy::Hybrid).or_else(|| first_openai.clone()),
  );
  push(
    "DEFAULT_DIRECT_MODEL",
    of_strategy(Strategy::Direct).or_else(|| guide.clone()),
  );
  push(
    "DEFAULT_EMBEDDING_MODEL",
    Some(
      orchestratai
        .embedding_model
        .clone()
        .unwrap_or_else(|| DEFAULT_EMBEDDING_MODEL.to_owned()),
    ),
  );
  models
}

/// The embedding model the backend's retrieval always uses
/// (orchestratai_api/src/retrieval/chroma_store.py).
pub const DEFAULT_EMBEDDING_MODEL: &str = "openai/text-embedding-3-large";

fn render(text: &str, context: &minijinja::Value) -> Result<String, String> {
  let rendered =
    template::render(text, context).map_err(|error| format!("orchestratai: {error}"))?;
  Ok(interpolation::compose_escape(&rendered))
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
    environment.insert(key.to_owned(), interpolation::compose_escape(value));
  };

  let mut backend = container(
    model,
    &catalog.backend,
    &orchestratai.backend_image,
    profile,
    context,
  )?;
  let environment = &mut backend.environment;
  for (variable, role_model) in role_models(orchestratai) {
    set(environment, variable, &role_model);
  }
  // The backend opens ChromaDB for every chat, whatever the agents
  // (src/api/routes/chat.py get_agent_service); without CHROMADB_HOST it
  // falls back to an empty store inside its container.
  set(environment, "CHROMADB_HOST", &catalog.chromadb.name);
  set(
    environment,
    "CHROMADB_PORT",
    &catalog.chromadb.port.unwrap_or(8000).to_string(),
  );
  backend.depends_on.insert(
    catalog.chromadb.name.to_string(),
    DependencyCondition::Healthy,
  );
  if model.is_enabled("redis") {
    backend
      .depends_on
      .insert("redis".into(), DependencyCondition::Healthy);
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
    context,
  )?;
  frontend
    .depends_on
    .insert(backend.name.clone(), DependencyCondition::Healthy);
  let chromadb = container(
    model,
    &catalog.chromadb,
    &orchestratai.chromadb_image,
    profile,
    context,
  )?;
  Ok(vec![backend, frontend, chromadb])
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
    // Neither next.config.ts nor src/main.py sets a framing header, and
    // nothing is meant to embed the chat: the SAMEORIGIN default stands.
    frame_any: Vec::new(),
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
