//! What an interrupted stackc left behind: its temporary files, removed
//! once the store's lock shows no other stackc is writing them.

use {
  crate::{cli::terminal::eprint, secrets::store_lock::StoreLock, write},
  std::path::Path,
};

/// Removes what a killed stackc left in `directories`, saying so.
pub(crate) fn remove_stale_temporaries<'p>(
  directories: impl IntoIterator<Item = (&'p Path, String)>,
  lock: &StoreLock,
) -> Result<(), String> {
  for (directory, prefix) in directories {
    let removed = write::remove_stale_temporaries(directory, &prefix, lock.acquired)
      .map_err(|error| format!("error: cannot clean {}: {error}", directory.display()))?;
    if removed > 0 {
      eprint(&format!(
        "note: removed {removed} temporary file(s) an interrupted stackc left in {}\n",
        directory.display()
      ));
    }
  }
  Ok(())
}
