use {
  crate::{check::context::Context, diagnostic::Diagnostic, document::span::Span},
  indexmap::IndexMap,
};

crate::declare_rule! {
  /// ## What it checks
  /// That no two routed services (OrchestratAI included) get the same host,
  /// in the base configuration or under any profile.
  ///
  /// ## Why
  /// Caddy can serve a host only once: the second site would never be reached,
  /// or Caddy would refuse the whole configuration.
  ///
  /// ## Example
  /// ```toml
  /// [services.n8n]
  /// [services.automation]
  /// image = "acme/automation:2.0"
  /// port = 8080
  /// host = "n8n.example.com"
  /// ```
  ///
  /// ## Fix
  /// Give one of them another `subdomain` or `host`.
  pub struct DuplicateHost {
    code: "SC105",
    name: "duplicate-host",
    severity: Error,
    summary: "two services on one host",
  }
}

/// The routed hosts of a profile: `(owner, host, span of what set it)`.
pub fn routes(cx: &Context<'_>, profile: &crate::model::Profile) -> Vec<(String, String, Span)> {
  let mut routes = Vec::new();
  for service in cx.model.services.values() {
    if let Some(host) = service.host(profile) {
      let span = if service.config.host.is_some() {
        cx.value(["services", &service.name, "host"])
      } else if service.config.subdomain.is_some() {
        cx.value(["services", &service.name, "subdomain"])
      } else {
        cx.key(["services", &service.name])
      };
      routes.push((service.name.clone(), host, span));
    }
  }
  if let (Some(orchestratai), Some(host)) = (
    &cx.model.config.orchestratai,
    crate::model::orchestratai::host(cx.model, profile),
  ) {
    let span = if orchestratai.host.is_some() {
      cx.value(["orchestratai", "host"])
    } else if orchestratai.subdomain.is_some() {
      cx.value(["orchestratai", "subdomain"])
    } else {
      cx.key(["orchestratai"])
    };
    routes.push(("orchestratai".into(), host, span));
  }
  routes
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let mut reported = std::collections::HashSet::new();
  for profile in &cx.model.profiles {
    let mut seen: IndexMap<String, (String, Span)> = IndexMap::new();
    for (owner, host, span) in routes(cx, profile) {
      match seen.get(&host) {
        Some((first, first_span)) => {
          let pair = (first.clone(), owner.clone());
          if !reported.insert(pair) {
            continue;
          }
          let under = if profile.name.is_some() {
            format!(" under {}", profile.label())
          } else {
            String::new()
          };
          out.push(
            META
              .diagnostic(
                format!("`{owner}` and `{first}` both use host `{host}`{under}"),
                span,
              )
              .label(format!("`{owner}` is routed to {host}"))
              .related(*first_span, format!("`{first}` is routed to the same host"))
              .help("give one of them another `subdomain` or `host`"),
          );
        }
        None => {
          seen.insert(host, (owner, span));
        }
      }
    }
  }
}
