//! PostgreSQL provisioning, run by the `postgresql-provision` job on every
//! `docker compose up` once the server is healthy: it creates what is
//! missing (owner roles, databases, extensions), takes PUBLIC's rights away,
//! brings each owner's password in line with the stored secret, and exits.
//! Unlike `/docker-entrypoint-initdb.d`, which runs only on an empty data
//! directory, it also serves a service enabled on a running stack.
//!
//! Passwords never reach a command line or SQL text: the script reads them
//! from the job's environment, psql takes them with `\getenv` (psql 15+) and
//! quotes them itself (`:'name'`). A password is set only when the owner
//! cannot log in with it, so a second run changes nothing.

use {
  super::{StackDatabase, of_engine},
  crate::model::Model,
  std::fmt::Write,
};

/// Inside the job's container.
pub const SQL_TARGET: &str = "/stackc/provision.sql";

/// `"name"`: identifiers are validated by the schema, and quoted all the same.
fn identifier(name: &str) -> String {
  format!("\"{}\"", name.replace('"', "\"\""))
}

fn literal(text: &str) -> String {
  format!("'{}'", text.replace('\'', "''"))
}

/// The psql variable holding an owner's password: owners are unique per
/// server (SC122), and their names are identifiers.
fn password_variable(entry: &StackDatabase<'_>) -> String {
  format!("{}_password", entry.database.user)
}

pub fn script(model: &Model<'_>, header: &str) -> String {
  let databases = of_engine(model, "postgresql");
  let mut output = format!("#!/bin/sh\n{header}");
  output.push_str(concat!(
    "# The postgresql-provision job: run on every `docker compose up` once PostgreSQL\n",
    "# is healthy, it creates missing roles, databases and extensions and sets each\n",
    "# owner's password when the owner cannot log in with the stored one.\n",
    "set -eu\n",
    "export PGHOST=\"${PGHOST:-postgresql}\" PGPORT=\"${PGPORT:-5432}\" PGUSER=\"${PGUSER:-postgres}\" PGDATABASE=postgres\n",
    "\n",
    "# Whether role $1 logs in with the password held by variable $2.\n",
    "logs_in() {\n",
    "  PGPASSWORD=\"$(printenv \"$2\")\" psql -X -q -w -U \"$1\" -d postgres -tAc 'SELECT 1' >/dev/null 2>&1\n",
    "}\n",
    "\n",
  ));
  let mut flags = String::new();
  for entry in &databases {
    let variable = password_variable(entry);
    let _ = writeln!(
      output,
      "{variable}_ok=false; logs_in {} {} && {variable}_ok=true",
      entry.database.user,
      entry.password_variable()
    );
    let _ = write!(flags, " \\\n  -v {variable}_ok=\"${variable}_ok\"");
  }
  let _ = writeln!(
    output,
    "\nexec psql -X -q -v ON_ERROR_STOP=1{flags} \\\n  -f \"${{STACKC_PROVISION_SQL:-{SQL_TARGET}}}\""
  );
  output
}

pub fn sql(model: &Model<'_>, header: &str) -> String {
  let mut output = header.replace("# ", "-- ").replace("#\n", "--\n");
  output.push_str("-- Idempotent: every statement creates only what is missing.\n");
  for entry in of_engine(model, "postgresql") {
    let database = entry.database;
    let (name, user) = (identifier(&database.name), identifier(&database.user));
    let variable = password_variable(&entry);
    let _ = writeln!(
      output,
      "\n-- {}: database {}, owner {}",
      entry.service, database.name, database.user
    );
    let _ = writeln!(
      output,
      "SELECT 'CREATE ROLE ' || {} || ' LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {})\n\\gexec",
      literal(&user),
      literal(&database.user)
    );
    let _ = writeln!(
      output,
      "\\if :{variable}_ok\n\\else\n\\getenv {variable} {}\nALTER ROLE {user} WITH LOGIN PASSWORD :'{variable}';\n\\unset {variable}\n\\endif",
      entry.password_variable()
    );
    let _ = writeln!(
      output,
      "SELECT 'CREATE DATABASE ' || {} || ' OWNER ' || {} WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = {})\n\\gexec",
      literal(&name),
      literal(&user),
      literal(&database.name)
    );
    let _ = writeln!(output, "ALTER DATABASE {name} OWNER TO {user};");
    let _ = writeln!(output, "REVOKE ALL ON DATABASE {name} FROM PUBLIC;");
    if !database.extensions.is_empty() {
      let _ = writeln!(output, "\\connect {}", database.name);
      for extension in &database.extensions {
        let _ = writeln!(
          output,
          "CREATE EXTENSION IF NOT EXISTS {};",
          identifier(extension)
        );
      }
      let _ = writeln!(output, "\\connect postgres");
    }
  }
  output
}
