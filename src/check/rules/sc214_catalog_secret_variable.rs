use {
  crate::{
    catalog::Catalog, check::context::Context, diagnostic::Diagnostic, model::variable_name,
  },
  std::collections::HashMap,
};

crate::declare_rule! {
  /// ## What it checks
  /// That a secret under `[secrets]` does not take the variable of a catalog
  /// secret without being that secret: `REDIS_PASSWORD` or `Redis_Password`
  /// is `redis_password`'s variable. Listing the catalog secret under its own
  /// name, `redis_password`, overrides its generator, as intended. Catalog
  /// services that are not enabled count too, so that enabling one later
  /// cannot change what an existing secret means.
  ///
  /// ## Why
  /// `.env` holds one value per variable, and catalog services and their
  /// database init scripts read theirs by name: the other secret's value
  /// would replace the catalog's password, or be lost.
  ///
  /// ## Example
  /// ```toml
  /// [secrets]
  /// REDIS_PASSWORD = { from_env = "REDIS_PASSWORD" }
  /// ```
  ///
  /// ## Fix
  /// Use the catalog's name to override its source, `redis_password = { … }`,
  /// or give your secret another name.
  pub struct CatalogSecretVariable {
    code: "SC214",
    name: "catalog-secret-variable",
    severity: Error,
    summary: "a secret that takes a catalog secret's variable",
  }
}

/// Every secret a catalog service brings, with the component that brings it.
pub fn catalog_secrets() -> HashMap<&'static str, &'static str> {
  Catalog::get()
    .services()
    .flat_map(|(service, catalog)| {
      catalog
        .secrets
        .keys()
        .map(move |name| (name.as_str(), service))
    })
    .collect()
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let catalog = catalog_secrets();
  let by_variable: HashMap<String, (&str, &str)> = catalog
    .iter()
    .map(|(name, service)| (variable_name(name), (*name, *service)))
    .collect();
  for name in cx.model.config.secrets.keys() {
    if catalog.contains_key(name.as_str()) {
      continue;
    }
    let variable = variable_name(name).replace('-', "_");
    if let Some((owner, service)) = by_variable.get(&variable) {
      out.push(
        META
          .diagnostic(
            format!("secret {name:?} would take `{variable}`, the variable of {service}'s secret `{owner}`"),
            cx.key(["secrets", name]),
          )
          .label(format!("`{variable}` belongs to `{owner}`"))
          .help(format!(
            "to set {service}'s secret, name it `{owner}`; otherwise give this one another name"
          )),
      );
    }
  }
}
