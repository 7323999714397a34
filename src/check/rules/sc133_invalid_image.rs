use {
  crate::{check::context::Context, diagnostic::Diagnostic, document::span::Span},
  container_image_dist_ref::{ImgRef, err::Kind},
};

crate::declare_rule! {
  /// ## What it checks
  /// That every image you set (`image`, and OrchestratAI's `backend_image`,
  /// `frontend_image`, `chromadb_image`) is an image reference as the
  /// distribution reference grammar defines it, the one docker uses:
  /// `[domain[:port]/]path[:tag][@digest]`, the path in lowercase letters,
  /// digits and `.`, `_`, `__` or `-` separators, the tag `[\w][\w.-]{0,127}`,
  /// the digest `algorithm:hex`. The label points at the first character
  /// that is not. Whether it is pinned is SC101's to check.
  ///
  /// ## Why
  /// docker compose interpolates `${…}` in `image` from the environment of
  /// whoever runs it: `acme/api:${TAG}` becomes `acme/api:` and then
  /// `latest`, past the pinning rule, or any image the environment names.
  /// Anything else outside the grammar is an image docker cannot pull.
  ///
  /// ## Example
  /// ```toml
  /// [services.billing-api]
  /// image = "ghcr.io/acme/billing-api:${BILLING_VERSION}"
  /// ```
  ///
  /// ## Fix
  /// Write the version: `ghcr.io/acme/billing-api:1.4.2`.
  pub struct InvalidImage {
    code: "SC133",
    name: "invalid-image",
    severity: Error,
    summary: "an image that is not a valid image reference",
  }
}

/// The longest reference the grammar allows: a 255-character name, a
/// 128-character tag and a digest of a 255-character algorithm and 1,024
/// hex digits.
const MAX_LEN: usize = 255 + 1 + 128 + 1 + 255 + 1 + 1024;

/// Why `image` is not an image reference, and at which byte when one
/// character is to blame, if it is not.
pub fn problem(image: &str) -> Option<(Option<usize>, String)> {
  if let Some(at) = image.find('$') {
    return Some((
      Some(at),
      "holds `$`, which docker compose would interpolate from the environment".into(),
    ));
  }
  if let Some((at, c)) = image
    .char_indices()
    .find(|(_, c)| !(c.is_ascii_alphanumeric() || "._-:/@+[]".contains(*c)))
  {
    return Some((
      Some(at),
      format!("has the character {c:?}, which an image reference cannot hold"),
    ));
  }
  if image.len() > MAX_LEN {
    return Some((None, format!("is longer than {MAX_LEN} characters")));
  }
  // The path (after a `/`, when there is one) is lowercase; a first
  // component with capitals is a registry host, which may have them.
  let name_end = image.find(['@']).unwrap_or(image.len());
  let path_start = image[..name_end].find('/').map_or(0, |slash| slash + 1);
  let path_end = image[path_start..name_end]
    .find(':')
    .map_or(name_end, |colon| path_start + colon);
  if let Some(at) = image[path_start..path_end].find(|c: char| c.is_ascii_uppercase()) {
    return Some((
      Some(path_start + at),
      "has an uppercase letter in its path; image paths are lowercase".into(),
    ));
  }
  let error = ImgRef::new(image).err()?;
  let what = match error.kind() {
    Kind::HostOrPathMissing | Kind::PathMissing | Kind::HostMissing => "lacks a name".into(),
    Kind::TagMissing | Kind::PortOrTagMissing => "has an empty tag".into(),
    Kind::TagTooLong => "has a tag longer than 128 characters".into(),
    Kind::TagInvalidChar | Kind::PortOrTagInvalidChar => {
      "has a tag that is not letters, digits, `_`, `.` and `-` (not starting with `.` or `-`)"
        .into()
    }
    Kind::NameTooLong | Kind::HostOrPathTooLong | Kind::PathTooLong | Kind::HostTooLong => {
      "has a name longer than 255 characters".into()
    }
    Kind::HostOrPathInvalidComponentEnd
    | Kind::PathComponentInvalidEnd
    | Kind::HostComponentInvalidEnd => {
      "has an empty name component, or one that starts or ends with a separator".into()
    }
    kind => format!("does not follow the image reference grammar ({kind:?})"),
  };
  Some((None, what))
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let mut images: Vec<(Vec<&str>, &str)> = Vec::new();
  for (name, service) in &cx.model.config.services {
    if let Some(image) = &service.image {
      images.push((vec!["services", name, "image"], image));
    }
  }
  if let Some(orchestratai) = &cx.model.config.orchestratai {
    for (key, image) in [
      ("backend_image", &orchestratai.backend_image),
      ("frontend_image", &orchestratai.frontend_image),
      ("chromadb_image", &orchestratai.chromadb_image),
    ] {
      if let Some(image) = image {
        images.push((vec!["orchestratai", key], image));
      }
    }
  }
  for (path, image) in images {
    let Some((at, problem)) = problem(image) else {
      continue;
    };
    let span = cx.value(&path);
    // Point at the character when there is one and the value is written as it is.
    let located: Span = match at {
      Some(at) => {
        let raw = cx.source.text.get(span.start..span.end).unwrap_or_default();
        let width = image[at..].chars().next().map_or(0, char::len_utf8);
        crate::model::template::Locator::new(raw, image, span).span(at..at + width)
      }
      None => span,
    };
    out.push(
      META
        .diagnostic(format!("image {image:?} {problem}"), located)
        .label("not an image reference")
        .help("write a full reference with its version, such as `ghcr.io/acme/api:1.4.2` or `name@sha256:…`"),
    );
  }
}

#[cfg(test)]
mod tests {
  use super::problem;

  #[test]
  fn references_follow_the_distribution_grammar() {
    for valid in [
      "redis:8.2-alpine",
      "localhost:5000/app:1.0",
      "ghcr.io/acme/billing-api:1.4.2",
      "pgvector/pgvector:0.8.1-pg18",
      "registry.example.com:443/a/b__c/d-e.f:v_1",
      "redis", // unpinned: SC101's concern, not this rule's
      "redis@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    ] {
      assert_eq!(problem(valid), None, "{valid}");
    }
    for (invalid, at) in [
      ("acme/api:${TAG:-1.0}", Some(9)),
      ("acme/api:$TAG", Some(9)),
      ("acme/Api:1.0", Some(5)),
      ("Api:1.0", Some(0)),
      ("acme/api:1.0 --privileged", Some(12)),
      ("acme/api:1.0\n", Some(12)),
      ("acme/api:", None),
      ("acme//api:1.0", None),
      ("acme/api:.1", None),
      ("", None),
      ("acme/api@sha256:xyz", None),
    ] {
      let found = problem(invalid);
      assert!(found.is_some(), "{invalid:?} passes");
      assert_eq!(found.unwrap().0, at, "{invalid:?}");
    }
    // A capitalised first component is a registry host, as docker reads it.
    assert_eq!(problem("Registry/api:1.0"), None);
  }

  #[test]
  fn no_input_makes_the_parser_panic() {
    // A small deterministic fuzz over the grammar's characters and beyond.
    let alphabet: Vec<char> = "aZ09:/@._-[]%$ \n\u{e9}".chars().collect();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..50_000 {
      let mut text = String::new();
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      for _ in 0..(state % 90) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        text.push(alphabet[(state % alphabet.len() as u64) as usize]);
      }
      let _ = problem(&text);
    }
    let _ = problem(&format!("a@sha256:{}", "0".repeat(70_000)));
    let _ = problem(&"a".repeat(70_000));
  }
}
