use crate::{
  check::context::Context, check::declared_database, diagnostic::Diagnostic,
  model::databases::ENGINES,
};

crate::declare_rule! {
  /// ## What it checks
  /// That each entry of a custom service's `databases` names an engine
  /// stackc provisions (`postgresql` or `mongodb`), and that `databases` is
  /// not set on a catalog service, whose databases come from its catalog.
  ///
  /// ## Why
  /// The provisioning jobs create databases only on the servers they know;
  /// any other entry would be silently skipped and the service would start
  /// without its database.
  ///
  /// ## Example
  /// ```toml
  /// [services.shop]
  /// image = "ghcr.io/acme/shop:1.0.0"
  /// databases = [{ engine = "mysql", name = "shop", user = "shop", password = "shop_db_password" }]
  /// ```
  ///
  /// ## Fix
  /// Use `engine = "postgresql"` or `engine = "mongodb"`, or run the server
  /// as a custom service and create the database yourself.
  pub struct InvalidDatabase {
    code: "SC120",
    name: "invalid-database",
    severity: Error,
    summary: "a database with an unknown engine, or on a catalog service",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  for service in cx.model.services.values() {
    if service.catalog.is_some() && !service.config.databases.is_empty() {
      out.push(
        META
          .diagnostic(
            format!(
              "`{}` is a catalog service: its databases come from the catalog",
              service.name
            ),
            cx.key(["services", &service.name, "databases"]),
          )
          .label("not used for a catalog service")
          .help("remove `databases`; for a database of your own, declare it on a custom service"),
      );
    }
  }
  for declared in declared_database::declared(cx.model) {
    let engine = &declared.database.engine;
    if ENGINES.contains(&engine.as_str()) {
      continue;
    }
    out.push(
      META
        .diagnostic(
          format!("database engine `{engine}` is not one stackc provisions"),
          declared.span(cx, "engine"),
        )
        .label("unknown engine")
        .help("use `postgresql` or `mongodb`"),
    );
  }
}
