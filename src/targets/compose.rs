//! docker compose on one host: `docker-compose.yml`, a profile's override,
//! and the shared files.

pub mod checklist;
pub mod compose_file;

use {
  crate::{
    model::Model,
    model::deployment::{self, Deployment},
    targets::{
      artifact::Artifact,
      render_options::RenderOptions,
      shared::header::header,
      shared::{caddyfile, database_files, env_file},
    },
  },
  compose_file::ComposeFile,
};

pub fn render(model: &Model<'_>, options: &RenderOptions<'_>) -> Result<Vec<Artifact>, String> {
  let header = header(options.stack_file);
  let base = Deployment::new(model, model.base())?;
  let mut artifacts = vec![Artifact::committed(
    "docker-compose.yml",
    ComposeFile::new(&base).to_yaml(&header),
  )];
  if base.container("caddy").is_some() {
    artifacts.push(Artifact::committed(
      "Caddyfile",
      caddyfile::render(&base, &header),
    ));
  }
  let selected = match options.profile {
    Some(profile) => {
      let deployment = Deployment::new(model, profile)?;
      let name = profile.name.as_deref().unwrap_or_default();
      artifacts.push(Artifact::committed(
        format!("docker-compose.{name}.yml"),
        ComposeFile::profile_override(&base, &deployment).to_yaml(&header),
      ));
      if deployment.container("caddy").is_some() {
        artifacts.push(Artifact::committed(
          deployment::caddyfile_name(profile),
          caddyfile::render(&deployment, &header),
        ));
      }
      Some(deployment)
    }
    None => None,
  };
  let shown = selected.as_ref().unwrap_or(&base);
  let env_header = format!(
    "{header}# Every variable docker-compose.yml interpolates. `.env` holds the values:\n# keep it private (mode 0600) and out of version control.\n"
  );
  artifacts.extend(env_file::artifacts(
    &base,
    &env_header,
    options,
    env_file::Reader::Compose,
  )?);
  artifacts.extend(database_files::render(model, &header));
  if let Some(agents) =
    crate::model::orchestratai::agents_json(model, options.directory, options.output)?
  {
    artifacts.push(Artifact::committed("orchestratai/agents.json", agents));
  }
  artifacts.push(Artifact::committed(
    "CHECKLIST.md",
    checklist::render(shown, options.stack_file)?,
  ));
  Ok(artifacts)
}
