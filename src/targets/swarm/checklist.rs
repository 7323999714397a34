//! CHECKLIST.md for a swarm: nodes to join and label, the shared sections,
//! `./deploy.sh` as the start, and what is pinned where.

use {
  crate::{
    model::deployment::Deployment,
    targets::{
      shared::checklist::{self, Checklist},
      swarm::placement,
    },
  },
  indexmap::IndexMap,
  std::fmt::Write,
};

pub fn render(deployment: &Deployment<'_>, stack_file: &str) -> Result<String, String> {
  let mut list = Checklist::new(deployment, stack_file);
  nodes(deployment, list.section("Nodes"));
  checklist::dns_records(deployment, list.section("DNS records"));
  checklist::firewall(deployment, list.section("Firewall"));
  swarm_ports(list.section("Ports between nodes"));
  checklist::secrets(deployment, "./deploy.sh", list.section("Secrets"));
  if deployment.model.config.orchestratai.is_some() {
    let output = list.section("Build OrchestratAI's images");
    checklist::orchestratai_images(deployment, output);
    output.push_str("- [ ] Build them on every node that may run them, or push them to a registry of yours and set `backend_image` / `frontend_image`; deploy local images with `./deploy.sh --resolve-image never`.\n\n");
  }
  deploy(deployment, list.section("Deploy"));
  checklist::services(deployment, list.section("Services"));
  checklist::first_login(deployment, list.section("First login"))?;
  checklist::backups(deployment, list.section("Backups"));
  limits(list.section("What Swarm does not do here"));
  checklist::diagram(deployment, list.section("Diagram"));
  Ok(list.finish())
}

/// The data group of each service with a named volume.
fn groups(deployment: &Deployment<'_>) -> IndexMap<String, Vec<String>> {
  let swarm = &deployment.model.config.targets.swarm;
  let mut groups: IndexMap<String, Vec<String>> = IndexMap::new();
  for service in placement::volumes_by_service(deployment).keys() {
    groups
      .entry(swarm.group(service).to_owned())
      .or_default()
      .push(service.clone());
  }
  groups
}

fn nodes(deployment: &Deployment<'_>, output: &mut String) {
  let swarm = &deployment.model.config.targets.swarm;
  output.push_str("- [ ] On the first manager: `docker swarm init --advertise-addr <its address>`; on every other node, the `docker swarm join` command it prints.\n");
  output.push_str("- [ ] Label the nodes (on a manager). Named volumes live on the node that created them, so each data group runs on exactly one node; give its label to one node only:\n\n```sh\n");
  for (group, services) in groups(deployment) {
    let _ = writeln!(
      output,
      "docker node update --label-add {}={group} NODE   # {}",
      swarm.data_label(),
      services.join(", ")
    );
  }
  if deployment.container("caddy").is_some() {
    let _ = writeln!(
      output,
      "docker node update --label-add {}=true NODE   # caddy: receives ports 80 and 443",
      swarm.edge_label()
    );
  }
  output.push_str("```\n\n");
  output.push_str("A single server is a swarm of one: give it every label.\n\n");
}

fn swarm_ports(output: &mut String) {
  output.push_str("Between the nodes only, never to the internet: 2377/tcp (cluster management), 7946/tcp and 7946/udp (node discovery), 4789/udp (overlay network traffic).\n\n");
}

fn deploy(deployment: &Deployment<'_>, output: &mut String) {
  let _ = write!(
    output,
    "On a manager, in this folder (with `.env` beside it):\n\n```sh\n./deploy.sh\ndocker stack services {0}\n```\n\n`deploy.sh` exports `.env` (`docker stack deploy` reads none, and would make every unset variable empty), stops if a value is empty, creates the Docker secrets the images read as files, and runs `docker stack deploy`. Run it again after every `stackc build`: changed files become new configs and the services using them are updated.\n\nCommands below written for docker compose (`docker compose exec SERVICE …`) run on the node that runs the service: `docker exec -it $(docker ps -q -f name={0}_SERVICE) …`.\n\n",
    deployment.name
  );
}

fn limits(output: &mut String) {
  output.push_str("- A named volume stays on the node that created it: a data group cannot move to another node without copying its volumes, and if that node is lost, the backups are what is left.\n- Databases are not replicated: PostgreSQL, MongoDB and Redis run one copy each; `replicas` applies only to services without named volumes.\n- Jobs (provisioning) run once per change of their files; a failed one is retried every 5 seconds.\n\n");
}
