//! Secret names: a secret's variable is its name in upper case, and no
//! stack file can make two secrets share one, take one that docker compose
//! or the shell reads, or take a catalog secret's. Each attack is built by
//! the real binary: refused with its code, nothing written, no secret
//! generated.

mod common;

use {
  common::{stack_with, stackc_in},
  std::fs,
};

fn refused(body: &str, codes: &[&str]) {
  let directory = stack_with(body);
  let output = stackc_in(
    directory.path(),
    ["build", "stack.toml", "--out", "out", "--format", "json"],
    &[],
  );
  assert_eq!(output.status, 1, "{body}: {}", output.stderr);
  let diagnostics: Vec<serde_json::Value> = serde_json::from_str(&output.stdout).unwrap();
  for code in codes {
    assert!(
      diagnostics.iter().any(|d| d["code"] == *code),
      "{body}: expected {code} in {diagnostics:?}"
    );
  }
  assert!(!directory.path().join("out").exists(), "{body}: written");
  assert!(
    !directory.path().join(".stackc").exists(),
    "{body}: secrets generated"
  );
}

/// A custom service that uses the secret `name`.
fn using(declaration: &str, name: &str) -> String {
  format!(
    "[secrets]\n{declaration}\n[services.api]\nimage = \"acme/api:1.0\"\nenv = {{ X = \"{{{{ secrets.{name} }}}}\" }}\n"
  )
}

#[test]
fn variables_compose_or_the_shell_read_are_refused() {
  for name in [
    "compose_project_name",
    "COMPOSE_FILE",
    "docker_host",
    "path",
    "home",
    "ifs",
    "ld_preload",
    "pythonpath",
    "http_proxy",
  ] {
    refused(
      &using(&format!("{name} = {{ generate = \"alnum\" }}"), name),
      &["SC213"],
    );
  }
}

#[test]
fn names_that_are_not_variables_are_refused() {
  for (quoted, label) in [
    ("\"Redis-Password\"", "dash"),
    ("\"a b\"", "space"),
    ("\"x\\nCOMPOSE_PROJECT_NAME\"", "newline"),
    ("\"x=y\"", "equals"),
    ("\"1st\"", "digit first"),
  ] {
    let body = format!("[secrets]\n{quoted} = {{ generate = \"alnum\" }}\n");
    let directory = stack_with(&body);
    let output = stackc_in(
      directory.path(),
      ["check", "stack.toml", "--format", "json"],
      &[],
    );
    assert_eq!(output.status, 1, "{label}");
    assert!(
      output.stdout.contains("\"SC211\""),
      "{label}: {}",
      output.stdout
    );
    refused(&body, &["SC211"]);
  }
}

#[test]
fn two_secrets_on_one_variable_are_refused() {
  refused(
    "[secrets]\napi_token = { generate = \"alnum\" }\nAPI_Token = { from_env = \"PARTNER\" }\n[services.api]\nimage = \"acme/api:1.0\"\nenv = { A = \"{{ secrets.api_token }}\", B = \"{{ secrets.API_Token }}\" }\n",
    &["SC212"],
  );
}

#[test]
fn a_catalog_secrets_variable_cannot_be_taken() {
  // With redis enabled, `REDIS_PASSWORD` would replace redis' own password.
  refused(
    &format!(
      "[services.redis]\n{}",
      using("REDIS_PASSWORD = { from_env = \"MINE\" }", "REDIS_PASSWORD")
    ),
    &["SC214"],
  );
  // `Redis-Password` too, by `-` and case, and without redis enabled.
  refused(
    "[secrets]\n\"Redis-Password\" = { generate = \"alnum\" }\n",
    &["SC211", "SC214"],
  );
  refused(
    &using(
      "Postgres_Password = { generate = \"alnum\" }",
      "Postgres_Password",
    ),
    &["SC214"],
  );
}

#[test]
fn catalog_secrets_keep_their_names_and_can_be_overridden() {
  let directory = stack_with(&format!(
    "[services.redis]\n{}",
    using(
      "redis_password = { from_env = \"MY_REDIS\" }",
      "redis_password"
    )
  ));
  let output = stackc_in(
    directory.path(),
    ["build", "stack.toml", "--out", "out"],
    &[("MY_REDIS", "from-the-operator")],
  );
  assert_eq!(output.status, 0, "{}", output.stderr);
  let env = fs::read_to_string(directory.path().join("out/.env")).unwrap();
  assert!(
    env.contains("\nREDIS_PASSWORD=from-the-operator\n"),
    "{env}"
  );
  assert_eq!(env.matches("REDIS_PASSWORD=").count(), 1, "{env}");
}
