use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That every image names an exact version: a tag other than `latest`, or a
  /// digest. Catalog images are pinned already; this checks the ones you set.
  ///
  /// ## Why
  /// An untagged or `latest` image changes under you: the next `docker compose
  /// pull` may bring a major version that migrates the database one way only.
  ///
  /// ## Example
  /// ```toml
  /// [services.billing-api]
  /// image = "ghcr.io/acme/billing-api:latest"
  /// ```
  ///
  /// ## Fix
  /// Pin the version you tested: `ghcr.io/acme/billing-api:1.4.2`, or a digest
  /// `ghcr.io/acme/billing-api@sha256:…`.
  pub struct UnpinnedImage {
    code: "SC101",
    name: "unpinned-image",
    severity: Error,
    summary: "image without a tag or with `latest`",
  }
}

/// Why `image` is not pinned, if it is not.
pub fn problem(image: &str) -> Option<&'static str> {
  if image.contains('@') {
    return None;
  }
  let name = image.rsplit('/').next().unwrap_or(image);
  match name.split_once(':') {
    None => Some("has no tag"),
    Some((_, "")) => Some("has an empty tag"),
    Some((_, "latest")) => Some("uses the `latest` tag"),
    Some(_) => None,
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  for service in cx.model.services.values() {
    let Some(image) = &service.config.image else {
      continue;
    };
    if let Some(problem) = problem(image) {
      let help = match service.catalog {
        Some(catalog) => format!(
          "pin an exact version, or remove `image` to use the catalog's `{}`",
          catalog.default_image()
        ),
        None => "pin an exact version, such as `name:1.4.2`, or a digest `name@sha256:…`".into(),
      };
      out.push(
        META
          .diagnostic(
            format!("image `{image}` of `{}` {problem}", service.name),
            cx.value(["services", &service.name, "image"]),
          )
          .label("not pinned to a version")
          .help(help),
      );
    }
  }
  if let Some(orchestratai) = &cx.model.config.orchestratai {
    for (key, image) in [
      ("backend_image", &orchestratai.backend_image),
      ("frontend_image", &orchestratai.frontend_image),
      ("chromadb_image", &orchestratai.chromadb_image),
    ] {
      if let Some(image) = image
        && let Some(problem) = problem(image)
      {
        out.push(
          META
            .diagnostic(
              format!("image `{image}` {problem}"),
              cx.value(["orchestratai", key]),
            )
            .label("not pinned to a version")
            .help(format!(
              "pin an exact version, or remove `{key}` to use the catalog's"
            )),
        );
      }
    }
  }
}

#[cfg(test)]
mod tests {
  use super::problem;

  #[test]
  fn pinned_images_pass_and_floating_ones_fail() {
    assert_eq!(problem("redis:8.2-alpine"), None);
    assert_eq!(problem("localhost:5000/app:1.0"), None);
    assert_eq!(problem("ghcr.io/a/b@sha256:abc"), None);
    assert_eq!(problem("redis"), Some("has no tag"));
    assert_eq!(problem("localhost:5000/app"), Some("has no tag"));
    assert_eq!(problem("redis:latest"), Some("uses the `latest` tag"));
  }
}
