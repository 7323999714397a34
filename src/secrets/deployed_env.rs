//! The deployed `.env` as a source of truth. A running deployment uses the
//! values its `.env` holds, so a build never replaces one behind the
//! operator's back: for each secret, the store's value (or the
//! environment's) and the `.env` value are settled here, and a disagreement
//! stops the build with the ways to settle it. An empty value counts as
//! missing.

use {
  crate::{
    diagnostic::command_failure::CommandFailure,
    files::regular_file::ReadFailure,
    model::{Model, SecretSource},
    secrets::{store::SecretStore, stored_secret::StoredSecret},
    targets::shared::env_file_reader::{self, EnvEntry},
  },
  std::{
    collections::BTreeMap,
    fmt::Write,
    path::{Path, PathBuf},
  },
};

/// The largest `.env` read: many values of up to 128 KiB each.
const ENV_LIMIT: u64 = 16 * 1024 * 1024;

/// The `.env` already in an output directory (empty if there is none).
#[derive(Debug, Default)]
pub struct DeployedEnv {
  pub path: PathBuf,
  pub entries: Vec<EnvEntry>,
  /// Non-empty values by variable; the last assignment wins.
  values: BTreeMap<String, String>,
}

impl DeployedEnv {
  pub fn read(out: &Path) -> Result<Self, CommandFailure> {
    let path = out.join(".env");
    let text = match crate::files::regular_file::read(&path, ENV_LIMIT) {
      Ok(bytes) => String::from_utf8(bytes)
        .map_err(|_| format!("error: cannot read {}: it is not UTF-8", path.display()))?,
      Err(ReadFailure::NotFound) => {
        return Ok(Self {
          path,
          ..Self::default()
        });
      }
      Err(failure) => {
        return Err(CommandFailure::CannotRun(format!(
          "error: cannot read {}: {failure}; nothing was written",
          path.display()
        )));
      }
    };
    let entries = env_file_reader::parse_entries(&text).map_err(|error| {
      format!(
        "error: {} {error}; it may hold values set by hand, so nothing was written",
        path.display()
      )
    })?;
    let values = entries
      .iter()
      .map(|entry| (entry.key.clone(), entry.value.clone()))
      .filter(|(_, value)| !value.is_empty())
      .collect();
    Ok(Self {
      path,
      entries,
      values,
    })
  }

  pub fn value(&self, variable: &str) -> Option<&str> {
    self.values.get(variable).map(String::as_str)
  }

  /// The entries to carry into the next `.env` when stackc does not write
  /// their variable: all but those provably stackc's own, a value the store
  /// holds under that variable, or a blank stackc wrote.
  pub fn kept(&self, store: &SecretStore) -> Vec<EnvEntry> {
    // Looked up once per entry: a scan of the store for each would be
    // quadratic in the number of secrets.
    let mut stored_values: std::collections::HashMap<String, Vec<&str>> = Default::default();
    for (name, stored) in &store.entries {
      stored_values
        .entry(name.to_ascii_uppercase())
        .or_default()
        .push(&stored.value);
    }
    self
      .entries
      .iter()
      .filter(|entry| {
        let stored = stored_values
          .get(&entry.key)
          .is_some_and(|values| values.contains(&entry.value.as_str()));
        let stackc_blank = entry.value.is_empty() && entry.has_stackc_comment();
        !stored && !stackc_blank
      })
      .cloned()
      .collect()
  }
}

/// What a secret's `.env` value disagrees with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Disagreement {
  /// The secrets store holds another generated value.
  Store,
  /// The environment variable (named) holds another value.
  Environment(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
  pub secret: String,
  pub variable: String,
  pub with: Disagreement,
}

/// Every secret settled against the deployed `.env`.
#[derive(Debug, Default)]
pub struct Settled {
  /// The value of each secret that has one, by secret name.
  pub values: BTreeMap<String, String>,
  /// Generated secrets the store lacks and `.env` holds: taken from `.env`.
  pub from_env_file: Vec<String>,
  /// Rotated secrets whose new value replaces the one in `.env`.
  pub rotations: Vec<String>,
  /// Rotated secrets not yet written into any `.env`.
  pub pending: Vec<String>,
  pub conflicts: Vec<Conflict>,
}

