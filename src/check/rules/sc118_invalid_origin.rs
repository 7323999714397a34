use crate::{check::context::Context, check::rules::sc108_invalid_host, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That each of `cors_origins` is `*` or an origin: `http://` or
  /// `https://`, a DNS host, and an optional port, nothing after it.
  ///
  /// ## Why
  /// Origins are compared with the browser's `Origin` header, which never
  /// has a path or a trailing slash, so `https://app.example.com/` matches
  /// nothing. They are also written into the Caddyfile and OrchestratAI's
  /// `CORS_ORIGINS`, where a space or a brace could add a directive.
  ///
  /// ## Example
  /// ```toml
  /// [stack]
  /// cors_origins = ["https://app.example.com/"]
  /// ```
  ///
  /// ## Fix
  /// `cors_origins = ["https://app.example.com"]`.
  pub struct InvalidOrigin {
    code: "SC118",
    name: "invalid-origin",
    severity: Error,
    summary: "a CORS origin that is not `scheme://host[:port]`",
  }
}

/// Why `origin` is not a CORS origin, if it is not.
pub fn problem(origin: &str) -> Option<String> {
  if origin == "*" {
    return None;
  }
  let Some(rest) = origin
    .strip_prefix("https://")
    .or_else(|| origin.strip_prefix("http://"))
  else {
    return Some("does not start with `https://` or `http://`".into());
  };
  let (host, port) = match rest.rsplit_once(':') {
    Some((host, port)) => (host, Some(port)),
    None => (rest, None),
  };
  if let Some(port) = port
    && port.parse::<u16>().map_or(true, |p| p == 0)
  {
    return Some(format!("has an invalid port `{port}`"));
  }
  if host.contains('/') {
    return Some("has a path; an origin ends after the host and port".into());
  }
  sc108_invalid_host::problem(host).map(|problem| format!("has a host that {problem}"))
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let config = cx.model.config;
  let mut lists: Vec<(Vec<String>, &Vec<String>)> = Vec::new();
  if let Some(origins) = &config.stack.cors_origins {
    lists.push((vec!["stack".into(), "cors_origins".into()], origins));
  }
  for (name, service) in &config.services {
    if let Some(origins) = &service.cors_origins {
      lists.push((
        vec!["services".into(), name.clone(), "cors_origins".into()],
        origins,
      ));
    }
  }
  if let Some(orchestratai) = &config.orchestratai
    && let Some(origins) = &orchestratai.cors_origins
  {
    lists.push((vec!["orchestratai".into(), "cors_origins".into()], origins));
  }
  for (path, origins) in lists {
    for (index, origin) in origins.iter().enumerate() {
      if let Some(problem) = problem(origin) {
        let mut at = path.clone();
        at.push(index.to_string());
        out.push(
          META
            .diagnostic(format!("CORS origin {origin:?} {problem}"), cx.value(&at))
            .label("not an origin")
            .help("write an origin as `https://host` or `https://host:port`, or `*` for any"),
        );
      }
    }
  }
}

#[cfg(test)]
mod tests {
  use super::problem;

  #[test]
  fn origins_are_scheme_host_and_port_only() {
    assert_eq!(problem("*"), None);
    assert_eq!(problem("https://app.example.com"), None);
    assert_eq!(problem("http://localhost:3000"), None);
    assert!(problem("https://app.example.com/").is_some());
    assert!(problem("app.example.com").is_some());
    assert!(problem("https://a b").is_some());
    assert!(problem("https://x:0").is_some());
  }
}
