//! The provisioning and backup scripts of each enabled database engine,
//! which every target mounts into its database jobs.

use crate::{
  model::Model,
  model::databases::{
    backup,
    jobs::{self, MONGO_BACKUP_SCRIPT, MONGO_PROVISION_SCRIPT},
    mongo_provision, of_engine, postgres_provision,
  },
  targets::artifact::Artifact,
};

/// The provisioning and backup scripts of each enabled database engine.
pub fn render(model: &Model<'_>, header: &str) -> Vec<Artifact> {
  let script = |path: &str, contents: String| Artifact {
    mode: 0o755,
    ..Artifact::committed(path, contents)
  };
  let mut files = Vec::new();
  if model.is_enabled("postgresql") {
    if !of_engine(model, "postgresql").is_empty() {
      files.push(script(
        jobs::POSTGRES_PROVISION_SCRIPT,
        postgres_provision::script(model, header),
      ));
      files.push(Artifact::committed(
        jobs::POSTGRES_PROVISION_SQL,
        postgres_provision::sql(model, header),
      ));
    }
    files.push(script(
      jobs::POSTGRES_BACKUP_SCRIPT,
      backup::postgres_script(header),
    ));
  }
  if model.is_enabled("mongodb") {
    if !of_engine(model, "mongodb").is_empty() {
      files.push(Artifact::committed(
        MONGO_PROVISION_SCRIPT,
        mongo_provision::script(model, header),
      ));
    }
    files.push(script(MONGO_BACKUP_SCRIPT, backup::mongo_script(header)));
  }
  files
}
