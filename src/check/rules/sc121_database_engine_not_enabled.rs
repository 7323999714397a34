use crate::{
  check::context::Context, check::declared_database, diagnostic::Diagnostic,
  model::databases::ENGINES,
};

crate::declare_rule! {
  /// ## What it checks
  /// That the engine of each custom service's database is enabled in the
  /// stack.
  ///
  /// ## Why
  /// A database is created by its engine's provisioning job; without the
  /// server there is no job, and the service would wait forever.
  ///
  /// ## Example
  /// ```toml
  /// [services.shop]
  /// image = "ghcr.io/acme/shop:1.0.0"
  /// databases = [{ engine = "postgresql", name = "shop", user = "shop", password = "shop_db_password" }]
  /// ```
  ///
  /// ## Fix
  /// Enable the server: `[services.postgresql]`.
  pub struct DatabaseEngineNotEnabled {
    code: "SC121",
    name: "database-engine-not-enabled",
    severity: Error,
    summary: "a database on an engine the stack does not enable",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  for declared in declared_database::declared(cx.model) {
    let engine = declared.database.engine.as_str();
    if !ENGINES.contains(&engine) || cx.model.is_enabled(engine) {
      continue;
    }
    out.push(
      META
        .diagnostic(
          format!(
            "database `{}` of `{}` needs `{engine}`, which is not enabled",
            declared.database.name, declared.service
          ),
          declared.span(cx, "engine"),
        )
        .label(format!("`{engine}` is not in the stack"))
        .help(format!("add `[services.{engine}]`")),
    );
  }
}
