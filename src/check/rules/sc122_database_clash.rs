use {
  crate::{
    check::context::Context, check::declared_database::DeclaredDatabase, diagnostic::Diagnostic,
    model::databases,
  },
  std::collections::HashMap,
};

crate::declare_rule! {
  /// ## What it checks
  /// That no two databases on one server share a name or an owner, whether
  /// they come from the catalog, OrchestratAI or a custom service.
  ///
  /// ## Why
  /// Two services would share one database, or one owner whose password
  /// each would set to its own secret, locking the other out.
  ///
  /// ## Example
  /// ```toml
  /// [services.shop]
  /// image = "ghcr.io/acme/shop:1.0.0"
  /// databases = [{ engine = "postgresql", name = "n8n_db", user = "shop", password = "shop_db_password" }]
  /// ```
  ///
  /// ## Fix
  /// Give the database and its owner names of their own.
  pub struct DatabaseClash {
    code: "SC122",
    name: "database-clash",
    severity: Error,
    summary: "two databases on one server share a name or an owner",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let mut seen: HashMap<(String, &str, String), &str> = HashMap::new();
  for entry in databases::all(cx.model) {
    let database = entry.database;
    for (what, value) in [("name", &database.name), ("user", &database.user)] {
      let key = (database.engine.to_string(), what, value.to_string());
      let Some(first) = seen.get(&key).copied() else {
        seen.insert(key, entry.service);
        continue;
      };
      // Only a custom service's entry has a place in the stack file.
      let Some(declared) = DeclaredDatabase::of(&entry) else {
        continue;
      };
      let noun = if what == "name" { "database" } else { "owner" };
      out.push(
        META
          .diagnostic(
            format!(
              "{noun} `{value}` on {} is already `{first}`'s",
              database.engine
            ),
            declared.span(cx, what),
          )
          .label(format!("taken by `{first}`"))
          .help(format!(
            "choose another {what}, such as `{}_{value}`",
            declared.service.replace('-', "_")
          )),
      );
    }
  }
}
