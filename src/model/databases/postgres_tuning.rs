//! PostgreSQL's memory settings, derived from the memory it may use, so that
//! a small host is not handed settings made for a large one. The fractions
//! are PostgreSQL's documented rules of thumb (shared_buffers "25% of the
//! memory", effective_cache_size about three quarters); the caps are
//! BorgStack's hand-tuned figures for its 36 GB server, so that a large host
//! gets exactly those.

use crate::{
  catalog::Text, config::service::Command, model::Model, model::deployment::container::Container,
};

/// Caps, in MiB: BorgStack's `postgresql.conf`.
const SHARED_BUFFERS_CAP: u64 = 8 * 1024;
const EFFECTIVE_CACHE_SIZE_CAP: u64 = 24 * 1024;
const MAINTENANCE_WORK_MEM_CAP: u64 = 2 * 1024;
const WORK_MEM_CAP: u64 = 20;
/// The catalog's `max_connections`: work_mem is per sort, per connection.
const MAX_CONNECTIONS: u64 = 200;

/// A docker memory size (`512m`, `8g`, `1.5g`, bytes without a unit) in MiB.
pub fn mebibytes(size: &str) -> Option<u64> {
  let size = size.trim();
  let (number, unit) = match size.char_indices().last()? {
    (index, unit) if unit.is_ascii_alphabetic() => (&size[..index], unit.to_ascii_lowercase()),
    _ => (size, 'b'),
  };
  let number: f64 = number.parse().ok()?;
  let bytes = match unit {
    'b' => number,
    'k' => number * 1024.0,
    'm' => number * 1024.0 * 1024.0,
    'g' => number * 1024.0 * 1024.0 * 1024.0,
    _ => return None,
  };
  (bytes.is_finite() && bytes >= 0.0).then(|| (bytes / (1024.0 * 1024.0)) as u64)
}

/// The `-c` flags for `memory` MiB.
pub fn flags(memory: u64) -> Vec<String> {
  let shared_buffers = (memory / 4).min(SHARED_BUFFERS_CAP);
  let settings = [
    ("shared_buffers", shared_buffers),
    (
      "effective_cache_size",
      (memory * 3 / 4).min(EFFECTIVE_CACHE_SIZE_CAP),
    ),
    (
      "maintenance_work_mem",
      (memory / 16).clamp(16, MAINTENANCE_WORK_MEM_CAP),
    ),
    (
      "work_mem",
      (shared_buffers / MAX_CONNECTIONS).clamp(4, WORK_MEM_CAP),
    ),
  ];
  settings
    .iter()
    .flat_map(|(name, mebibytes)| ["-c".to_owned(), format!("{name}={}", size(*mebibytes))])
    .collect()
}

fn maintenance_work_mem(memory: u64) -> u64 {
  (memory / 16).clamp(16, MAINTENANCE_WORK_MEM_CAP)
}

/// `8GB` when whole gigabytes, else `MB`: as postgresql.conf writes them.
fn size(mebibytes: u64) -> String {
  if mebibytes >= 1024 && mebibytes.is_multiple_of(1024) {
    format!("{}GB", mebibytes / 1024)
  } else {
    format!("{mebibytes}MB")
  }
}

/// Adds the derived settings to the PostgreSQL server's command, unless the
/// stack replaced that command or declares no memory.
pub fn apply(model: &Model<'_>, containers: &mut [Container]) {
  let Some(service) = model.services.get("postgresql") else {
    return;
  };
  if service.config.command.is_some() {
    return;
  }
  let memory = service
    .config
    .memory
    .as_deref()
    .or(model.config.stack.memory.as_deref())
    .and_then(mebibytes);
  let (Some(memory), Some(server)) = (
    memory,
    containers.iter_mut().find(|c| c.name == "postgresql"),
  ) else {
    return;
  };
  if let Some(Command::Arguments(arguments)) = &mut server.command {
    arguments.extend(flags(memory).into_iter().map(Text::from));
    // Parallel index builds (pgvector's HNSW) take maintenance_work_mem from
    // /dev/shm, which Docker sizes at 64 MB: pgvector's README (Docker).
    server.shm_size = Some(format!("{}m", maintenance_work_mem(memory)));
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn borgstacks_server_gets_borgstacks_figures() {
    assert_eq!(
      flags(mebibytes("36g").unwrap()),
      [
        "-c",
        "shared_buffers=8GB",
        "-c",
        "effective_cache_size=24GB",
        "-c",
        "maintenance_work_mem=2GB",
        "-c",
        "work_mem=20MB"
      ]
    );
  }

  #[test]
  fn a_small_host_gets_a_quarter_and_three_quarters() {
    let flags = flags(mebibytes("2g").unwrap()).join(" ");
    assert_eq!(
      flags,
      "-c shared_buffers=512MB -c effective_cache_size=1536MB -c maintenance_work_mem=128MB -c work_mem=4MB"
    );
    assert_eq!(mebibytes("512m"), Some(512));
    assert_eq!(mebibytes("1.5g"), Some(1536));
    assert_eq!(mebibytes("1048576"), Some(1));
    assert_eq!(mebibytes("x"), None);
  }
}
