//! The command line as a user meets it: one test a session.

mod common;

use {
  common::{root, stackc, stackc_in, stacks},
  std::fs,
};

#[test]
fn bundled_stacks_are_valid() {
  let mut arguments = vec!["check".to_owned()];
  arguments.extend(stacks());
  let output = stackc(&arguments);
  assert_eq!(output.status, 0, "{}", output.stderr);
  for stack in stacks() {
    assert!(
      output.stderr.contains(&format!("{stack}: ok")),
      "{}",
      output.stderr
    );
  }
  assert!(stacks().contains(&"stacks/borgstack.toml".to_owned()));
  assert!(stacks().contains(&"stacks/minimal.toml".to_owned()));
}

#[test]
fn a_missing_file_cannot_run() {
  let output = stackc(["check", "no-such-stack.toml"]);
  assert_eq!(output.status, 2);
  assert_eq!(
    output.stderr,
    "error: cannot read no-such-stack.toml: no such file\n"
  );
}

#[test]
fn stack_defaults_to_stack_toml_in_the_working_directory() {
  let directory = tempfile::tempdir().unwrap();
  let output = stackc_in(directory.path(), ["check"], &[]);
  assert_eq!(output.status, 2);
  assert_eq!(
    output.stderr,
    "error: cannot read stack.toml: no such file\n"
  );
  fs::copy(
    root().join("stacks/minimal.toml"),
    directory.path().join("stack.toml"),
  )
  .unwrap();
  let output = stackc_in(directory.path(), ["check"], &[]);
  assert_eq!(output.status, 0, "{}", output.stderr);
  assert_eq!(output.stderr, "stack.toml: ok\n");
}

#[test]
fn a_directory_cannot_run() {
  let output = stackc(["check", "stacks"]);
  assert_eq!(output.status, 2);
  assert_eq!(output.stderr, "error: cannot read stacks: is a directory\n");
}

#[test]
fn a_bad_flag_cannot_run() {
  let output = stackc(["check", "--format", "xml", "stacks/minimal.toml"]);
  assert_eq!(output.status, 2);
  assert!(
    output.stderr.contains("invalid value 'xml'"),
    "{}",
    output.stderr
  );
  let output = stackc(["frobnicate"]);
  assert_eq!(output.status, 2);
}

#[test]
fn help_and_version_succeed() {
  let output = stackc(["--help"]);
  assert_eq!(output.status, 0);
  assert!(output.stdout.contains("check"));
  let output = stackc(["--version"]);
  assert_eq!(output.status, 0);
  assert_eq!(
    output.stdout,
    format!("stackc {}\n", env!("CARGO_PKG_VERSION"))
  );
}

#[test]
fn schema_prints_the_bundled_schema() {
  let output = stackc(["schema"]);
  assert_eq!(output.status, 0);
  assert_eq!(
    output.stdout,
    fs::read_to_string(root().join("schemas/stack.schema.json")).unwrap()
  );
}

#[test]
fn explain_prints_a_codes_documentation() {
  let output = stackc(["explain", "SC101"]);
  assert_eq!(output.status, 0);
  assert!(
    output.stdout.starts_with(
      "SC101 unpinned-image (error)\n\nimage without a tag or with `latest`\n\n## What it checks\n"
    ),
    "{}",
    output.stdout
  );
  assert!(output.stdout.contains("\n## Fix\n"));
  // Codes are case-insensitive.
  assert_eq!(stackc(["explain", "sc101"]).stdout, output.stdout);
}

#[test]
fn explain_rejects_an_unknown_code() {
  let output = stackc(["explain", "SC999"]);
  assert_eq!(output.status, 2);
  assert_eq!(
    output.stderr,
    "error: unknown diagnostic code `SC999`; `stackc explain` lists them\n"
  );
}

#[test]
fn explain_without_a_code_lists_every_code() {
  let output = stackc(["explain"]);
  assert_eq!(output.status, 0);
  assert_eq!(
    output.stdout.lines().count(),
    stackc::check::rules::REGISTRY.len()
  );
  assert!(output.stdout.contains("SC202  warning  unused-secret"));
}

#[test]
fn every_code_is_documented_in_four_sections_and_in_the_codes_chapter() {
  let codes = fs::read_to_string(root().join("docs/src/codes.md")).unwrap();
  for rule in stackc::check::rules::REGISTRY {
    let documentation = rule.meta.explanation();
    for section in ["## What it checks", "## Why", "## Example", "## Fix"] {
      assert!(
        documentation.contains(section),
        "{} lacks {section}",
        rule.meta.code
      );
    }
    let row = format!("| {} | {} |", rule.meta.code, rule.meta.name);
    assert!(
      codes.contains(&row),
      "docs/src/codes.md lacks the row `{row}`"
    );
  }
}

fn write_stack(text: &str) -> tempfile::TempDir {
  let directory = tempfile::tempdir().unwrap();
  fs::write(directory.path().join("stack.toml"), text).unwrap();
  directory
}

