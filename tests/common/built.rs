//! A bundled stack built in a scratch directory, and the real tools that
//! read what it wrote.

use {
  super::{root, stackc_in},
  std::{
    collections::BTreeMap,
    fs,
    path::{Path, PathBuf},
    process::Command,
  },
};

/// A bundled stack built in a scratch copy of `stacks/`, so that its secrets
/// store is created there and not in the repository.
pub struct Built {
  pub _directory: tempfile::TempDir,
  pub out: PathBuf,
}

pub fn build(stack: &str, profile: Option<&str>, environment: &[(&str, &str)]) -> Built {
  build_for(stack, "compose", profile, environment)
}

/// A bundled stack built for `--target target`, in a copy of `stacks/`.
pub fn build_for(
  stack: &str,
  target: &str,
  profile: Option<&str>,
  environment: &[(&str, &str)],
) -> Built {
  let directory = tempfile::tempdir().unwrap();
  let copy = directory.path().join("stacks");
  fs::create_dir(&copy).unwrap();
  for entry in fs::read_dir(root().join("stacks")).unwrap() {
    let path = entry.unwrap().path();
    if path.is_file() {
      fs::copy(&path, copy.join(path.file_name().unwrap())).unwrap();
    }
  }
  let out = directory.path().join("out");
  let mut arguments = vec![
    "build".to_owned(),
    copy
      .join(Path::new(stack).file_name().unwrap())
      .display()
      .to_string(),
  ];
  arguments.extend(["--out".to_owned(), out.display().to_string()]);
  arguments.extend(["--target".to_owned(), target.to_owned()]);
  if let Some(profile) = profile {
    arguments.extend(["--profile".to_owned(), profile.to_owned()]);
  }
  let output = stackc_in(directory.path(), &arguments, environment);
  assert_eq!(output.status, 0, "build {stack}: {}", output.stderr);
  Built {
    _directory: directory,
    out,
  }
}

pub fn tool(name: &str) -> Command {
  let found = Command::new("sh")
    .args(["-c", &format!("command -v {name}")])
    .output()
    .is_ok_and(|output| output.status.success());
  assert!(
    found,
    "{name} is not installed: run .ci/run, which installs it"
  );
  Command::new(name)
}

pub fn run(mut command: Command) -> String {
  let output = command.output().expect("the tool runs");
  assert!(
    output.status.success(),
    "{command:?} failed:\n{}{}",
    String::from_utf8_lossy(&output.stdout),
    String::from_utf8_lossy(&output.stderr)
  );
  String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn compose_files(profile: Option<&str>) -> Vec<String> {
  let mut files = vec!["docker-compose.yml".to_owned()];
  if let Some(profile) = profile {
    files.push(format!("docker-compose.{profile}.yml"));
  }
  files
}

/// The configuration docker-compose resolves, `.env` interpolated.
pub fn compose_config(built: &Built, profile: Option<&str>) -> serde_norway::Value {
  let mut command = tool("docker-compose");
  command.current_dir(&built.out).args(["--env-file", ".env"]);
  for file in compose_files(profile) {
    command.args(["-f", &file]);
  }
  command.arg("config");
  serde_norway::from_str(&run(command)).expect("docker-compose prints YAML")
}

/// A service's environment as its container receives it. `docker-compose
/// config` prints compose syntax, where a literal `$` is written `$$`.
pub fn environment_of(config: &serde_norway::Value, service: &str) -> BTreeMap<String, String> {
  let environment = &config["services"][service]["environment"];
  if environment.is_null() {
    return BTreeMap::new();
  }
  let environment: BTreeMap<String, String> =
    serde_norway::from_value(environment.clone()).expect("a map of strings");
  environment
    .into_iter()
    .map(|(key, value)| (key, value.replace("$$", "$")))
    .collect()
}
