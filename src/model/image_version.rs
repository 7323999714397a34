//! Which way an image moves, read from its tag.

use crate::model::image_name::split;

/// The numbers of a tag, in order: `0.8.6-pg18` → `[0, 8, 6, 18]`.
fn numbers(tag: &str) -> Vec<u64> {
  tag
    .split(|c: char| !c.is_ascii_digit())
    .filter(|part| !part.is_empty())
    .filter_map(|part| part.parse().ok())
    .collect()
}

/// Whether a tag follows releases rather than naming one: fewer than two
/// version numbers (`pg18`, `2-alpine`, `latest`).
pub fn is_moving(tag: &str) -> bool {
  numbers(tag).len() < 2
}

/// `upgrade`, `downgrade`, `another image` or `same version, another tag`.
pub fn direction(old: &str, new: &str) -> &'static str {
  let ((old_name, old_tag), (new_name, new_tag)) = (split(old), split(new));
  if old_name != new_name {
    return "another image";
  }
  // A moving tag gives no direction to read.
  match (is_moving(old_tag), is_moving(new_tag)) {
    (true, false) => return "a moving tag pinned",
    (false, true) => return "now a moving tag",
    (true, true) if old_tag != new_tag => return "another moving tag",
    _ => {}
  }
  match numbers(new_tag).cmp(&numbers(old_tag)) {
    std::cmp::Ordering::Greater => "upgrade",
    std::cmp::Ordering::Less => "downgrade",
    std::cmp::Ordering::Equal => "same version, another tag",
  }
}

/// The major version of a database image: PostgreSQL's from `pgNN` or the
/// first number, MongoDB's from the first number.
fn major(service: &str, image: &str) -> Option<u64> {
  let (_, tag) = split(image);
  if service == "postgresql"
    && let Some(index) = tag.find("pg")
  {
    return numbers(&tag[index..]).first().copied();
  }
  numbers(tag).first().copied()
}

/// Why a database image change needs more than a restart, if it does.
pub fn database_major_change(service: &str, old: &str, new: &str) -> Option<String> {
  if !matches!(service, "postgresql" | "mongodb") {
    return None;
  }
  let (before, after) = (major(service, old)?, major(service, new)?);
  (before != after).then(|| {
    format!(
      "{service} {before} → {after} is a major version: its data directory must be dumped and restored (or upgraded with the engine's own tool) first"
    )
  })
}

#[cfg(test)]
mod tests {
  use super::{database_major_change, direction};

  #[test]
  fn directions() {
    assert_eq!(
      direction("n8nio/n8n:1.112.6", "n8nio/n8n:1.113.0"),
      "upgrade"
    );
    assert_eq!(
      direction("n8nio/n8n:1.112.6", "n8nio/n8n:1.99.0"),
      "downgrade"
    );
    assert_eq!(direction("a/b:1.0", "c/b:1.0"), "another image");
    assert_eq!(
      direction("registry:5000/a:2.0", "registry:5000/a:10.0"),
      "upgrade"
    );
    assert_eq!(
      direction("pgvector/pgvector:pg18", "pgvector/pgvector:0.8.6-pg18"),
      "a moving tag pinned"
    );
    assert_eq!(
      direction("caddy:2.11-alpine", "caddy:2-alpine"),
      "now a moving tag"
    );
  }

  #[test]
  fn database_majors() {
    assert!(
      database_major_change(
        "postgresql",
        "pgvector/pgvector:0.8.6-pg17",
        "pgvector/pgvector:0.8.6-pg18"
      )
      .is_some()
    );
    assert!(
      database_major_change(
        "postgresql",
        "pgvector/pgvector:0.8.5-pg18",
        "pgvector/pgvector:0.8.6-pg18"
      )
      .is_none()
    );
    assert!(database_major_change("mongodb", "mongo:7.0", "mongo:8.0").is_some());
    assert!(database_major_change("n8n", "n8nio/n8n:1.0", "n8nio/n8n:2.0").is_none());
  }
}
