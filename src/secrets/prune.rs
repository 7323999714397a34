//! `stackc secrets prune [--force]`: removes stored secrets the stack no
//! longer has, after writing them to a dated backup beside the store. A
//! set-once secret (baked into a service's data) is removed only with
//! `--force`: the data it protects may still exist.

use {
  crate::{
    files::atomic_write::write_new,
    model::Model,
    secrets::{store::SecretStore, stored_secret::StoredSecret},
  },
  std::{collections::BTreeMap, path::PathBuf, time::SystemTime},
};

const BACKUP_HEADER: &str = "# Secrets removed by `stackc secrets prune`, kept here in case a service still\n# needs one. Keep this file private (mode 0600); delete it when none does.\n\n";

/// Prunes and returns what to print; `Err` is a refusal and changes nothing.
pub fn prune(model: &Model<'_>, store: &mut SecretStore, force: bool) -> Result<String, String> {
  let removed: BTreeMap<String, StoredSecret> = store
    .entries
    .iter()
    .filter(|(name, _)| !model.secrets.contains_key(*name))
    .map(|(name, entry)| (name.clone(), entry.clone()))
    .collect();
  if removed.is_empty() {
    return Ok("Nothing to prune: every stored secret is in the stack.\n".into());
  }
  let set_once: Vec<&String> = removed
    .keys()
    .filter(|name| is_set_once(model, name))
    .collect();
  if !set_once.is_empty() && !force {
    let names: Vec<String> = set_once.iter().map(|name| format!("`{name}`")).collect();
    return Err(format!(
      "error: refusing to prune set-once secrets: {}. A service baked each into its data at first start, and that data (a volume, a backup) may still need it. Nothing was removed; once sure, run `stackc secrets prune --force` (a dated backup of what it removes is kept beside the store).",
      names.join(", ")
    ));
  }
  let backup = backup(store, &removed)?;
  store
    .entries
    .retain(|name, _| model.secrets.contains_key(name));
  store.save()?;
  let mut text: String = removed
    .keys()
    .map(|name| format!("pruned {name}\n"))
    .collect();
  text.push_str(&format!("backup: {}\n", backup.display()));
  Ok(text)
}

/// Whether any catalog service declares `name` set once, enabled or not.
fn is_set_once(model: &Model<'_>, name: &str) -> bool {
  model.catalog.services().any(|(_, service)| {
    service
      .secrets
      .get(name)
      .is_some_and(|secret| secret.set_once)
  })
}

/// Writes `removed` to `<stem>.secrets.pruned-YYYYMMDDTHHMMSSZ.toml` beside
/// the store (a `-N` suffix if that exists), never replacing a file.
fn backup(
  store: &SecretStore,
  removed: &BTreeMap<String, StoredSecret>,
) -> Result<PathBuf, String> {
  // Encrypted like the store, when it is: `.age`, its own header.
  let contents = match &store.encryption {
    Some(encryption) => encryption.encode(removed)?,
    None => {
      let body = toml::to_string(removed)
        .map_err(|error| format!("error: cannot encode the pruned secrets: {error}"))?;
      format!("{BACKUP_HEADER}{body}")
    }
  };
  let name = store
    .path
    .file_name()
    .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
  let extension = if store.encryption.is_some() {
    "age"
  } else {
    "toml"
  };
  let stem = name.strip_suffix(&format!(".{extension}")).unwrap_or(&name);
  let stamp = utc_stamp(SystemTime::now());
  for attempt in 1..1000 {
    let suffix = if attempt == 1 {
      String::new()
    } else {
      format!("-{attempt}")
    };
    let path = store
      .path
      .with_file_name(format!("{stem}.pruned-{stamp}{suffix}.{extension}"));
    match write_new(&path, contents.as_bytes(), 0o600) {
      Ok(()) => return Ok(path),
      Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
      Err(error) => {
        return Err(format!(
          "error: cannot write the backup {}: {error}; nothing was removed",
          path.display()
        ));
      }
    }
  }
  Err("error: cannot find a free name for the backup; nothing was removed".into())
}

/// `YYYYMMDDTHHMMSSZ`, in UTC.
fn utc_stamp(time: SystemTime) -> String {
  let seconds = time
    .duration_since(SystemTime::UNIX_EPOCH)
    .map_or(0, |elapsed| elapsed.as_secs());
  let (days, rest) = (seconds / 86_400, seconds % 86_400);
  let (year, month, day) = civil_from_days(days as i64);
  format!(
    "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
    rest / 3600,
    rest % 3600 / 60,
    rest % 60
  )
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
  let z = days + 719_468;
  let era = z.div_euclid(146_097);
  let day_of_era = z.rem_euclid(146_097);
  let year_of_era =
    (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
  let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  let month_index = (5 * day_of_year + 2) / 153;
  let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
  let month = if month_index < 10 {
    month_index + 3
  } else {
    month_index - 9
  } as u32;
  let year = year_of_era + era * 400 + i64::from(month <= 2);
  (year, month, day)
}

#[cfg(test)]
mod tests {
  use {super::utc_stamp, std::time::Duration};

  #[test]
  fn stamps_are_utc_dates() {
    let at = |seconds| utc_stamp(std::time::UNIX_EPOCH + Duration::from_secs(seconds));
    assert_eq!(at(0), "19700101T000000Z");
    assert_eq!(at(951_782_400), "20000229T000000Z");
    assert_eq!(at(1_767_225_599), "20251231T235959Z");
  }
}
