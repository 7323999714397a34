use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That domains, hosts and subdomains are DNS names: dot-separated labels of
  /// lowercase letters, digits and `-`, each 1 to 63 characters and not
  /// starting or ending with `-`, 253 characters in all.
  ///
  /// ## Why
  /// Hosts are written into the Caddyfile, the compose file and URLs. Anything
  /// else (a space, a brace, a newline) could end a Caddyfile site address and
  /// start a directive, or break a URL.
  ///
  /// ## Example
  /// ```toml
  /// [services.n8n]
  /// subdomain = "n8n {"
  /// ```
  ///
  /// ## Fix
  /// Use a plain DNS name: `subdomain = "automation"`.
  pub struct InvalidHost {
    code: "SC108",
    name: "invalid-host",
    severity: Error,
    summary: "invalid DNS host, domain or subdomain",
  }
}

/// Why `name` is not a DNS name, if it is not.
pub fn problem(name: &str) -> Option<String> {
  if name.is_empty() {
    return Some("is empty".into());
  }
  if name.len() > 253 {
    return Some("is longer than 253 characters".into());
  }
  for label in name.split('.') {
    if label.is_empty() {
      return Some("has an empty label (two dots, or a dot at an end)".into());
    }
    if label.len() > 63 {
      return Some(format!("has a label longer than 63 characters (`{label}`)"));
    }
    if let Some(bad) = label
      .chars()
      .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
      return Some(if bad.is_ascii_uppercase() {
        format!("has an uppercase letter `{bad}`; DNS names are written in lowercase")
      } else {
        format!("has the character {bad:?}, which DNS names cannot hold")
      });
    }
    if label.starts_with('-') || label.ends_with('-') {
      return Some(format!(
        "has a label that starts or ends with `-` (`{label}`)"
      ));
    }
  }
  None
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let config = cx.model.config;
  let mut fields: Vec<(Vec<String>, &str, &str)> = Vec::new();
  if let Some(domain) = &config.stack.domain {
    fields.push((vec!["stack".into(), "domain".into()], domain, "domain"));
  }
  for (name, profile) in &config.profiles {
    if let Some(domain) = &profile.domain {
      fields.push((
        vec!["profiles".into(), name.clone(), "domain".into()],
        domain,
        "domain",
      ));
    }
  }
  for (name, service) in &config.services {
    if let Some(host) = &service.host {
      fields.push((
        vec!["services".into(), name.clone(), "host".into()],
        host,
        "host",
      ));
    }
    if let Some(subdomain) = &service.subdomain {
      fields.push((
        vec!["services".into(), name.clone(), "subdomain".into()],
        subdomain,
        "subdomain",
      ));
    }
  }
  if let Some(orchestratai) = &config.orchestratai {
    if let Some(host) = &orchestratai.host {
      fields.push((vec!["orchestratai".into(), "host".into()], host, "host"));
    }
    if let Some(subdomain) = &orchestratai.subdomain {
      fields.push((
        vec!["orchestratai".into(), "subdomain".into()],
        subdomain,
        "subdomain",
      ));
    }
  }
  for (path, value, what) in fields {
    if let Some(problem) = problem(value) {
      out.push(
        META
          .diagnostic(format!("{what} {value:?} {problem}"), cx.value(&path))
          .label(format!("not a valid DNS {what}"))
          .help("use lowercase letters, digits, `-` and dots, such as `automation.example.com`"),
      );
    }
  }
}

#[cfg(test)]
mod tests {
  use super::problem;

  #[test]
  fn accepts_dns_names_and_rejects_injection() {
    assert_eq!(problem("n8n.example.com.br"), None);
    assert_eq!(problem("localhost"), None);
    assert!(problem("a b").is_some());
    assert!(problem("x.com {\n respond hi").is_some());
    assert!(problem("-a.com").is_some());
    assert!(problem("a..com").is_some());
    assert!(problem("Example.com").is_some());
    assert!(problem(&"a".repeat(64)).is_some());
  }
}
