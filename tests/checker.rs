//! The checker itself, attacked through the binary: a value of the wrong
//! type is reported there and nowhere else, huge numbers of problems are
//! reported in linear time, terminal escapes never reach the terminal, and
//! the exit codes and JSON of `diff`, `build --check` and `check --deploy`.

mod common;

use {
  common::{HEADER, scratch, stack_with, stackc_in, stackc_within},
  serde_json::Value,
  std::{
    fs,
    path::Path,
    time::{Duration, Instant},
  },
};

/// `(code, line, column)` of each diagnostic `check --format json` reports.
fn reported(directory: &Path) -> Vec<(String, u64, u64)> {
  let output = stackc_in(directory, ["check", "stack.toml", "--format", "json"], &[]);
  let diagnostics: Value = serde_json::from_str(&output.stdout).expect(&output.stderr);
  diagnostics
    .as_array()
    .unwrap()
    .iter()
    .map(|d| {
      (
        d["code"].as_str().unwrap().to_owned(),
        d["line"].as_u64().unwrap(),
        d["column"].as_u64().unwrap(),
      )
    })
    .collect()
}

fn expect(body: &str, expected: &[(&str, u64, u64)]) {
  let directory = stack_with(body);
  let expected: Vec<(String, u64, u64)> = expected
    .iter()
    .map(|(code, line, column)| ((*code).to_owned(), *line, *column))
    .collect();
  assert_eq!(reported(directory.path()), expected, "{HEADER}{body}");
}

#[test]
fn a_float_port_is_reported_there_and_causes_nothing_else() {
  // Line 6 is the first after HEADER. Before, `3000.0` (an integer to JSON
  // Schema, not to the model) emptied the whole model: "acme_email is not
  // set", "secret is not declared".
  expect(
    "[secrets]\nk = { generate = \"hex\", length = 32.0 }\n[services.api]\nimage = \"x/y:1\"\nsubdomain = \"api\"\nport = 3000.0\nenv = { A = \"{{ secrets.k }}\" }\n[services.caddy]\n",
    &[("SC005", 7, 34), ("SC005", 11, 8)],
  );
  expect("", &[]);
}

#[test]
fn a_value_of_the_wrong_type_is_never_reported_again_as_missing() {
  for (body, expected) in [
    // Not also SC113 "has no image".
    ("[services.api]\nimage = 5\n", vec![("SC005", 7, 9)]),
    // Not also SC114 "routed but has no port".
    (
      "[services.api]\nimage = \"x/y:1\"\nsubdomain = \"api\"\nport = \"80\"\n[services.caddy]\n",
      vec![("SC005", 9, 8)],
    ),
    // Not also SC201 "secret is not declared".
    (
      "[secrets]\nk = \"hex\"\n[services.api]\nimage = \"x/y:1\"\nenv = { A = \"{{ secrets.k }}\" }\n",
      vec![("SC005", 7, 5)],
    ),
    // Not also SC203 "has no source".
    (
      "[secrets]\nk = { generate = 5 }\n[services.api]\nimage = \"x/y:1\"\nenv = { A = \"{{ secrets.k }}\" }\n",
      vec![("SC005", 7, 18)],
    ),
    // Not also SC103 "depends on a service that is not enabled".
    (
      "[services.db]\nimage = 5\n[services.api]\nimage = \"x/y:1\"\ndepends_on = [\"db\"]\n",
      vec![("SC005", 7, 9)],
    ),
    (
      "[services]\ndb = \"x\"\n[services.api]\nimage = \"x/y:1\"\ndepends_on = [\"db\"]\n",
      vec![("SC005", 7, 6)],
    ),
  ] {
    expect(body, &expected);
  }
  // Not SC110 "acme_email is not set", nor for a `tls` it cannot read.
  let directory = tempfile::tempdir().unwrap();
  for (stack, expected) in [
    (
      "version = 1\n[stack]\nname = \"s\"\ndomain = \"example.com\"\nacme_email = 5\n",
      ("SC005", 5, 14),
    ),
    (
      "version = 1\n[stack]\nname = \"s\"\ndomain = \"example.com\"\ntls = \"acm\"\n",
      ("SC006", 5, 7),
    ),
    (
      "version = 1.0\n[stack]\nname = \"s\"\ndomain = \"example.com\"\nacme_email = \"a@example.com\"\n",
      ("SC005", 1, 11),
    ),
  ] {
    fs::write(directory.path().join("stack.toml"), stack).unwrap();
    assert_eq!(
      reported(directory.path()),
      vec![(expected.0.to_owned(), expected.1, expected.2)],
      "{stack}"
    );
  }
}

