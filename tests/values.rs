//! Nothing a value holds changes the structure of an artifact. Each attack
//! is a stack file (or an environment, or a file name) given to the real
//! binary; what it writes is read back by the real consumers: docker-compose
//! 1.29 (`--env-file .env … config`, with a hostile shell environment),
//! python-dotenv for `.env`, markdown-it-py (CommonMark) for CHECKLIST.md,
//! and caddy. Either the value comes back exactly, or the build is refused
//! with nothing written.

mod common;

use {
  common::{HEADER, stack_with, stackc_in},
  serde_norway::Value,
  std::{
    collections::BTreeMap, ffi::OsStr, fs, os::unix::ffi::OsStrExt, path::Path, process::Command,
  },
};

fn run(command: &mut Command) -> String {
  let output = command
    .output()
    .unwrap_or_else(|error| panic!("{command:?} does not run ({error}): run .ci/run"));
  assert!(
    output.status.success(),
    "{command:?} failed:\n{}",
    String::from_utf8_lossy(&output.stderr)
  );
  String::from_utf8(output.stdout).unwrap()
}

/// `docker-compose config` of `out`, in a shell whose HOME, USER and TAG a
/// `$` left unescaped would pick up.
/// Compose v2 (`docker compose config --format json`) must give every
/// container the same environment in the same hostile shell.
fn compose_config(out: &Path) -> Value {
  let text = run(
    Command::new("docker-compose")
      .current_dir(out)
      .env("HOME", "/evil-home")
      .env("USER", "evil-user")
      .env("TAG", "evil-tag")
      .args(["--env-file", ".env", "-f", "docker-compose.yml", "config"]),
  );
  let v1: Value = serde_norway::from_str(&text).unwrap();
  let text = run(
    common::compose::v2_config_command(out)
      .env("HOME", "/evil-home")
      .env("USER", "evil-user")
      .env("TAG", "evil-tag"),
  );
  let v2: serde_json::Value = serde_json::from_str(&text).unwrap();
  let v2 = serde_norway::to_value(v2).unwrap();
  for name in v1["services"].as_mapping().unwrap().keys() {
    let name = name.as_str().unwrap();
    assert_eq!(
      common::built::environment_of(&v2, name),
      common::built::environment_of(&v1, name),
      "Compose v1 and v2 give {name} different environments"
    );
  }
  v1
}

/// `.env` as python-dotenv reads it.
fn dotenv(out: &Path) -> BTreeMap<String, String> {
  let text = run(
    Command::new("python3")
      .arg("-c")
      .arg("import dotenv, json, sys; print(json.dumps(dotenv.dotenv_values(sys.argv[1])))")
      .arg(out.join(".env")),
  );
  serde_json::from_str(&text).unwrap()
}

/// The inline tokens of the CommonMark paragraph or list item of `file`
/// whose text holds `marker`, as `(type, content)`.
fn markdown_inline(file: &Path, marker: &str) -> Vec<(String, String)> {
  let script = r#"
import json, sys
from markdown_it import MarkdownIt
tokens = MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(open(sys.argv[1]).read())
for token in tokens:
    if token.type == "inline" and sys.argv[2] in token.content:
        print(json.dumps([[c.type, c.content] for c in token.children]))
        break
"#;
  let text = run(
    Command::new("python3")
      .args(["-c", script])
      .arg(file)
      .arg(marker),
  );
  assert!(!text.is_empty(), "no Markdown line holds {marker}");
  serde_json::from_str(&text).unwrap()
}

fn build(directory: &Path, environment: &[(&str, &str)]) -> common::Output {
  stackc_in(
    directory,
    ["build", "stack.toml", "--out", "out", "--format", "json"],
    environment,
  )
}

