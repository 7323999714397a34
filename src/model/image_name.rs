//! An image reference's repository and tag, as docker reads them: a port
//! in the registry's address is not a tag (`registry:5000/app` has none),
//! and a digest is not part of either. Not `container_image_dist_ref`
//! (SC133's parser): this must also split what a hand-written compose file
//! names outside the grammar, which `import` and `review` read.

/// `repository` and `tag` of `image`; `latest` when it names no tag.
pub fn split(image: &str) -> (&str, &str) {
  let image = image.split('@').next().unwrap_or(image);
  match image.rsplit_once(':') {
    Some((name, tag)) if !tag.contains('/') => (name, tag),
    _ => (image, "latest"),
  }
}

pub fn repository(image: &str) -> &str {
  split(image).0
}

/// Repositories a project published under before its current one: the
/// same software, so a deployment running one runs the catalog's service
/// (src/catalog/evolution.toml: atendai/ up to v2.2.3, evoapicloud/ since).
const RENAMED: [(&str, &str); 1] = [("atendai/evolution-api", "evoapicloud/evolution-api")];

/// `image`'s repository under its project's current name.
pub fn project(image: &str) -> &str {
  let repository = repository(image);
  RENAMED
    .iter()
    .find(|(former, _)| *former == repository)
    .map_or(repository, |(_, current)| current)
}

#[cfg(test)]
mod tests {
  use super::split;

  #[test]
  fn registry_ports_and_digests_are_not_tags() {
    assert_eq!(split("n8nio/n8n:1.112.6"), ("n8nio/n8n", "1.112.6"));
    assert_eq!(split("registry:5000/app"), ("registry:5000/app", "latest"));
    assert_eq!(split("registry:5000/app:2.0"), ("registry:5000/app", "2.0"));
    assert_eq!(split("app:1.0@sha256:abc"), ("app", "1.0"));
    assert_eq!(
      super::project("atendai/evolution-api:v2.2.3"),
      "evoapicloud/evolution-api"
    );
  }
}