/// Stack files with `count` problems of many kinds.
fn problems(count: usize) -> Vec<(&'static str, String, usize)> {
  let each = count / 5;
  let mut mixed = String::from(HEADER);
  for i in 0..each {
    mixed.push_str(&format!(
      "[services.s{i}]\nimage = \"x/y:1\"\nunknown{i} = 1\nport = 3000.0\nhost = \"same.example.com\"\ndepends_on = [\"missing{i}\"]\nenv = {{ A = \"{{{{ secrets.undeclared{i} }}}}\" }}\n"
    ));
  }
  let syntax: String = std::iter::once(HEADER.to_owned())
    .chain((0..count).map(|i| format!("broken{i} = = 1\n")))
    .collect();
  let mut cycle = String::from(HEADER);
  for i in 0..count {
    cycle.push_str(&format!(
      "[services.c{i}]\nimage = \"x/y:1\"\ndepends_on = [\"c{}\"]\n",
      (i + 1) % count
    ));
  }
  // Each kind with the number of diagnostics it must give at least.
  vec![
    ("mixed", mixed, each * 5 - 1),
    ("syntax", syntax, count),
    ("cycle", cycle, 1),
  ]
}

/// The run's wall time; it must report at least `least` problems.
fn timed(directory: &Path, format: &str, least: usize) -> Duration {
  let started = Instant::now();
  let output = stackc_within(
    directory,
    ["check", "stack.toml", "--format", format],
    Duration::from_secs(300),
  );
  let elapsed = started.elapsed();
  assert_eq!(output.status, 1, "{}", output.stderr);
  let found = if format == "json" {
    serde_json::from_str::<Value>(&output.stdout)
      .unwrap()
      .as_array()
      .unwrap()
      .len()
  } else {
    output.stderr.matches("\n  × ").count()
  };
  assert!(found >= least, "{found} diagnostics, expected {least}");
  elapsed
}

#[test]
fn ten_times_the_problems_take_about_ten_times_as_long() {
  // Quadratic work shows as a factor near 100; the bound of 30 leaves room
  // for a loaded machine without letting that through.
  let directory = tempfile::tempdir().unwrap();
  let stack = directory.path().join("stack.toml");
  for ((kind, small, small_least), (_, large, large_least)) in
    problems(2_000).into_iter().zip(problems(20_000))
  {
    for format in ["json", "human"] {
      fs::write(&stack, &small).unwrap();
      let short = timed(directory.path(), format, small_least);
      fs::write(&stack, &large).unwrap();
      let long = timed(directory.path(), format, large_least);
      assert!(
        long < short * 30,
        "{kind} in {format}: 2,000 problems took {short:?}, 20,000 took {long:?}"
      );
    }
  }
}

#[test]
fn terminal_escapes_are_shown_escaped() {
  let directory = tempfile::tempdir().unwrap();
  let stack = directory.path().join("stack.toml");
  // Escapes in keys and values of a valid file, and raw bytes in a file that
  // does not parse (which its snippet shows).
  for text in [
    format!(
      "{HEADER}\"evil\\u001b[2J\\u0007\" = 1\n[services.api]\nimage = \"x/y\\u001b]0;title\\u0007\\u009b31m\\r\"\n"
    ),
    format!("{HEADER}bad = \"\u{1b}[2J\u{7}\u{9b}\r\"\nalso = \u{1b}\n"),
  ] {
    fs::write(&stack, &text).unwrap();
    for format in ["human", "github"] {
      let output = stackc_in(
        directory.path(),
        [
          "check",
          "stack.toml",
          "--format",
          format,
          "--color",
          "never",
        ],
        &[],
      );
      assert_eq!(output.status, 1, "{}", output.stderr);
      let shown = format!("{}{}", output.stdout, output.stderr);
      for control in ['\u{1b}', '\u{7}', '\u{9b}', '\r'] {
        assert!(
          !shown.contains(control),
          "{format} shows {control:?} raw:\n{shown:?}"
        );
      }
      // The human snippet shows the line, escaped.
      if format == "human" {
        assert!(shown.contains("\\u{1b}"), "{format}:\n{shown}");
      }
    }
    // With colour on, the only escapes are the colours' own (CSI … m).
    let output = stackc_in(
      directory.path(),
      ["check", "stack.toml", "--color", "always"],
      &[],
    );
    let mut rest = output.stderr.as_str();
    while let Some(start) = rest.find('\u{1b}') {
      rest = &rest[start + 1..];
      let end = rest.find('m').expect("an SGR sequence");
      assert!(
        rest.starts_with('[') && rest[1..end].chars().all(|c| c.is_ascii_digit() || c == ';'),
        "{:?}",
        &rest[..end.min(20)]
      );
    }
  }
}