/// A stack whose only problem is a warning: an unused secret.
fn warning_only() -> String {
  format!(
    "{}[secrets]\nspare = {{ generate = \"password\" }}\n",
    common::HEADER
  )
}

#[test]
fn warnings_pass_unless_denied() {
  let directory = write_stack(&warning_only());
  let output = stackc_in(directory.path(), ["check", "--color", "never"], &[]);
  assert_eq!(output.status, 0, "{}", output.stderr);
  assert!(output.stderr.contains("SC202"));
  assert!(output.stderr.ends_with("stack.toml: 1 warning\n"));
  let output = stackc_in(directory.path(), ["check", "--deny-warnings"], &[]);
  assert_eq!(output.status, 1);
}

#[test]
fn colour_follows_the_flag_and_no_color() {
  let directory = write_stack(&warning_only());
  let always = stackc_in(directory.path(), ["check", "--color", "always"], &[]);
  assert!(always.stderr.contains('\u{1b}'));
  let never = stackc_in(directory.path(), ["check", "--color", "never"], &[]);
  assert!(!never.stderr.contains('\u{1b}'));
  // Not a terminal, and NO_COLOR set: auto means no colour either way.
  let auto = stackc_in(directory.path(), ["check"], &[("NO_COLOR", "1")]);
  assert!(!auto.stderr.contains('\u{1b}'));
}

#[test]
fn an_empty_file_reports_what_is_missing() {
  let directory = write_stack("");
  let output = stackc_in(directory.path(), ["check", "--format", "json"], &[]);
  assert_eq!(output.status, 1);
  assert!(
    output.stdout.contains("missing required key `version`"),
    "{}",
    output.stdout
  );
  assert!(
    output.stdout.contains("missing required table `[stack]`"),
    "{}",
    output.stdout
  );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
  let deep = format!("a = {}{}\n", "[".repeat(5000), "]".repeat(5000));
  let directory = write_stack(&deep);
  let output = stackc_in(directory.path(), ["check", "--format", "json"], &[]);
  assert_eq!(output.status, 1, "{}", output.stderr);
  assert!(output.stdout.contains("SC001"));
  let dotted = format!("{} = 1\n", vec!["x"; 5000].join("."));
  let directory = write_stack(&dotted);
  let output = stackc_in(directory.path(), ["check", "--format", "json"], &[]);
  assert_eq!(output.status, 1, "{}", output.stderr);
}

#[test]
fn a_fifty_megabyte_file_is_checked_without_crashing() {
  let mut text = warning_only();
  let filler = format!("# {}\n", "x".repeat(1000));
  while text.len() < 50 * 1024 * 1024 {
    text.push_str(&filler);
  }
  text.push_str("[services.billing]\nimage = \"acme/billing\"\n");
  let directory = write_stack(&text);
  let output = stackc_in(directory.path(), ["check", "--format", "json"], &[]);
  assert_eq!(output.status, 1, "{}", output.stderr);
  assert!(output.stdout.contains("SC101"));
}

#[test]
fn syntax_errors_on_several_lines_are_all_reported() {
  let directory = write_stack("version = = 1\n[stack\nname = \"s\"\n");
  let output = stackc_in(directory.path(), ["check", "--format", "json"], &[]);
  assert_eq!(output.status, 1);
  let diagnostics: Vec<serde_json::Value> = serde_json::from_str(&output.stdout).unwrap();
  let lines: Vec<u64> = diagnostics
    .iter()
    .map(|d| d["line"].as_u64().unwrap())
    .collect();
  assert_eq!(lines, [1, 2], "{}", output.stdout);
}

#[test]
fn several_files_are_checked_in_one_run() {
  let output = stackc([
    "check",
    "stacks/minimal.toml",
    "tests/corpus/sc101-latest-image.toml",
    "--format",
    "json",
  ]);
  assert_eq!(output.status, 1);
  let diagnostics: Vec<serde_json::Value> = serde_json::from_str(&output.stdout).unwrap();
  assert_eq!(diagnostics.len(), 1);
  assert_eq!(
    diagnostics[0]["file"],
    "tests/corpus/sc101-latest-image.toml"
  );
}

#[test]
fn a_literal_credential_is_masked_in_every_format() {
  let name = "tests/corpus/sc315-literal-credential.toml";
  let credential = "sk-proj-0123456789abcdef";
  assert!(
    fs::read_to_string(root().join(name))
      .unwrap()
      .contains(credential)
  );
  for format in ["human", "json", "sarif", "github"] {
    let output = stackc(["check", name, "--format", format, "--color", "never"]);
    assert_eq!(output.status, 1);
    assert!(
      !output.stdout.contains(credential),
      "{format} leaks the credential"
    );
    assert!(
      !output.stderr.contains(credential),
      "{format} leaks the credential"
    );
  }
}
