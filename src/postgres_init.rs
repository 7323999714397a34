//! PostgreSQL's first-start script: a database and an owner per service,
//! with their extensions. Passwords reach psql as variables taken from the
//! container's environment and are quoted by psql (`:'name'`), so a password
//! holding `'`, `;` or `\` is stored as it is and can inject nothing.

use {
  crate::{catalog::CatalogDatabase, model::Model},
  std::fmt::Write,
};

/// Every database of the stack, PostgreSQL's and MongoDB's, with the
/// service it belongs to: the catalog services' and OrchestratAI's.
pub fn all_databases<'m>(model: &'m Model<'_>) -> Vec<(&'m str, &'m CatalogDatabase)> {
  model
    .services
    .values()
    .filter_map(|service| Some((service.name.as_str(), service.catalog?)))
    .flat_map(|(name, catalog)| {
      catalog
        .databases
        .iter()
        .map(move |database| (name, database))
    })
    .chain(crate::orchestratai::database(model).map(|database| ("orchestratai", database)))
    .collect()
}

pub fn databases<'m>(model: &'m Model<'_>) -> Vec<(&'m str, &'m CatalogDatabase)> {
  all_databases(model)
    .into_iter()
    .filter(|(_, database)| database.engine == "postgresql")
    .collect()
}

pub fn script(model: &Model<'_>, header: &str) -> String {
  let mut output = format!("#!/bin/sh\n{header}");
  output.push_str("# Run by the postgres image's entrypoint on first start. The passwords are\n");
  output.push_str("# passed to psql as variables, never pasted into SQL.\nset -eu\n");
  output.push_str("psql -v ON_ERROR_STOP=1 --no-psqlrc \\\n");
  output.push_str(
    "  --username \"${POSTGRES_USER:-postgres}\" --dbname \"${POSTGRES_DB:-postgres}\" \\\n",
  );
  for (_, database) in databases(model) {
    let _ = writeln!(
      output,
      "  -v {}=\"${}\" \\",
      database.password,
      crate::model::variable_name(&database.password)
    );
  }
  let _ = writeln!(output, "  -f \"${{STACKC_INIT_SQL:-/stackc/init.sql}}\"");
  output
}

pub fn sql(model: &Model<'_>, header: &str) -> String {
  let mut output = header.replace("# ", "-- ").replace("#\n", "--\n");
  for (service, database) in databases(model) {
    let (name, user) = (&database.name, &database.user);
    let _ = writeln!(output, "\n-- {service}");
    let _ = writeln!(
      output,
      "CREATE ROLE {user} LOGIN PASSWORD :'{}';",
      database.password
    );
    let _ = writeln!(output, "CREATE DATABASE {name} OWNER {user};");
    let _ = writeln!(output, "REVOKE ALL ON DATABASE {name} FROM PUBLIC;");
    if !database.extensions.is_empty() {
      let _ = writeln!(output, "\\connect {name}");
      for extension in &database.extensions {
        let _ = writeln!(output, "CREATE EXTENSION IF NOT EXISTS {extension};");
      }
    }
  }
  output
}
