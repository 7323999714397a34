//! Docker Swarm: `docker-stack.yml` for `docker stack deploy`, a deploy
//! script that exports `.env` and creates the secrets first, configs for
//! the files compose would bind-mount, and a checklist for a swarm.

pub mod checklist;
pub mod deploy_script;
pub mod placement;
pub mod secrets;
pub mod stack_file;

use {
  crate::{
    model::Model,
    model::deployment::Deployment,
    targets::{
      artifact::Artifact,
      render_options::RenderOptions,
      shared::header::header,
      shared::{caddyfile, database_files, env_file},
    },
  },
  stack_file::{StackFile, StackOptions},
};

pub const STACK_FILE: &str = "docker-stack.yml";

pub fn render(model: &Model<'_>, options: &RenderOptions<'_>) -> Result<Vec<Artifact>, String> {
  let header = header(options.stack_file);
  let deployment = Deployment::new(model, options.profile.unwrap_or(model.base()))?;
  // The files the services mount, which become configs.
  let mut files = database_files::render(model, &header);
  if deployment.container("caddy").is_some() {
    files.push(Artifact::committed(
      crate::model::deployment::caddyfile_name(&deployment.profile),
      caddyfile::render(&deployment, &header),
    ));
  }
  let stack = StackFile::new(&deployment, &StackOptions { files: &files })?;
  let mut artifacts = vec![Artifact::committed(STACK_FILE, stack.to_yaml(&header))];
  artifacts.push(Artifact {
    mode: 0o755,
    ..Artifact::committed(
      deploy_script::PATH,
      deploy_script::render(&deployment, &header, &stack.file_secrets),
    )
  });
  artifacts.extend(files);
  let env_header = format!(
    "{header}# Every variable docker-stack.yml interpolates, exported by deploy.sh. `.env`\n# holds the values: keep it private (mode 0600) and out of version control.\n"
  );
  artifacts.extend(env_file::artifacts(
    &deployment,
    &env_header,
    options,
    env_file::Reader::Shell,
  )?);
  if let Some(agents) =
    crate::model::orchestratai::agents_json(model, options.directory, options.output)?
  {
    artifacts.push(Artifact::committed("orchestratai/agents.json", agents));
  }
  artifacts.push(Artifact::committed(
    "CHECKLIST.md",
    checklist::render(&deployment, options.stack_file)?,
  ));
  Ok(artifacts)
}
