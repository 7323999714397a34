//! Every invalid stack in `tests/corpus/` declares the diagnostics it must
//! produce (`# expect: CODE @LINE:COLUMN`). Each is checked in every output
//! format, and its human rendering is a snapshot under `snapshots/corpus/`.

mod common;

use {
  common::{root, stackc},
  serde_json::Value,
  std::collections::BTreeSet,
};

type Expected = BTreeSet<(String, usize, usize)>;

/// Corpus runs deny warnings, so that every case, warnings-only ones too,
/// must exit 1; `tests/cli.rs` checks that warnings alone pass without it.
const DENY: &str = "--deny-warnings";

fn cases() -> Vec<(String, Expected)> {
  let mut cases: Vec<(String, Expected)> = std::fs::read_dir(root().join("tests/corpus"))
    .expect("tests/corpus exists")
    .map(|entry| entry.expect("entry").path())
    .filter(|path| path.extension().is_some_and(|e| e == "toml"))
    .map(|path| {
      let text = String::from_utf8_lossy(&std::fs::read(&path).expect("readable")).into_owned();
      let expected = text
        .lines()
        .filter_map(|line| line.strip_prefix("# expect: "))
        .map(|line| {
          let (code, at) = line.split_once(" @").expect("`CODE @LINE:COLUMN`");
          let (line, column) = at.split_once(':').expect("`LINE:COLUMN`");
          (
            code.to_owned(),
            line.parse().unwrap(),
            column.parse().unwrap(),
          )
        })
        .collect::<Expected>();
      let name = format!(
        "tests/corpus/{}",
        path.file_name().unwrap().to_string_lossy()
      );
      assert!(!expected.is_empty(), "{name} declares no `# expect:` line");
      (name, expected)
    })
    .collect();
  cases.sort();
  cases
}

#[test]
fn corpus_is_large_and_covers_every_code() {
  let cases = cases();
  assert!(cases.len() >= 40, "only {} corpus cases", cases.len());
  let covered: BTreeSet<String> = cases
    .iter()
    .flat_map(|(_, expected)| expected.iter().map(|(code, _, _)| code.clone()))
    .collect();
  for rule in stackc::check::rules::REGISTRY {
    assert!(
      covered.contains(rule.meta.code),
      "no corpus case expects {}",
      rule.meta.code
    );
  }
  assert!(
    cases
      .iter()
      .filter(|(_, expected)| expected.len() >= 3)
      .count()
      >= 2,
    "the corpus needs stacks with several unrelated problems"
  );
}

