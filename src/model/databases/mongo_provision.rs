//! MongoDB provisioning, run by the `mongodb-provision` job (mongosh, from
//! the server's own image) on every `docker compose up` once MongoDB is
//! healthy: it creates each missing user with its roles, grants roles that
//! are missing, and sets the password only when the user cannot log in with
//! the stored one. Passwords are read from the job's environment; every
//! string is written as a JSON literal.

use {
  super::of_engine,
  crate::{catalog::Text, model::Model},
  serde_json::json,
  std::fmt::Write,
};

pub fn script(model: &Model<'_>, header: &str) -> String {
  let mut output = header.replace("# ", "// ").replace("#\n", "//\n");
  output.push_str(concat!(
    "// The mongodb-provision job: `mongosh --nodb --file` this file.\n",
    "const host = process.env.MONGO_HOST || \"mongodb:27017\";\n",
    "const admin = new Mongo(`mongodb://${host}/admin`).getDB(\"admin\");\n",
    "admin.auth(process.env.MONGO_ROOT_USERNAME, process.env.MONGO_ROOT_PASSWORD);\n",
    "\n",
    "function required(variable) {\n",
    "  const value = process.env[variable];\n",
    "  if (!value) throw new Error(`${variable} is not set`);\n",
    "  return value;\n",
    "}\n",
    "\n",
    "// Whether `user` logs in to `name` with `pwd`, on a connection of its own.\n",
    "function logsIn(name, user, pwd) {\n",
    "  try {\n",
    "    return new Mongo(`mongodb://${host}/${name}`).getDB(name).auth(user, pwd).ok === 1;\n",
    "  } catch (error) {\n",
    "    return false;\n",
    "  }\n",
    "}\n",
    "\n",
    "function provision(name, user, variable, roles) {\n",
    "  const pwd = required(variable);\n",
    "  const database = admin.getSiblingDB(name);\n",
    "  if (database.getUser(user) === null) {\n",
    "    database.createUser({ user, pwd, roles });\n",
    "    print(`created user ${user} on ${name}`);\n",
    "    return;\n",
    "  }\n",
    "  database.grantRolesToUser(user, roles);\n",
    "  if (!logsIn(name, user, pwd)) {\n",
    "    database.updateUser(user, { pwd });\n",
    "    print(`set the password of ${user} on ${name}`);\n",
    "  }\n",
    "}\n",
  ));
  for entry in of_engine(model, "mongodb") {
    let database = entry.database;
    // A custom service's database without roles gets what its owner needs.
    let default_roles = [Text::borrowed("readWrite")];
    let roles: Vec<_> = if database.roles.is_empty() {
      &default_roles[..]
    } else {
      &database.roles[..]
    }
    .iter()
    .map(|role| json!({ "role": role, "db": database.name }))
    .collect();
    let _ = writeln!(output, "\n// {}", entry.service);
    let _ = writeln!(
      output,
      "provision({}, {}, {}, {});",
      json!(database.name),
      json!(database.user),
      json!(entry.password_variable()),
      serde_json::Value::Array(roles),
    );
  }
  output
}
