//! `stackc graph`: the services, networks and dependencies as a diagram.

use {
  crate::{
    cli::{
      arguments::{ColorChoice, Output},
      run::{EXIT_CANNOT_RUN, EXIT_INVALID, EXIT_VALID, eprint, print, with_model},
    },
    deployment::Deployment,
    graph,
    report::Format,
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
  let output = Output {
    format: Format::Human,
    color: ColorChoice::Auto,
    deny_warnings: false,
  };
  if target != Target::Compose {
    eprint(&format!(
      "error: the {} target is not built yet\n",
      target.as_str()
    ));
    return EXIT_CANNOT_RUN;
  }
  with_model(
    stack,
    None,
    profile,
    &output,
    |model, profile| match Deployment::new(model, profile.unwrap_or(model.base())) {
      Ok(deployment) => {
        print(&graph::render(&deployment, format));
        EXIT_VALID
      }
      Err(message) => {
        eprint(&format!("error: {message}\n"));
        EXIT_INVALID
      }
    },
  )
}