#[test]
fn json_reports_each_expected_diagnostic_at_its_position() {
  for (name, expected) in cases() {
    let output = stackc(["check", &name, "--format", "json", DENY]);
    assert_eq!(output.status, 1, "{name}: {}", output.stderr);
    let diagnostics: Vec<Value> = serde_json::from_str(&output.stdout).expect("JSON");
    let found: Expected = diagnostics
      .iter()
      .map(|d| {
        assert_eq!(d["file"], name.as_str());
        assert!(d["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert!(d["end_line"].as_u64() >= d["line"].as_u64());
        (
          d["code"].as_str().unwrap().to_owned(),
          d["line"].as_u64().unwrap() as usize,
          d["column"].as_u64().unwrap() as usize,
        )
      })
      .collect();
    assert_eq!(found, expected, "{name}");
  }
}

#[test]
fn every_error_has_help() {
  for (name, _) in cases() {
    let output = stackc(["check", &name, "--format", "json", DENY]);
    let diagnostics: Vec<Value> = serde_json::from_str(&output.stdout).expect("JSON");
    for diagnostic in diagnostics {
      // Type errors explain themselves with the key's description instead.
      if diagnostic["code"] != "SC005" {
        assert!(
          diagnostic["help"].is_string(),
          "{name}: no help in {diagnostic}"
        );
      }
    }
  }
}

#[test]
fn sarif_reports_the_same_positions_and_matches_the_sarif_schema() {
  let directory = tempfile::tempdir().unwrap();
  let mut logs = Vec::new();
  for (index, (name, expected)) in cases().into_iter().enumerate() {
    let output = stackc(["check", &name, "--format", "sarif", DENY]);
    assert_eq!(output.status, 1, "{name}");
    let log: Value = serde_json::from_str(&output.stdout).expect("SARIF is JSON");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let found: Expected = run["results"]
      .as_array()
      .unwrap()
      .iter()
      .map(|result| {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"], "{name}: ruleIndex");
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], name.as_str());
        (
          result["ruleId"].as_str().unwrap().to_owned(),
          location["region"]["startLine"].as_u64().unwrap() as usize,
          location["region"]["startColumn"].as_u64().unwrap() as usize,
        )
      })
      .collect();
    assert_eq!(found, expected, "{name}");
    let path = directory.path().join(format!("{index}.sarif"));
    std::fs::write(&path, &output.stdout).unwrap();
    logs.push(path);
  }
  // The official OASIS schema, checked by check-jsonschema: its `language`
  // pattern holds a stray `]` that only Python's regex dialect accepts.
  let schema = root().join("tests/schemas/sarif-schema-2.1.0.json");
  let result = std::process::Command::new("check-jsonschema")
    .args(["--regex-variant", "python", "--schemafile"])
    .arg(&schema)
    .args(&logs)
    .output()
    .expect("check-jsonschema is installed (.ci/run installs it)");
  assert!(
    result.status.success(),
    "SARIF does not match its schema:\n{}{}",
    String::from_utf8_lossy(&result.stdout),
    String::from_utf8_lossy(&result.stderr)
  );
}

#[test]
fn github_annotations_report_the_same_positions() {
  for (name, expected) in cases() {
    let output = stackc(["check", &name, "--format", "github", DENY]);
    assert_eq!(output.status, 1, "{name}");
    let found: Expected = output
      .stdout
      .lines()
      .map(|line| {
        let properties = line
          .strip_prefix("::error ")
          .or_else(|| line.strip_prefix("::warning "))
          .unwrap_or_else(|| panic!("{name}: not a workflow command: {line}"));
        let field = |key: &str| {
          properties
            .split(',')
            .find_map(|part| part.strip_prefix(&format!("{key}=")))
            .unwrap_or_else(|| panic!("{name}: no {key} in {line}"))
        };
        assert_eq!(field("file"), name.as_str());
        let title = field("title");
        (
          title.split(' ').next().unwrap().to_owned(),
          field("line").parse().unwrap(),
          field("col").parse().unwrap(),
        )
      })
      .collect();
    assert_eq!(found, expected, "{name}");
  }
}

#[test]
fn human_output_points_at_each_position() {
  let mut settings = insta::Settings::clone_current();
  settings.set_snapshot_path("../snapshots/corpus");
  settings.set_prepend_module_to_snapshot(false);
  settings.set_omit_expression(true);
  for (name, expected) in cases() {
    let output = stackc(["check", &name, "--color", "never", DENY]);
    assert_eq!(output.status, 1, "{name}");
    assert!(
      output.stdout.is_empty(),
      "{name}: human output goes to stderr"
    );
    assert!(
      !output.stderr.contains('\u{1b}'),
      "{name}: colour with --color never"
    );
    for (code, line, column) in &expected {
      assert!(output.stderr.contains(code.as_str()), "{name}: no {code}");
      let header = format!("[{name}:{line}:{column}]");
      assert!(
        output.stderr.contains(&header),
        "{name}: no {header} in\n{}",
        output.stderr
      );
    }
    let snapshot = name
      .trim_start_matches("tests/corpus/")
      .trim_end_matches(".toml")
      .to_owned();
    settings.bind(|| insta::assert_snapshot!(snapshot, output.stderr));
  }
}
