//! The database jobs of the deployment, per enabled engine: a one-shot
//! provisioning job when the engine holds service databases, and a backup
//! job that dumps it. Both run on the server's own image (so they follow an
//! image override) and read the superuser's password from the server's
//! environment, never a copy of their own.

use {
  super::{ENGINES, StackDatabase, backup, of_engine},
  crate::{
    catalog::DependencyCondition,
    config::service::Command,
    model::Model,
    model::deployment::container::{Container, Mount, MountSource, Restart},
    model::deployment::volume::Volume,
  },
  indexmap::IndexMap,
};

pub const POSTGRES_PROVISION_SCRIPT: &str = "postgresql/provision.sh";
pub const POSTGRES_PROVISION_SQL: &str = "postgresql/provision.sql";
pub const POSTGRES_BACKUP_SCRIPT: &str = "postgresql/backup.sh";
pub const MONGO_PROVISION_SCRIPT: &str = "mongodb/provision.js";
pub const MONGO_BACKUP_SCRIPT: &str = "mongodb/backup.sh";

/// The provisioning job of `engine`.
pub fn provision_job(engine: &str) -> String {
  format!("{engine}-provision")
}

fn backup_job(engine: &str) -> String {
  format!("{engine}-backup")
}

/// Whether `container` is an engine's backup job, which dumps on a schedule.
pub fn is_backup_job(container: &str) -> bool {
  ENGINES.iter().any(|engine| backup_job(engine) == container)
}

/// Storage for the dumps of `engine`, kept `BACKUP_KEEP_DAYS` (7).
pub fn dumps_size(engine: &str) -> &'static str {
  match engine {
    "postgresql" => "20Gi",
    _ => "10Gi",
  }
}

/// The volume the backup job of `engine` dumps into.
pub fn dumps_volume(engine: &str) -> String {
  format!("{engine}_dumps")
}

fn file(path: &str, target: &str) -> Mount {
  Mount {
    source: MountSource::Bind(path.to_owned()),
    target: target.to_owned(),
    read_only: true,
  }
}

/// A job on the server's image, on the internal network, started once the
/// server is healthy, with the server's superuser credentials.
fn job(server: &Container, name: String, credentials: &[(&str, &str)]) -> Container {
  let mut container = Container::new(name, &server.service, &server.image);
  container.networks = vec!["internal".into()];
  container
    .depends_on
    .insert(server.name.clone(), DependencyCondition::Healthy);
  for (variable, from) in credentials {
    if let Some(value) = server.environment.get(*from) {
      container
        .environment
        .insert((*variable).to_owned(), value.clone());
    }
  }
  container
}

fn credentials(engine: &str) -> &'static [(&'static str, &'static str)] {
  match engine {
    // libpq's own variables: psql, pg_dumpall and pg_isready read them.
    "postgresql" => &[("PGPASSWORD", "POSTGRES_PASSWORD")],
    _ => &[
      ("MONGO_ROOT_USERNAME", "MONGO_INITDB_ROOT_USERNAME"),
      ("MONGO_ROOT_PASSWORD", "MONGO_INITDB_ROOT_PASSWORD"),
    ],
  }
}

fn provision(server: &Container, engine: &str, databases: &[StackDatabase<'_>]) -> Container {
  let mut container = job(server, provision_job(engine), credentials(engine));
  container.restart = Restart::No;
  match engine {
    "postgresql" => {
      container
        .environment
        .insert("PGHOST".into(), server.name.clone());
      container.mounts = vec![
        file(POSTGRES_PROVISION_SCRIPT, "/stackc/provision.sh"),
        file(
          POSTGRES_PROVISION_SQL,
          super::postgres_provision::SQL_TARGET,
        ),
      ];
      container.entrypoint = Some(Command::arguments(["sh", "/stackc/provision.sh"]));
    }
    _ => {
      container
        .environment
        .insert("MONGO_HOST".into(), format!("{}:27017", server.name));
      container.mounts = vec![file(MONGO_PROVISION_SCRIPT, "/stackc/provision.js")];
      container.entrypoint = Some(Command::arguments([
        "mongosh",
        "--nodb",
        "--quiet",
        "--file",
        "/stackc/provision.js",
      ]));
    }
  }
  for database in databases {
    let variable = database.password_variable();
    container
      .environment
      .insert(variable.clone(), format!("${{{variable}}}"));
  }
  container
}

fn backup(server: &Container, engine: &str, timezone: &str) -> Container {
  let mut container = job(server, backup_job(engine), credentials(engine));
  let (host_variable, host, script) = match engine {
    "postgresql" => ("PGHOST", server.name.clone(), POSTGRES_BACKUP_SCRIPT),
    _ => (
      "MONGO_HOST",
      format!("{}:27017", server.name),
      MONGO_BACKUP_SCRIPT,
    ),
  };
  container.environment.insert(host_variable.into(), host);
  if engine == "postgresql" {
    // The checklist's restore runs psql in this job's container without its
    // script (`--entrypoint sh`): without PGUSER, psql would log in as the
    // container's user, root, a role the server lacks (found by tests/boot.rs).
    container
      .environment
      .insert("PGUSER".into(), "postgres".into());
  }
  for (variable, value) in [
    ("BACKUP_KEEP_DAYS", "7"),
    ("BACKUP_INTERVAL_SECONDS", "86400"),
    ("TZ", timezone),
  ] {
    container
      .environment
      .insert(variable.into(), value.replace('$', "$$"));
  }
  container.mounts = vec![
    Mount {
      source: MountSource::Volume(dumps_volume(engine)),
      target: backup::DUMPS_TARGET.into(),
      read_only: false,
    },
    file(script, "/stackc/backup.sh"),
  ];
  container.entrypoint = Some(Command::arguments(["sh", "/stackc/backup.sh"]));
  container
}

/// Adds each enabled engine's jobs and dump volume, and makes every
/// container that uses one of its databases wait for its provisioning.
pub fn add(
  model: &Model<'_>,
  containers: &mut Vec<Container>,
  volumes: &mut IndexMap<String, Volume>,
) {
  for engine in ENGINES {
    let Some(server) = containers.iter().find(|c| c.name == *engine).cloned() else {
      continue;
    };
    let databases = of_engine(model, engine);
    if !databases.is_empty() {
      let job = provision_job(engine);
      for container in containers.iter_mut() {
        // A catalog container says which of a service's containers use
        // the database by depending on its server; a custom one always does.
        let custom = model
          .services
          .get(&container.service)
          .is_some_and(|service| service.catalog.is_none());
        let uses = databases.iter().any(|d| d.service == container.service)
          && (custom || container.depends_on.contains_key(*engine));
        if uses {
          container
            .depends_on
            .insert(server.name.clone(), DependencyCondition::Healthy);
          container
            .depends_on
            .insert(job.clone(), DependencyCondition::Completed);
        }
      }
      containers.push(provision(&server, engine, &databases));
    }
    containers.push(backup(&server, engine, model.timezone()));
    volumes.insert(
      dumps_volume(engine),
      Volume {
        owner: (*engine).to_owned(),
        backup: Some(dumps_volume(engine)),
      },
    );
  }
}
