//! Fields that docker compose files and Swarm stack files write alike.

use {
  crate::{
    catalog::Text,
    config::service::Command,
    model::deployment::{Container, Healthcheck},
  },
  serde::Serialize,
};

/// `command` or `entrypoint`: a shell string or an argument list.
#[derive(Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum CommandField {
  Shell(String),
  Arguments(Vec<String>),
}

impl From<&Command> for CommandField {
  fn from(command: &Command) -> Self {
    match command {
      Command::Shell(shell) => Self::Shell(shell.to_string()),
      Command::Arguments(arguments) => {
        Self::Arguments(arguments.iter().map(Text::to_string).collect())
      }
    }
  }
}

#[derive(Debug, PartialEq, Serialize)]
pub struct HealthcheckField {
  pub test: Vec<String>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub interval: Option<String>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub timeout: Option<String>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub retries: Option<u32>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub start_period: Option<String>,
}

impl From<&Healthcheck> for HealthcheckField {
  fn from(healthcheck: &Healthcheck) -> Self {
    Self {
      test: healthcheck.test.clone(),
      interval: healthcheck.interval.clone(),
      timeout: healthcheck.timeout.clone(),
      retries: healthcheck.retries,
      start_period: healthcheck.start_period.clone(),
    }
  }
}

/// `deploy.resources`: the container's limits, when it has any.
#[derive(Debug, PartialEq, Serialize)]
pub struct ResourcesField {
  pub limits: LimitsField,
}

#[derive(Debug, PartialEq, Serialize)]
pub struct LimitsField {
  #[serde(skip_serializing_if = "Option::is_none")]
  pub memory: Option<String>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub cpus: Option<String>,
}

impl ResourcesField {
  pub fn of(container: &Container) -> Option<Self> {
    (container.memory.is_some() || container.cpus.is_some()).then(|| Self {
      limits: LimitsField {
        memory: container.memory.clone(),
        cpus: container.cpus.map(|cpus| cpus.to_string()),
      },
    })
  }
}
