//! Stage 6: the deployment model to the files of one target, in memory.
//! Nothing here touches disk.
//!
//! Each target is a folder that reads the shared `Deployment` model:
//! `compose` (docker compose on one host), `swarm` and `kubernetes`; what
//! every target writes alike (the Caddyfile, env files, database scripts,
//! checklist sections) lives once in `shared`.

pub mod compose;
pub mod kubernetes;
pub mod shared;
pub mod swarm;

pub mod artifact;
pub mod render_options;

use crate::model::Model;
pub use {
  artifact::Artifact,
  render_options::RenderOptions,
  shared::header::{file_label, header},
};

/// The engine a build is for: `--target`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
  /// docker compose on one host.
  #[default]
  Compose,
  /// Docker Swarm: `docker stack deploy`.
  Swarm,
  /// A Kustomize base for `kubectl apply -k`.
  Kubernetes,
}

impl Target {
  pub fn as_str(self) -> &'static str {
    match self {
      Self::Compose => "compose",
      Self::Swarm => "swarm",
      Self::Kubernetes => "kubernetes",
    }
  }
}

/// The files of `target` for the stack, in memory.
pub fn render(
  target: Target,
  model: &Model<'_>,
  options: &RenderOptions<'_>,
) -> Result<Vec<Artifact>, String> {
  match target {
    Target::Compose => compose::render(model, options),
    Target::Swarm => swarm::render(model, options),
    Target::Kubernetes => kubernetes::render(model, options),
  }
}
