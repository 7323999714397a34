use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That each service name can be a compose service name, a DNS label on the
  /// stack's networks and a file name: a lowercase letter, then up to 62
  /// lowercase letters, digits or `-`. It also checks that a custom service
  /// does not take the name of a container the stack already has, such as
  /// `lowcoder-frontend` or `orchestratai-backend`.
  ///
  /// ## Why
  /// The name becomes a hostname (`http://billing-api:8080`), a default
  /// subdomain and part of generated paths. `/`, `..` or spaces would break
  /// all three, or write outside the output directory.
  ///
  /// ## Example
  /// ```toml
  /// [services."../billing"]
  /// image = "acme/billing:1.0"
  /// ```
  ///
  /// ## Fix
  /// `[services.billing]`.
  pub struct InvalidServiceName {
    code: "SC112",
    name: "invalid-service-name",
    severity: Error,
    summary: "a service name unusable as a compose name or file name",
  }
}

/// Whether `name` matches `^[a-z][a-z0-9-]{0,62}$`, not ending in `-`.
pub fn is_valid(name: &str) -> bool {
  let mut characters = name.chars();
  matches!(characters.next(), Some('a'..='z'))
    && name.len() <= 63
    && !name.ends_with('-')
    && characters.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Compose services that stackc adds itself.
const GENERATED: &[&str] = &["orchestratai-backend", "orchestratai-frontend", "chromadb"];

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let model = cx.model;
  // Containers of enabled catalog services, by name, with their service.
  let containers: std::collections::HashMap<&str, &str> = model
    .services
    .values()
    .filter_map(|service| Some((service, service.catalog?)))
    .flat_map(|(service, catalog)| {
      catalog
        .containers
        .iter()
        .map(move |c| (c.name.as_str(), service.name.as_str()))
    })
    .collect();
  for service in model.services.values() {
    let name = &service.name;
    if !is_valid(name) {
      out.push(
        META
          .diagnostic(format!("service name {name:?} cannot be used as a compose service name"), cx.key(["services", name]))
          .label("invalid service name")
          .help("start with a lowercase letter and use only lowercase letters, digits and `-` (at most 63 characters)"),
      );
      continue;
    }
    if service.catalog.is_some() {
      continue;
    }
    let taken = containers
      .get(name.as_str())
      .map(|owner| format!("a container of `{owner}`"))
      .or_else(|| {
        (model.config.orchestratai.is_some() && GENERATED.contains(&name.as_str()))
          .then(|| "a container stackc adds for OrchestratAI".to_owned())
      });
    if let Some(taken) = taken {
      out.push(
        META
          .diagnostic(
            format!("service name `{name}` is already {taken}"),
            cx.key(["services", name]),
          )
          .label("name already taken")
          .help("rename this service"),
      );
    }
  }
}
