//! MongoDB's first-start script: a user per service database, with its
//! roles. The password is read from the container's environment by mongosh;
//! every string is written as a JSON literal.

use {crate::model::Model, serde_json::json, std::fmt::Write};

pub fn has_databases(model: &Model<'_>) -> bool {
  databases(model).next().is_some()
}

fn databases<'m>(
  model: &'m Model<'_>,
) -> impl Iterator<Item = &'m crate::catalog::CatalogDatabase> {
  model
    .services
    .values()
    .filter_map(|service| service.catalog)
    .flat_map(|catalog| catalog.databases.iter())
    .filter(|database| database.engine == "mongodb")
}

pub fn script(model: &Model<'_>, header: &str) -> String {
  let mut output = header.replace("# ", "// ").replace("#\n", "//\n");
  for database in databases(model) {
    let roles: Vec<_> = database
      .roles
      .iter()
      .map(|role| json!({ "role": role, "db": database.name }))
      .collect();
    let _ = writeln!(
      output,
      "\ndb.getSiblingDB({}).createUser({{\n  user: {},\n  pwd: process.env[{}],\n  roles: {},\n}});",
      json!(database.name),
      json!(database.user),
      json!(crate::model::variable_name(&database.password)),
      serde_json::Value::Array(roles),
    );
  }
  output
}