fn build(directory: &Path, arguments: &[&str]) -> common::Output {
  let mut all = vec!["build", "stack.toml", "--out", "out"];
  all.extend_from_slice(arguments);
  stackc_in(directory, all, &[])
}

#[test]
fn diff_and_build_check_exit_1_when_files_differ() {
  let directory = scratch("minimal.toml");
  assert_eq!(build(directory.path(), &[]).status, 0);
  let diff = || {
    stackc_in(
      directory.path(),
      ["diff", "stack.toml", "--out", "out"],
      &[],
    )
  };
  assert_eq!(diff().status, 0);
  assert_eq!(build(directory.path(), &["--check"]).status, 0);
  fs::write(directory.path().join("out/Caddyfile"), "changed\n").unwrap();
  let output = diff();
  assert_eq!(output.status, 1, "{}", output.stderr);
  assert!(output.stdout.contains("+++ b/Caddyfile"));
  assert_eq!(build(directory.path(), &["--check"]).status, 1);
}

#[test]
fn build_check_prints_one_json_document() {
  let directory = scratch("minimal.toml");
  let json = |directory: &Path| {
    let output = build(directory, &["--check", "--format", "json"]);
    let document: Value = serde_json::from_str(&output.stdout)
      .unwrap_or_else(|error| panic!("{error}: {}", output.stdout));
    (output.status, document)
  };
  // Nothing built yet: every committed file differs.
  let (status, document) = json(directory.path());
  assert_eq!(status, 1);
  assert_eq!(document["up_to_date"], false);
  let differing = document["differing"].as_array().unwrap();
  assert!(differing.contains(&Value::from("docker-compose.yml")));
  assert!(!differing.contains(&Value::from(".env")));
  assert_eq!(document["out"], "out");
  assert_eq!(document["diagnostics"], Value::Array(Vec::new()));
  // Built: up to date.
  assert_eq!(build(directory.path(), &[]).status, 0);
  let (status, document) = json(directory.path());
  assert_eq!(status, 0);
  assert_eq!(document["up_to_date"], true);
  assert_eq!(document["differing"], Value::Array(Vec::new()));
  // Invalid: the diagnostics, and no list.
  let stack = directory.path().join("stack.toml");
  let text = fs::read_to_string(&stack).unwrap();
  fs::write(&stack, text.replace("[stack]", "[stack]\nport = 1")).unwrap();
  let (status, document) = json(directory.path());
  assert_eq!(status, 1);
  assert_eq!(document["differing"], Value::Null);
  assert_eq!(document["diagnostics"][0]["code"], "SC003");
}

#[test]
fn check_deploy_on_a_missing_folder_cannot_run() {
  let directory = scratch("minimal.toml");
  let output = stackc_in(
    directory.path(),
    ["check", "stack.toml", "--deploy", "nowhere"],
    &[],
  );
  assert_eq!(output.status, 2, "{}", output.stderr);
  assert_eq!(
    output.stderr,
    "error: cannot check the deployment in nowhere: no such directory\n"
  );
  // A file is no deployment folder either.
  let output = stackc_in(
    directory.path(),
    ["check", "stack.toml", "--deploy", "stack.toml"],
    &[],
  );
  assert_eq!(output.status, 2, "{}", output.stderr);
}
