use {indexmap::IndexMap, serde::Deserialize};

/// The `[orchestratai]` table.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct OrchestratAiConfig {
  pub backend_image: Option<String>,
  pub frontend_image: Option<String>,
  pub chromadb_image: Option<String>,
  pub subdomain: Option<String>,
  pub host: Option<String>,
  pub cors_origins: Option<Vec<String>>,
  pub vector_store: Option<VectorStore>,
  pub embedding_model: Option<String>,
  pub providers: Providers,
  pub orchestrator: OrchestratorModels,
  pub agents: IndexMap<String, AgentConfig>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VectorStore {
  Pgvector,
  Chromadb,
}

impl VectorStore {
  pub fn as_str(self) -> &'static str {
    match self {
      Self::Pgvector => "pgvector",
      Self::Chromadb => "chromadb",
    }
  }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Providers {
  pub openai: Option<OpenAiProvider>,
  pub bedrock: Option<BedrockProvider>,
}

impl Providers {
  /// Names of the configured providers, as used before the `/` of a model.
  pub fn configured(&self) -> Vec<&'static str> {
    let mut names = Vec::new();
    if self.openai.is_some() {
      names.push("openai");
    }
    if self.bedrock.is_some() {
      names.push("bedrock");
    }
    names
  }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct OpenAiProvider {
  pub api_key: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct BedrockProvider {
  pub region: Option<String>,
  pub access_key_id: Option<String>,
  pub secret_access_key: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct OrchestratorModels {
  pub analysis_model: Option<String>,
  pub guide_model: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Strategy {
  Rag,
  Cag,
  Hybrid,
  Direct,
}

impl Strategy {
  pub fn as_str(self) -> &'static str {
    match self {
      Self::Rag => "rag",
      Self::Cag => "cag",
      Self::Hybrid => "hybrid",
      Self::Direct => "direct",
    }
  }

  /// The spelling of OrchestratAI's `RetrievalStrategy` enum.
  pub fn orchestratai_name(self) -> &'static str {
    match self {
      Self::Rag => "Pure RAG",
      Self::Cag => "Pure CAG",
      Self::Hybrid => "Hybrid RAG/CAG",
      Self::Direct => "Direct",
    }
  }

  pub fn retrieves(self) -> bool {
    matches!(self, Self::Rag | Self::Hybrid)
  }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct AgentConfig {
  pub name: Option<String>,
  pub strategy: Option<Strategy>,
  pub model: Option<String>,
  pub color: Option<String>,
  pub temperature: Option<f64>,
  pub top_k: Option<i64>,
  pub prompt: Option<String>,
  pub prompt_file: Option<String>,
}

/// OrchestratAI's `AgentId` enum.
pub const AGENT_IDS: &[&str] = &["orchestrator", "billing", "technical", "policy"];

/// OrchestratAI's `AgentColor` enum.
pub const AGENT_COLORS: &[&str] = &["cyan", "green", "blue", "purple"];
