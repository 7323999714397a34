//! What `stackc review` reads from the encrypted store beside each side:
//! a secret whose block changed was rotated (or adopted), and recipients
//! added or removed, all from the clear part, without an identity.

use {
  crate::{
    review::Change,
    secrets::{encrypted_store, sealed_file::SealedFile},
  },
  std::{collections::BTreeSet, path::Path, process::Command},
};

/// The store beside `stack`, read from the working copy.
pub fn beside(stack: &Path) -> Option<SealedFile> {
  let bytes = crate::files::regular_file::read(
    &encrypted_store::path_for(stack),
    crate::secrets::store::STORE_LIMIT,
  )
  .ok()?;
  SealedFile::parse(std::str::from_utf8(&bytes).ok()?).ok()
}

/// The store beside `stack` as git holds it at `revision`.
pub fn at_revision(stack: &Path, revision: &str) -> Option<SealedFile> {
  let directory = stack
    .parent()
    .filter(|parent| !parent.as_os_str().is_empty())
    .unwrap_or(Path::new("."));
  let path = encrypted_store::path_for(stack);
  let name = path.strip_prefix(directory).ok()?;
  let output = Command::new("git")
    .arg("-C")
    .arg(directory)
    .arg("show")
    .arg(format!("{revision}:./{}", name.display()))
    .output()
    .ok()?;
  if !output.status.success() {
    return None;
  }
  SealedFile::parse(std::str::from_utf8(&output.stdout).ok()?).ok()
}

fn change(kind: &'static str, detail: String, danger: Option<String>) -> Change {
  Change {
    subject: "secrets".into(),
    kind,
    detail,
    danger,
  }
}

/// The changes from `old` to `new`; none when either side has no
/// encrypted store.
pub fn compare(old: Option<&SealedFile>, new: Option<&SealedFile>) -> Vec<Change> {
  let (Some(old), Some(new)) = (old, new) else {
    return Vec::new();
  };
  let mut changes = Vec::new();
  let before: BTreeSet<&String> = old.recipients.iter().collect();
  let after: BTreeSet<&String> = new.recipients.iter().collect();
  for added in after.difference(&before) {
    changes.push(change(
      "recipient added",
      format!("{added} can read the secrets store"),
      Some("its holder can now read every secret of the stack".into()),
    ));
  }
  for removed in before.difference(&after) {
    changes.push(change(
      "recipient removed",
      format!("{removed} can no longer read new versions of the secrets store"),
      Some("what its holder already read stays readable to them: rotate the values that matter (`stackc secrets rotate NAME`)".into()),
    ));
  }
  let reencrypted = before != after;
  for (name, secret) in &new.secrets {
    let Some(previous) = old.secrets.get(name) else {
      continue;
    };
    // With new recipients every block is new: a rotation cannot be told.
    if !reencrypted && previous.value != secret.value {
      changes.push(change(
        "rotated",
        format!("secret {name} rotated (a new value in the store)"),
        None,
      ));
    }
  }
  changes
}
