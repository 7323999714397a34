//! Templates are bounded: `{{ }}` holds lookups only, statements are
//! refused, and a secret is only ever substituted whole. Each attack is a
//! stack file built by the real binary: it must be refused with its code,
//! quickly, and leave nothing written.

mod common;

use {
  common::{stack_with, stackc_in},
  std::time::{Duration, Instant},
};

const SERVICE: &str =
  "[secrets]\ntoken = { generate = \"alnum\" }\n[services.api]\nimage = \"acme/api:1.0\"\n";

/// Builds `HEADER + SERVICE + env = { X = <value> }` and expects `code`.
fn refused(value: &str, code: &str) {
  let directory = stack_with(&format!("{SERVICE}env = {{ X = {value} }}\n"));
  let started = Instant::now();
  let output = stackc_in(
    directory.path(),
    ["build", "stack.toml", "--out", "out", "--format", "json"],
    &[],
  );
  assert!(
    started.elapsed() < Duration::from_secs(10),
    "{value}: the build took {:?}",
    started.elapsed()
  );
  assert_eq!(output.status, 1, "{value}: {}", output.stderr);
  let diagnostics: Vec<serde_json::Value> = serde_json::from_str(&output.stdout).unwrap();
  assert!(
    diagnostics.iter().any(|d| d["code"] == code),
    "{value}: expected {code} in {diagnostics:?}"
  );
  assert!(
    !directory.path().join("out").exists(),
    "{value}: something was written"
  );
  assert!(
    !directory.path().join(".stackc").exists(),
    "{value}: secrets were generated for a refused stack"
  );
}

#[test]
fn filters_indexing_calls_and_operators_are_refused() {
  for value in [
    r#""{{ secrets.token | reverse }}""#,
    r#""{{ secrets.token | upper }}""#,
    r#"'{{ secrets.token[0] }}'"#,
    r#"'{{ secrets.token[1:] }}'"#,
    r#""{{ secrets.token ~ stack.name }}""#,
    r#""{{ range(100000000) }}""#,
    r#"'{{ "a" * 100000000 }}'"#,
    r#""{{ stack.name.upper() }}""#,
    r#"'{{ stack.name if stack.name else "x" }}'"#,
    r#""{{ lipsum(100000) }}""#,
  ] {
    refused(value, "SC208");
  }
}

#[test]
fn statements_and_comments_are_refused() {
  for value in [
    r#""{% for i in range(100000000) %}x{% endfor %}""#,
    r#""{% set x = 1 %}""#,
    r#""{# hidden #}""#,
    r#""{% raw %}{{ secrets.token }}{% endraw %}""#,
  ] {
    refused(value, "SC209");
  }
}

#[test]
fn a_secret_is_only_substituted_whole() {
  refused(r#""{{ secrets }}""#, "SC210");
  refused(r#""{{ secrets.token.length }}""#, "SC210");
}

#[test]
fn escaped_braces_are_checked_as_what_they_decode_to() {
  // `\u007B` is `{`: the source holds no `{{`, the value does.
  refused(r#""\u007B\u007B range(100000000) \u007D\u007D""#, "SC208");
  refused(
    r#""\u007B% for i in range(100000000) %\u007Dx\u007B% endfor %\u007D""#,
    "SC209",
  );
}

#[test]
fn a_hostile_depth_of_attributes_is_refused_not_a_crash() {
  // 300,000 segments nested the parser's tree past the main thread's stack.
  let deep = format!("stack{}", ".name".repeat(300_000));
  refused(&format!("\"{{{{ {deep} }}}}\""), "SC206");
  refused(&format!("\"{{{{ {deep} | upper }}}}\""), "SC206");
}

#[test]
fn lookups_and_literals_still_render() {
  let directory = stack_with(&format!(
    "{SERVICE}env = {{ URL = \"https://{{{{ stack.domain }}}}/x?t={{{{ secrets.token }}}}\", BRACES = '{{{{ \"{{{{\" }}}}literal' }}\n"
  ));
  let output = stackc_in(
    directory.path(),
    ["build", "stack.toml", "--out", "out"],
    &[],
  );
  assert_eq!(output.status, 0, "{}", output.stderr);
  let compose = std::fs::read_to_string(directory.path().join("out/docker-compose.yml")).unwrap();
  assert!(
    compose.contains("URL: \"https://example.com/x?t=${TOKEN}\""),
    "{compose}"
  );
  assert!(compose.contains("BRACES: \"{{literal\""), "{compose}");
}
