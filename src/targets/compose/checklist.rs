//! CHECKLIST.md for docker compose on one host: the shared sections, with
//! `docker compose up` as the start.

use {
  crate::{
    model::deployment::Deployment,
    targets::shared::checklist::{self, Checklist},
  },
  std::fmt::Write,
};

pub fn render(deployment: &Deployment<'_>, stack_file: &str) -> Result<String, String> {
  let mut list = Checklist::new(deployment, stack_file);
  checklist::dns_records(deployment, list.section("DNS records"));
  checklist::firewall(deployment, list.section("Firewall"));
  checklist::secrets(deployment, "docker compose up", list.section("Secrets"));
  if deployment.model.config.orchestratai.is_some() {
    checklist::orchestratai_images(deployment, list.section("Build OrchestratAI's images"));
  }
  start(deployment, list.section("Start"));
  checklist::services(deployment, list.section("Services"));
  checklist::first_login(deployment, list.section("First login"))?;
  checklist::backups(deployment, list.section("Backups"));
  checklist::diagram(deployment, list.section("Diagram"));
  Ok(list.finish())
}

fn start(deployment: &Deployment<'_>, output: &mut String) {
  output.push_str("```sh\n");
  match &deployment.profile.name {
    Some(name) => {
      let _ = writeln!(
        output,
        "docker compose -p {} -f docker-compose.yml -f docker-compose.{name}.yml up -d",
        deployment.name
      );
    }
    None => {
      let _ = writeln!(output, "docker compose -p {} up -d", deployment.name);
    }
  }
  output.push_str("```\n\n");
}
