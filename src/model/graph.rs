//! The stack as a diagram: containers grouped by network, dependencies and
//! routes as edges. Mermaid for CHECKLIST.md and GitHub, DOT for Graphviz.

use {crate::model::deployment::Deployment, std::fmt::Write};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
  Mermaid,
  Dot,
}

/// Containers by the networks they join: internal only, both, external only.
fn groups<'d>(deployment: &'d Deployment<'_>) -> [(&'static str, &'static str, Vec<&'d str>); 3] {
  let on = |name: &str, network: &str| {
    deployment
      .container(name)
      .is_some_and(|c| c.networks.iter().any(|n| n == network))
  };
  let mut internal = Vec::new();
  let mut both = Vec::new();
  let mut external = Vec::new();
  for container in &deployment.containers {
    let name = container.name.as_str();
    match (on(name, "internal"), on(name, "external")) {
      (true, true) => both.push(name),
      (false, true) => external.push(name),
      _ => internal.push(name),
    }
  }
  [
    ("external", "external network only", external),
    ("both", "internal and external networks", both),
    ("internal", "internal network only (no internet)", internal),
  ]
}

fn node_id(name: &str) -> String {
  name.replace('-', "_")
}

pub fn render(deployment: &Deployment<'_>, format: GraphFormat) -> String {
  match format {
    GraphFormat::Mermaid => mermaid(deployment),
    GraphFormat::Dot => dot(deployment),
  }
}

fn mermaid(deployment: &Deployment<'_>) -> String {
  let mut output = String::from("flowchart LR\n");
  output.push_str("  internet((internet))\n");
  for (id, label, members) in groups(deployment) {
    if members.is_empty() {
      continue;
    }
    let _ = writeln!(output, "  subgraph {id}[\"{label}\"]");
    for member in members {
      let _ = writeln!(output, "    {}[\"{member}\"]", node_id(member));
    }
    output.push_str("  end\n");
  }
  if deployment.container("caddy").is_some() {
    output.push_str("  internet -->|80, 443| caddy\n");
    for route in &deployment.routes {
      let target = route.upstream.split(':').next().unwrap_or_default();
      let _ = writeln!(output, "  caddy -->|{}| {}", route.host, node_id(target));
    }
  }
  for container in &deployment.containers {
    for target in container.depends_on.keys() {
      let _ = writeln!(
        output,
        "  {} -.->|depends on| {}",
        node_id(&container.name),
        node_id(target)
      );
    }
  }
  output
}

fn dot(deployment: &Deployment<'_>) -> String {
  let mut output = format!(
    "digraph \"{}\" {{\n  rankdir=LR;\n  node [shape=box];\n",
    deployment.name
  );
  for (id, label, members) in groups(deployment) {
    if members.is_empty() {
      continue;
    }
    let _ = writeln!(
      output,
      "  subgraph \"cluster_{id}\" {{\n    label=\"{label}\";"
    );
    for member in members {
      let _ = writeln!(output, "    \"{member}\";");
    }
    output.push_str("  }\n");
  }
  if deployment.container("caddy").is_some() {
    output.push_str(
      "  \"internet\" [shape=ellipse];\n  \"internet\" -> \"caddy\" [label=\"80, 443\"];\n",
    );
    for route in &deployment.routes {
      let target = route.upstream.split(':').next().unwrap_or_default();
      let _ = writeln!(
        output,
        "  \"caddy\" -> \"{target}\" [label=\"{}\"];",
        route.host
      );
    }
  }
  for container in &deployment.containers {
    for target in container.depends_on.keys() {
      let _ = writeln!(
        output,
        "  \"{}\" -> \"{target}\" [style=dashed];",
        container.name
      );
    }
  }
  output.push_str("}\n");
  output
}