/// The build is refused with `code` and writes nothing at all.
fn refused(body: &str, code: &str) {
  let directory = stack_with(body);
  let output = build(directory.path(), &[]);
  assert_eq!(output.status, 1, "{body}: {}", output.stderr);
  assert!(
    output.stdout.contains(&format!("\"{code}\"")),
    "{body}: expected {code} in {}",
    output.stdout
  );
  assert!(!directory.path().join("out").exists(), "{body}: written");
  assert!(!directory.path().join(".stackc").exists(), "{body}: stored");
}

#[test]
fn manual_and_from_env_texts_cannot_add_lines() {
  let uses = "[services.api]\nimage = \"acme/api:1.0\"\nenv = { T = \"{{ secrets.token }}\" }\n";
  refused(
    &format!("[secrets]\ntoken = {{ manual = \"x\\nCOMPOSE_PROJECT_NAME=evil\" }}\n{uses}"),
    "SC131",
  );
  refused(
    &format!("[secrets]\ntoken = {{ manual = \"x\\r# done\" }}\n{uses}"),
    "SC131",
  );
  refused(
    &format!("[secrets]\ntoken = {{ from_env = \"X\\nCOMPOSE_PROJECT_NAME=evil\" }}\n{uses}"),
    "SC132",
  );
  refused(
    &format!("[secrets]\ntoken = {{ from_env = \"A=B\" }}\n{uses}"),
    "SC132",
  );
}

#[test]
fn control_characters_and_image_interpolation_are_refused() {
  // U+0001 is how stackc marks a secret while rendering: `${HOME}` came out.
  refused(
    "[services.api]\nimage = \"acme/api:1.0\"\nenv = { T = \"\\u0001HOME\\u0001\" }\n",
    "SC130",
  );
  refused(
    "[services.api]\nimage = \"acme/api:1.0\"\ncommand = \"echo \\u001b[2J\"\n",
    "SC130",
  );
  refused("[services.api]\nimage = \"acme/api:${TAG}\"\n", "SC133");
  refused(
    "[services.api]\nimage = \"acme/api:1.0 --privileged\"\n",
    "SC133",
  );
  refused(
    "[services.api]\nimage = \"acme/api:1.0\"\n[profiles.\"dev;$(id)\"]\ndomain = \"localhost\"\n",
    "SC134",
  );
}

#[test]
fn from_env_values_env_cannot_hold_are_refused_naming_only_the_variable() {
  let body = "[secrets]\ntoken = { from_env = \"TOKEN_INPUT\" }\n[services.api]\nimage = \"acme/api:1.0\"\nenv = { T = \"{{ secrets.token }}\" }\n";
  for (value, reason) in [
    ("first\rSECOND=1", "carriage return"),
    ("in ${HOME} braces", "`${`"),
  ] {
    let directory = stack_with(body);
    let output = build(directory.path(), &[("TOKEN_INPUT", value)]);
    assert_eq!(output.status, 1, "{value:?}: {}", output.stderr);
    assert!(
      output.stderr.contains("TOKEN_INPUT") && output.stderr.contains(reason),
      "{}",
      output.stderr
    );
    assert!(output.stderr.contains("nothing was written"));
    assert!(!output.stderr.contains("SECOND") && !output.stderr.contains("braces"));
    assert!(!directory.path().join("out").exists());
    // The store lock may exist; no secret was stored.
    assert!(!directory.path().join(".stackc/stack.secrets.toml").exists());
  }
  // Nor can a value that is not UTF-8, which a shell can set.
  let directory = stack_with(body);
  let output = Command::new(env!("CARGO_BIN_EXE_stackc"))
    .current_dir(directory.path())
    .args(["build", "stack.toml", "--out", "out"])
    .env("TOKEN_INPUT", OsStr::from_bytes(b"caf\xe9"))
    .output()
    .unwrap();
  assert_eq!(output.status.code(), Some(1));
  let stderr = String::from_utf8_lossy(&output.stderr);
  assert!(
    stderr.contains("TOKEN_INPUT") && stderr.contains("not UTF-8"),
    "{stderr}"
  );
  assert!(!directory.path().join("out").exists());
}

