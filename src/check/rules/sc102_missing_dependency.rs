use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That the catalog services a service needs are enabled: n8n, Chatwoot,
  /// Evolution API and Directus need postgresql and redis; Lowcoder needs
  /// mongodb and redis.
  ///
  /// ## Why
  /// The service would start, fail to reach its database, and restart forever.
  ///
  /// ## Example
  /// ```toml
  /// [services.redis]
  /// [services.n8n]
  /// ```
  ///
  /// ## Fix
  /// Enable the missing service with its table; an empty table takes the
  /// catalog's defaults:
  /// ```toml
  /// [services.postgresql]
  /// ```
  pub struct MissingDependency {
    code: "SC102",
    name: "missing-dependency",
    severity: Error,
    summary: "a catalog service whose dependency is not enabled",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  for service in cx.model.services.values() {
    let Some(catalog) = service.catalog else {
      continue;
    };
    for required in &catalog.requires {
      // Written but unreadable, it is reported where it is.
      if !cx.model.is_enabled(required) && cx.absent(["services", required]) {
        out.push(
          META
            .diagnostic(
              format!("`{}` needs `{required}`, which is not enabled", service.name),
              cx.key(["services", &service.name]),
            )
            .label(format!("needs `{required}`"))
            .help(format!(
              "add a `[services.{required}]` table to the stack file (an empty table enables it with the catalog's defaults)"
            )),
        );
      }
    }
  }
}
