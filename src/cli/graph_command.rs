//! `stackc graph`: the services, networks and dependencies as a diagram.

use crate::diagnostic::exit_code::{EXIT_INVALID, EXIT_VALID};
use {
  crate::{
    cli::{
      arguments::Output,
      load::with_model,
      terminal::{eprint, print},
    },
    model::deployment::Deployment,
    model::graph,
    targets::Target,
  },
  std::path::Path,
};

/// The topology is the deployment model's, the same for every target; a
/// target that places services (swarm nodes, kubernetes namespaces) adds
/// its placement to the diagram.
pub fn graph(
  stack: &Path,
  format: graph::GraphFormat,
  profile: Option<&str>,
  target: Target,
) -> i32 {
  let output = Output::human();
  with_model(
    stack,
    None,
    profile,
    &output,
    |model, profile| match Deployment::new(model, profile.unwrap_or(model.base())) {
      Ok(deployment) => {
        let mut text = graph::render(&deployment, format);
        if target == Target::Swarm {
          text.push_str(&placement_comments(&deployment, format));
        }
        print(&text);
        EXIT_VALID
      }
      Err(message) => {
        eprint(&format!("error: {message}\n"));
        EXIT_INVALID
      }
    },
  )
}

/// Where Swarm runs each pinned service, as comments of the diagram's
/// language: the topology itself is the same on every target.
fn placement_comments(deployment: &Deployment<'_>, format: graph::GraphFormat) -> String {
  let comment = match format {
    graph::GraphFormat::Mermaid => "%%",
    graph::GraphFormat::Dot => "//",
  };
  let swarm = &deployment.model.config.targets.swarm;
  let mut text = String::new();
  for service in crate::targets::swarm::placement::volumes_by_service(deployment).keys() {
    text.push_str(&format!(
      "{comment} swarm: {service} runs on node.labels.{} == {}\n",
      swarm.data_label(),
      swarm.group(service)
    ));
  }
  if deployment.container("caddy").is_some() {
    text.push_str(&format!(
      "{comment} swarm: caddy runs on node.labels.{} == true\n",
      swarm.edge_label()
    ));
  }
  text
}