#[test]
fn dollars_in_every_compose_field_reach_compose_literally() {
  let directory = stack_with(
    "[services.api]\nimage = \"acme/api:1.0\"\nport = 8080\nvolumes = { data = \"/data/$HOME/${USER}\" }\nhealthcheck = { command = \"test -d $HOME || echo ${TAG}\" }\ncommand = [\"run\", \"--as=$USER\"]\nenv = { PRICE = \"$5 and ${TAG}\" }\n[services.worker]\nimage = \"acme/worker:1.0\"\nhealthcheck = { command = [\"CMD\", \"check\", \"$HOME\"] }\n",
  );
  let output = build(directory.path(), &[]);
  assert_eq!(output.status, 0, "{}", output.stderr);
  let config = compose_config(&directory.path().join("out"));
  let api = &config["services"]["api"];
  // `config` prints `$` in strings it re-escapes as `$$`, volumes as they are.
  let unescape = |value: &Value| value.as_str().unwrap().replace("$$", "$");
  assert_eq!(unescape(&api["environment"]["PRICE"]), "$5 and ${TAG}");
  assert_eq!(
    unescape(&api["healthcheck"]["test"][1]),
    "test -d $HOME || echo ${TAG}"
  );
  assert_eq!(unescape(&api["command"][1]), "--as=$USER");
  assert_eq!(
    api["volumes"][0].as_str().unwrap(),
    "data:/data/$HOME/${USER}:rw"
  );
  assert_eq!(
    unescape(&config["services"]["worker"]["healthcheck"]["test"][2]),
    "$HOME"
  );
  let text = serde_norway::to_string(&config).unwrap();
  assert!(
    !text.contains("evil"),
    "the shell's environment reached the deployment:\n{text}"
  );
}

#[test]
fn line_separators_and_unicode_round_trip_through_compose() {
  let value = "a\u{2028}b\u{2029}c\u{a0}d\u{feff}e \u{1F512} \"q\" \\ 'x' #h\nnext\tline";
  // The invisible ones written as TOML escapes: raw, they are SC135.
  let escaped = value
    .replace('\\', "\\\\")
    .replace('"', "\\\"")
    .replace('\n', "\\n")
    .replace('\t', "\\t")
    .replace('\u{2028}', "\\u2028")
    .replace('\u{2029}', "\\u2029")
    .replace('\u{feff}', "\\uFEFF");
  let directory = stack_with(&format!(
    "[services.api]\nimage = \"acme/api:1.0\"\nenv = {{ VALUE = \"{escaped}\" }}\n"
  ));
  let output = build(directory.path(), &[]);
  assert_eq!(output.status, 0, "{}", output.stderr);
  let config = compose_config(&directory.path().join("out"));
  assert_eq!(
    config["services"]["api"]["environment"]["VALUE"].as_str(),
    Some(value)
  );
}

#[test]
fn markdown_and_html_in_manual_text_render_as_written() {
  let text = "Open <b>Chat</b> > [Settings](http://evil.example) & copy `token` | *now* _x_ $x$ ~~y~~ \\ ![i](x) &amp; <!-- c -->";
  let toml_text = text.replace('\\', "\\\\");
  let directory = stack_with(&format!(
    "[secrets]\nchat = {{ manual = \"{toml_text}\" }}\n[services.api]\nimage = \"acme/api:1.0\"\nenv = {{ T = \"{{{{ secrets.chat }}}}\" }}\n"
  ));
  let output = build(directory.path(), &[]);
  assert_eq!(output.status, 0, "{}", output.stderr);
  let out = directory.path().join("out");
  let inline = markdown_inline(&out.join("CHECKLIST.md"), "CHAT");
  let kinds: Vec<&str> = inline.iter().map(|(kind, _)| kind.as_str()).collect();
  assert_eq!(
    kinds,
    ["text", "code_inline", "text", "code_inline", "text"],
    "{inline:?}"
  );
  assert_eq!(inline[2].1, format!(": {text}; then write it into "));
  // In .env it is one comment line: python-dotenv reads one variable.
  let values = dotenv(&out);
  assert_eq!(values.keys().collect::<Vec<_>>(), ["CHAT"], "{values:?}");
  let env = fs::read_to_string(out.join(".env")).unwrap();
  assert!(
    env.contains(&format!("Set by hand: {text}\nCHAT=\n")),
    "{env}"
  );
}

