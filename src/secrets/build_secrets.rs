//! The secrets of a build, of `build --check` and of `check --deploy`: the
//! store and the deployed `.env` read together and settled
//! (`deployed_env`), the store rebuilt from `.env` where it lacks a value,
//! what is still missing generated, and every disagreement reported by
//! name, never by value. The caller holds the store's lock.

use {
  crate::{
    diagnostic::command_failure::CommandFailure,
    model::deployment::Deployment,
    model::{Model, SecretSource},
    secrets::deployed_env::{self, DeployedEnv, Settled},
    secrets::store::SecretStore,
    targets::shared::env_file_reader::{self, EnvEntry},
  },
  std::{collections::BTreeMap, fmt::Write, path::Path},
};

fn environment(name: &str) -> Option<String> {
  std::env::var(name).ok()
}

/// What a build writes into `.env`, and the store it came from.
#[derive(Debug)]
pub struct Prepared {
  pub values: BTreeMap<String, String>,
  /// Entries of the earlier `.env` that stackc does not manage.
  pub kept: Vec<EnvEntry>,
  pub store: SecretStore,
  /// Notes and warnings for stderr, names only.
  pub notes: String,
}

/// Reads the store and the deployed `.env`, takes into the store what only
/// `.env` holds, generates what neither holds (saving the store before any
/// `.env` is written), and gathers every value. `Err` (a disagreement, an
/// unreadable file) changes nothing.
pub fn prepare(stack: &Path, model: &Model<'_>, out: &Path) -> Result<Prepared, CommandFailure> {
  // Environment values `.env` cannot hold are refused before anything is stored.
  crate::secrets::environment_secrets::environment_values(model)?;
  let deployed = DeployedEnv::read(out)?;
  let mut store = SecretStore::load(stack, model.config.secrets_store.as_ref())?;
  let taken = deployed_env::rebuild_store(model, &mut store, &deployed);
  let (generated, changed) = store.ensure(model)?;
  let settled = deployed_env::settle(model, &store, &deployed, environment);
  if !settled.conflicts.is_empty() {
    return Err(
      deployed_env::explain_conflicts(&settled.conflicts, stack, out, &store.path)
        .trim_end()
        .to_owned()
        .into(),
    );
  }
  let mut notes = String::new();
  for change in changed {
    let _ = writeln!(
      notes,
      "warning: secret `{}` was generated as {}; the stack now asks for {}. The stored value is kept: run `stackc secrets rotate {}` to apply the new setting.",
      change.name, change.stored, change.wanted, change.name
    );
  }
  if !taken.is_empty() {
    let _ = writeln!(
      notes,
      "note: the secrets store {} lacked {}; rebuilt from {}, which the deployment uses",
      store.path.display(),
      deployed_env::variables(model, &taken),
      deployed.path.display()
    );
  }
  if !settled.rotations.is_empty() {
    let _ = writeln!(
      notes,
      "note: writing the rotated {} into {} in place of the old value, as `stackc secrets rotate` asked",
      deployed_env::variables(model, &settled.rotations),
      deployed.path.display()
    );
  }
  if !taken.is_empty() || !generated.is_empty() {
    store.save()?;
  }
  Ok(Prepared {
    values: settled.values,
    kept: deployed.kept(&store),
    store,
    notes,
  })
}

/// After `.env` is written: rotations it now holds are no longer pending.
pub fn finish(prepared: &mut Prepared, env_file_contents: &str) -> Result<(), String> {
  // Most builds follow no rotation: `.env` is then not read back.
  if !prepared.store.entries.values().any(|stored| stored.rotated) {
    return Ok(());
  }
  let written = env_file_reader::parse(env_file_contents).unwrap_or_default();
  let mut changed = false;
  for (name, stored) in &mut prepared.store.entries {
    if stored.rotated && written.get(&name.to_ascii_uppercase()) == Some(&stored.value) {
      stored.rotated = false;
      changed = true;
    }
  }
  if changed {
    prepared.store.save()?;
  }
  Ok(())
}

/// Reads without changing anything, for `build --check` and `check --deploy`.
fn settle_read_only(
  stack: &Path,
  model: &Model<'_>,
  out: &Path,
) -> Result<(Settled, SecretStore), CommandFailure> {
  let deployed = DeployedEnv::read(out)?;
  let store = SecretStore::load(stack, model.config.secrets_store.as_ref())?;
  Ok((
    deployed_env::settle(model, &store, &deployed, environment),
    store,
  ))
}

/// For `build --check`: every disagreement between `out/.env` and the store
/// or environment, as a report; `None` when they agree.
pub fn disagreements(
  stack: &Path,
  model: &Model<'_>,
  out: &Path,
) -> Result<Option<String>, CommandFailure> {
  let (settled, store) = settle_read_only(stack, model, out)?;
  if settled.conflicts.is_empty() {
    return Ok(None);
  }
  Ok(Some(deployed_env::explain_conflicts(
    &settled.conflicts,
    stack,
    out,
    &store.path,
  )))
}

/// `check --deploy`: every secret the deployment needs must have a value in
/// the store, the environment or the deployment's `.env`, and none may
/// disagree. `Ok` is the report of a deployment ready to build, `Err` the
/// report of what is missing or disagrees.
pub fn check_deploy(stack: &Path, model: &Model<'_>, out: &Path) -> Result<String, CommandFailure> {
  let (settled, store) = settle_read_only(stack, model, out)?;
  let deployment =
    Deployment::new(model, model.base()).map_err(|message| format!("error: {message}"))?;
  let mut missing = String::new();
  for (variable, entry) in &deployment.variables {
    if settled
      .values
      .get(&entry.secret)
      .is_some_and(|value| !value.is_empty())
    {
      continue;
    }
    let how = match &model.secrets[&entry.secret].source {
      SecretSource::Generate { .. } => {
        "generated by `stackc build`, which has not run yet".to_owned()
      }
      SecretSource::FromEnv(from) => format!(
        "set ${from} when running `stackc build`, or write it into {}",
        out.join(".env").display()
      ),
      SecretSource::Manual(instructions) => format!(
        "{instructions}; write it into {}",
        out.join(".env").display()
      ),
      SecretSource::Invalid => "declare its source".to_owned(),
    };
    let _ = writeln!(missing, "  {variable}: {how}");
  }
  let mut report = String::new();
  if !missing.is_empty() {
    let _ = writeln!(
      report,
      "error: secrets still missing for {}:\n{}",
      out.display(),
      missing.trim_end()
    );
  }
  if !settled.conflicts.is_empty() {
    report.push_str(&deployed_env::explain_conflicts(
      &settled.conflicts,
      stack,
      out,
      &store.path,
    ));
  }
  if !report.is_empty() {
    return Err(report.trim_end().to_owned().into());
  }
  let mut ready = String::new();
  let pending: Vec<String> = settled
    .pending
    .iter()
    .chain(&settled.rotations)
    .cloned()
    .collect();
  if !pending.is_empty() {
    let _ = writeln!(
      ready,
      "note: {} rotated; the next `stackc build` writes the new value into {}",
      deployed_env::variables(model, &pending),
      out.join(".env").display()
    );
  }
  if !settled.from_env_file.is_empty() {
    let _ = writeln!(
      ready,
      "note: the secrets store lacks {}; the next `stackc build` takes them from {}",
      deployed_env::variables(model, &settled.from_env_file),
      out.join(".env").display()
    );
  }
  let _ = writeln!(ready, "{}: every secret has a value", out.display());
  Ok(ready)
}
