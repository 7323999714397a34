//! The checklist's `docker compose` commands, run as written on the boot's
//! containers: `up -d [SERVICE…]` and `run --rm [-e K=V]… [--entrypoint E]
//! SERVICE [ARG…]`. Anything else in a command fails the test, so that a
//! checklist step the boot cannot follow is noticed rather than skipped.

use super::compose_up::Compose;

/// Runs the command in backticks on the first line holding `marker`.
pub fn run_line(
  compose: &mut Compose,
  checklist: &str,
  marker: &str,
  all: &[&str],
  stamp: Option<&str>,
) {
  let line = checklist
    .lines()
    .find(|line| line.contains(marker) && line.contains("`docker compose"))
    .unwrap_or_else(|| panic!("the checklist has no command at {marker:?}"));
  let command = line
    .split_once("`docker compose")
    .unwrap()
    .1
    .split_once('`')
    .unwrap()
    .0;
  run(compose, &format!("docker compose{command}"), all, stamp);
}

/// Runs each command of the first `sh` block after the line `heading`.
pub fn run_block(
  compose: &mut Compose,
  checklist: &str,
  heading: &str,
  all: &[&str],
  stamp: Option<&str>,
) {
  let section = checklist
    .split_once(&format!("\n{heading}\n"))
    .unwrap_or_else(|| panic!("the checklist has no {heading:?}"))
    .1;
  let block = section
    .split_once("```sh\n")
    .unwrap()
    .1
    .split_once("```")
    .unwrap()
    .0;
  for command in block.lines() {
    run(compose, command, all, stamp);
  }
}

fn run(compose: &mut Compose, command: &str, all: &[&str], stamp: Option<&str>) {
  let command = match stamp {
    Some(stamp) => command.replace("STAMP", stamp),
    None => command.to_owned(),
  };
  let words = shlex::split(&command).unwrap_or_else(|| panic!("not shell words: {command}"));
  let words: Vec<&str> = words.iter().map(String::as_str).collect();
  let ["docker", "compose", "-p", _, verb, rest @ ..] = words.as_slice() else {
    panic!("not a `docker compose -p NAME` command: {command}");
  };
  match *verb {
    "up" => {
      let ["-d", services @ ..] = rest else {
        panic!("`up` without -d: {command}");
      };
      compose.up(if services.is_empty() { all } else { services });
    }
    "run" => {
      let ["--rm", options @ ..] = rest else {
        panic!("`run` without --rm: {command}");
      };
      let mut rest = options;
      let mut environment = Vec::new();
      let mut entrypoint = None;
      loop {
        match rest {
          ["-e", pair, more @ ..] => {
            environment.push(pair.split_once('=').expect("-e K=V"));
            rest = more;
          }
          ["--entrypoint", program, more @ ..] => {
            entrypoint = Some(*program);
            rest = more;
          }
          _ => break,
        }
      }
      let [service, arguments @ ..] = rest else {
        panic!("`run` without a service: {command}");
      };
      let arguments: Vec<String> = arguments.iter().map(|word| word.to_string()).collect();
      compose.run(service, &environment, entrypoint, &arguments);
    }
    other => panic!("the boot cannot follow `{other}`: {command}"),
  }
}