#[test]
fn a_stack_file_name_cannot_add_lines_to_any_artifact() {
  // NEL ends a YAML comment, U+2028 a JavaScript one, `\n` every kind.
  let name = "x\nCOMPOSE_PROJECT_NAME=evil\u{2028}\u{85}`# y.toml";
  let directory = tempfile::tempdir().unwrap();
  fs::write(
    directory.path().join(name),
    format!(
      "{HEADER}[services.caddy]\n[services.redis]\n[services.postgresql]\n[services.n8n]\n[services.mongodb]\n[services.lowcoder]\n[services.api]\nimage = \"acme/api:1.0\"\nport = 8080\nsubdomain = \"api\"\nenv = {{ R = \"{{{{ secrets.redis_password }}}}\" }}\n"
    ),
  )
  .unwrap();
  let output = Command::new(env!("CARGO_BIN_EXE_stackc"))
    .current_dir(directory.path())
    .args([
      OsStr::new("build"),
      OsStr::new(name),
      OsStr::new("--out"),
      OsStr::new("out"),
    ])
    .output()
    .unwrap();
  assert_eq!(
    output.status.code(),
    Some(0),
    "{}",
    String::from_utf8_lossy(&output.stderr)
  );
  let out = directory.path().join("out");
  let values = dotenv(&out);
  assert!(
    values.keys().all(|key| !key.starts_with("COMPOSE")) && values.contains_key("REDIS_PASSWORD"),
    "{values:?}"
  );
  for script in [
    "postgresql/provision.sh",
    "postgresql/backup.sh",
    "mongodb/backup.sh",
  ] {
    run(Command::new("sh").arg("-n").arg(out.join(script)));
  }
  run(
    Command::new("node")
      .arg("--check")
      .arg(out.join("mongodb/provision.js")),
  );
  // The SQL file's header is comments only: every line before the first
  // statement starts with `--`.
  let sql = fs::read_to_string(out.join("postgresql/provision.sql")).unwrap();
  assert!(
    sql
      .lines()
      .take_while(|line| !line.is_empty())
      .all(|line| line.starts_with("--")),
    "{sql}"
  );
  let config = compose_config(&out);
  assert!(config["services"]["api"].is_mapping());
  run(Command::new("caddy").current_dir(&out).args([
    "adapt",
    "--config",
    "Caddyfile",
    "--adapter",
    "caddyfile",
    "--validate",
  ]));
  for artifact in [
    "docker-compose.yml",
    ".env",
    "Caddyfile",
    "CHECKLIST.md",
    "postgresql/provision.sh",
    "postgresql/provision.sql",
    "postgresql/backup.sh",
    "mongodb/provision.js",
    "mongodb/backup.sh",
  ] {
    let text = fs::read_to_string(out.join(artifact)).unwrap();
    assert!(
      !text.contains("\nCOMPOSE_PROJECT_NAME") && !text.contains(['\u{2028}', '\u{85}']),
      "{artifact}:\n{text}"
    );
  }
  let inline = markdown_inline(&out.join("CHECKLIST.md"), "Generated by");
  assert_eq!(inline[1].0, "code_inline", "{inline:?}");
  assert_eq!(
    inline[1].1,
    "x\\nCOMPOSE_PROJECT_NAME=evil\\u{2028}\\u{85}`# y.toml"
  );
}