/// Settles every secret of `model`: generated ones between `store` and
/// `deployed`, `from_env` ones between `environment` and `deployed`,
/// `manual` ones from `deployed`.
pub fn settle(
  model: &Model<'_>,
  store: &SecretStore,
  deployed: &DeployedEnv,
  environment: impl Fn(&str) -> Option<String>,
) -> Settled {
  let mut settled = Settled::default();
  for secret in model.secrets.values() {
    let variable = secret.variable();
    let deployed_value = deployed.value(&variable);
    let conflict = |with| Conflict {
      secret: secret.name.clone(),
      variable: variable.clone(),
      with,
    };
    let value = match &secret.source {
      SecretSource::Generate { .. } => match (store.entries.get(&secret.name), deployed_value) {
        (None, None) => None,
        (None, Some(deployed)) => {
          settled.from_env_file.push(secret.name.clone());
          Some(deployed.to_owned())
        }
        (Some(stored), None) => {
          if stored.rotated {
            settled.pending.push(secret.name.clone());
          }
          Some(stored.value.clone())
        }
        (Some(stored), Some(deployed)) if stored.value == deployed => Some(stored.value.clone()),
        (Some(stored), Some(deployed))
          if stored.rotated || stored.replaced.as_deref() == Some(deployed) =>
        {
          settled.rotations.push(secret.name.clone());
          Some(stored.value.clone())
        }
        (Some(_), Some(deployed)) => {
          settled.conflicts.push(conflict(Disagreement::Store));
          Some(deployed.to_owned())
        }
      },
      SecretSource::FromEnv(name) => {
        let supplied = environment(name).filter(|value| !value.is_empty());
        match (supplied, deployed_value) {
          (Some(supplied), Some(deployed)) if supplied != deployed => {
            settled
              .conflicts
              .push(conflict(Disagreement::Environment(name.clone())));
            Some(deployed.to_owned())
          }
          (supplied, deployed) => supplied.or(deployed.map(str::to_owned)),
        }
      }
      SecretSource::Manual(_) => deployed_value.map(str::to_owned),
      SecretSource::Invalid => None,
    };
    if let Some(value) = value {
      settled.values.insert(secret.name.clone(), value);
    }
  }
  settled
}

/// Takes into `store` every generated secret it lacks and `deployed` holds,
/// with the generator settings of the stack: a store that is lost, empty or
/// new is rebuilt from the deployment. Returns their names.
pub fn rebuild_store(
  model: &Model<'_>,
  store: &mut SecretStore,
  deployed: &DeployedEnv,
) -> Vec<String> {
  let mut taken = Vec::new();
  for secret in model.secrets.values() {
    let SecretSource::Generate { generator, length } = &secret.source else {
      continue;
    };
    if store.entries.contains_key(&secret.name) {
      continue;
    }
    if let Some(value) = deployed.value(&secret.variable()) {
      store.entries.insert(
        secret.name.clone(),
        StoredSecret {
          value: value.to_owned(),
          generator: generator.clone(),
          length: *length,
          ..StoredSecret::default()
        },
      );
      taken.push(secret.name.clone());
    }
  }
  taken
}

/// Names the variables of `names`, for messages that never show a value.
pub fn variables(model: &Model<'_>, names: &[String]) -> String {
  let mut variables: Vec<String> = names
    .iter()
    .map(|name| {
      model
        .secrets
        .get(name)
        .map_or_else(|| name.to_ascii_uppercase(), |secret| secret.variable())
    })
    .collect();
  variables.sort();
  variables.join(", ")
}

/// The disagreements, one line each, and how to settle them; names only.
pub fn explain_conflicts(conflicts: &[Conflict], stack: &Path, out: &Path, store: &Path) -> String {
  let env = out.join(".env");
  let mut text = format!(
    "error: {} disagrees with what stackc would write; a build never replaces a value a deployment uses:\n",
    env.display()
  );
  for conflict in conflicts {
    let _ = match &conflict.with {
      Disagreement::Store => writeln!(
        text,
        "  {} (secret `{}`): the secrets store {} holds another value",
        conflict.variable,
        conflict.secret,
        store.display()
      ),
      Disagreement::Environment(name) => writeln!(
        text,
        "  {} (secret `{}`): the environment variable ${name} holds another value",
        conflict.variable, conflict.secret
      ),
    };
  }
  let (stack, out) = (stack.display(), out.display());
  let generated: Vec<&Conflict> = conflicts
    .iter()
    .filter(|conflict| conflict.with == Disagreement::Store)
    .collect();
  if !generated.is_empty() {
    let _ = writeln!(
      text,
      "help: to keep the value the deployment uses, store it: `stackc secrets adopt NAME {stack} --out {out}` (or `--all` for every one);\n      for a new value instead: `stackc secrets rotate NAME {stack}`, whose steps include the build that writes it into .env"
    );
  }
  for conflict in conflicts {
    if let Disagreement::Environment(name) = &conflict.with {
      let _ = writeln!(
        text,
        "help: to keep the deployed {variable}, unset ${name}; to take the environment's, delete the {variable} line from {}",
        env.display(),
        variable = conflict.variable,
      );
    }
  }
  text
}
