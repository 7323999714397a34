//! Every artifact of every bundled stack, as an insta snapshot under
//! `snapshots/<stack>/`, `.env` with its values redacted.

mod common;

use {
  common::{root, stackc_in, stacks},
  std::fs,
};

fn redact(env: &str) -> String {
  env
    .lines()
    .map(|line| match line.split_once('=') {
      Some((key, value)) if !line.starts_with('#') && !value.is_empty() => {
        format!("{key}=<redacted>")
      }
      _ => line.to_owned(),
    })
    .collect::<Vec<_>>()
    .join("\n")
}

/// The swarm files that differ from compose's (the Caddyfile and the
/// database scripts are the same bytes, snapshotted once).
const SWARM_FILES: &[&str] = &[
  ".env",
  ".env.example",
  "CHECKLIST.md",
  "docker-stack.yml",
  "deploy.sh",
];

/// Builds the bundled `stack` for `target`; returns its folder and name,
/// and the insta settings that keep its snapshots in
/// `snapshots/<name>-<target>/`.
fn build_for(stack: &str, target: &str) -> (tempfile::TempDir, insta::Settings) {
  let name = stack
    .trim_start_matches("stacks/")
    .trim_end_matches(".toml");
  let directory = tempfile::tempdir().unwrap();
  fs::copy(
    root().join(stack),
    directory.path().join(format!("{name}.toml")),
  )
  .unwrap();
  let output = stackc_in(
    directory.path(),
    [
      "build",
      &format!("{name}.toml"),
      "--target",
      target,
      "--out",
      "out",
    ],
    &[],
  );
  assert_eq!(output.status, 0, "{stack}: {}", output.stderr);
  let mut settings = insta::Settings::clone_current();
  settings.set_snapshot_path(format!("../snapshots/{name}-{target}"));
  settings.set_prepend_module_to_snapshot(false);
  settings.set_omit_expression(true);
  (directory, settings)
}

/// Snapshots `files` of `out`, secret values redacted.
fn snapshot(settings: &insta::Settings, out: &std::path::Path, files: &[String]) {
  for file in files {
    let contents = fs::read_to_string(out.join(file)).unwrap();
    let contents = if file.ends_with(".env") {
      redact(&contents)
    } else {
      contents
    };
    let name = file.trim_start_matches('.').replace('/', "-");
    settings.bind(|| insta::assert_snapshot!(name, contents));
  }
}

#[test]
fn swarm_artifacts_match_their_snapshots() {
  for stack in stacks() {
    let (directory, settings) = build_for(&stack, "swarm");
    let files: Vec<String> = SWARM_FILES.iter().map(|f| (*f).to_owned()).collect();
    snapshot(&settings, &directory.path().join("out"), &files);
  }
}

/// Every Kubernetes manifest, the kustomization, the checklist and the
/// secret files (values redacted) of every bundled stack.
#[test]
fn kubernetes_artifacts_match_their_snapshots() {
  for stack in stacks() {
    let (directory, settings) = build_for(&stack, "kubernetes");
    let out = directory.path().join("out");
    let mut files: Vec<String> = fs::read_dir(&out)
      .unwrap()
      .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
      .filter(|file| file.ends_with(".yaml") || file == "CHECKLIST.md")
      .collect();
    if let Ok(secrets) = fs::read_dir(out.join("secrets")) {
      files.extend(
        secrets.map(|entry| format!("secrets/{}", entry.unwrap().file_name().to_string_lossy())),
      );
    }
    files.sort();
    snapshot(&settings, &out, &files);
  }
}

#[test]
fn artifacts_match_their_snapshots() {
  for stack in stacks() {
    let name = stack
      .trim_start_matches("stacks/")
      .trim_end_matches(".toml");
    let profiles: &[Option<&str>] = if name == "borgstack" {
      &[None, Some("development")]
    } else {
      &[None]
    };
    for profile in profiles {
      let directory = tempfile::tempdir().unwrap();
      fs::copy(
        root().join(&stack),
        directory.path().join(format!("{name}.toml")),
      )
      .unwrap();
      let mut arguments = vec![
        "build".to_owned(),
        format!("{name}.toml"),
        "--out".into(),
        "out".into(),
      ];
      if let Some(profile) = profile {
        arguments.extend(["--profile".into(), (*profile).into()]);
      }
      let output = stackc_in(directory.path(), &arguments, &[]);
      assert_eq!(output.status, 0, "{stack}: {}", output.stderr);
      let folder = match profile {
        Some(profile) => format!("../snapshots/{name}-{profile}"),
        None => format!("../snapshots/{name}"),
      };
      let mut settings = insta::Settings::clone_current();
      settings.set_snapshot_path(folder);
      settings.set_prepend_module_to_snapshot(false);
      settings.set_omit_expression(true);
      let out = directory.path().join("out");
      let mut files = vec![
        ".env",
        ".env.example",
        "CHECKLIST.md",
        "Caddyfile",
        "docker-compose.yml",
        "postgresql/provision.sh",
        "postgresql/provision.sql",
        "postgresql/backup.sh",
        "mongodb/provision.js",
        "mongodb/backup.sh",
        "orchestratai/agents.json",
      ];
      let profile_files =
        profile.map(|p| [format!("docker-compose.{p}.yml"), format!("Caddyfile.{p}")]);
      if let Some(extra) = &profile_files {
        files.extend(extra.iter().map(String::as_str));
      }
      for file in files {
        let Ok(contents) = fs::read_to_string(out.join(file)) else {
          continue;
        };
        let contents = if file == ".env" {
          redact(&contents)
        } else {
          contents
        };
        let snapshot = file.trim_start_matches('.').replace('/', "-");
        settings.bind(|| insta::assert_snapshot!(snapshot, contents));
      }
    }
  }
}
