//! The stack's databases and the jobs that keep them: every database a
//! catalog service, a custom service or OrchestratAI declares is created by a
//! provisioning job on each `up`, and dumped by a backup job, per engine.

pub mod backup;
pub mod jobs;
pub mod mongo_provision;
pub mod postgres_provision;
pub mod postgres_tuning;

use crate::{catalog::CatalogDatabase, model::Model};

/// Engines that hold service databases, as catalog service names.
pub const ENGINES: &[&str] = &["postgresql", "mongodb"];

/// One database of the stack, with the service that uses it.
#[derive(Clone, Copy, Debug)]
pub struct StackDatabase<'m> {
  pub service: &'m str,
  pub database: &'m CatalogDatabase,
  /// Its place in a custom service's `databases = [...]`; `None` for a
  /// catalog service's or OrchestratAI's, which the stack file does not hold.
  pub index: Option<usize>,
}

impl StackDatabase<'_> {
  /// The variable that carries the owner's password.
  pub fn password_variable(&self) -> String {
    crate::model::variable_name(&self.database.password)
  }
}

/// Every database of the stack, in service order: catalog services' (from
/// their catalog file), custom services' (`databases = [...]`), then
/// OrchestratAI's.
pub fn all<'m>(model: &'m Model<'_>) -> Vec<StackDatabase<'m>> {
  let mut found = Vec::new();
  for service in model.services.values() {
    let (declared, in_stack_file) = match service.catalog {
      Some(catalog) => (&catalog.databases[..], false),
      None => (service.config.databases.as_slice(), true),
    };
    found.extend(
      declared
        .iter()
        .enumerate()
        .map(|(index, database)| StackDatabase {
          service: service.name.as_str(),
          database,
          index: in_stack_file.then_some(index),
        }),
    );
  }
  found
}

/// The databases held by `engine`, when that engine is enabled.
pub fn of_engine<'m>(model: &'m Model<'_>, engine: &str) -> Vec<StackDatabase<'m>> {
  if !model.is_enabled(engine) {
    return Vec::new();
  }
  all(model)
    .into_iter()
    .filter(|entry| entry.database.engine == engine)
    .collect()
}
