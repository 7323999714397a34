//! `cargo bench`: the whole `stackc build` process, check included, on
//! `stacks/borgstack.toml` and on generated stacks of 10 to 50,000 custom
//! services. Each build runs the release binary as a separate process, as an
//! operator runs it; the figures are wall time (median and fastest of
//! several runs) and the process's peak resident memory. Then the goals of
//! issue #13: stackc against `caddy adapt` and `docker-compose config -q`
//! (see `against_the_tools` for how each pair is measured together).

use std::{
  path::Path,
  process::Command,
  time::{Duration, Instant},
};

#[path = "common/generated_stack.rs"]
mod generated_stack;
use generated_stack::generated_stack;

/// Runs `command` in `directory` and waits for it with `wait4`, which
/// gives this process's own peak resident memory: its wall time, its peak
/// in KiB, and whether it succeeded.
///
/// The bench moves into `directory` itself rather than asking `Command`
/// to: a child given a directory of its own is started by `fork` (std
/// uses `posix_spawn` only without one, in a static binary), and a fork
/// costs more the more memory the bench holds, which after the
/// 50,000-service stack added 0.2 ms to every later run of every tool.
fn run_measured(directory: &Path, command: &[&str]) -> Option<(Duration, i64, bool)> {
  std::env::set_current_dir(directory).ok()?;
  let start = Instant::now();
  let child = Command::new(command[0])
    .args(&command[1..])
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::null())
    .spawn()
    .ok()?;
  let mut status = 0;
  // SAFETY: wait4 writes into the zeroed struct and the status it is given,
  // for a child this process spawned and has not waited for.
  let usage = unsafe {
    let mut usage: libc::rusage = std::mem::zeroed();
    libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage);
    usage
  };
  let elapsed = start.elapsed();
  let success = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
  Some((elapsed, usage.ru_maxrss, success))
}

/// One `stackc build` of the stack in `directory`: wall time and peak KiB.
fn build(directory: &Path) -> (Duration, i64) {
  let stackc = env!("CARGO_BIN_EXE_stackc");
  let (time, peak, success) =
    run_measured(directory, &[stackc, "build", "stack.toml", "--out", "out"]).expect("stackc runs");
  assert!(success, "the benchmark stack builds");
  (time, peak)
}

/// Builds `stack` `runs` times after a first build (which generates the
/// secrets; the timed ones reuse them, as every build after the first
/// does); prints and returns the median time and the largest peak, and
/// the directory, which holds the built stack until it is dropped.
fn measure(name: &str, stack: &str, runs: usize) -> (Duration, i64, tempfile::TempDir) {
  let directory = tempfile::tempdir().unwrap();
  std::fs::write(directory.path().join("stack.toml"), stack).unwrap();
  build(directory.path());
  let measured: Vec<(Duration, i64)> = (0..runs).map(|_| build(directory.path())).collect();
  let mut times: Vec<Duration> = measured.iter().map(|(time, _)| *time).collect();
  times.sort();
  let peak = measured.iter().map(|(_, peak)| *peak).max().unwrap_or(0);
  println!(
    "{name:<22} {:>9} bytes  median {:>9.2} ms  fastest {:>9.2} ms  peak memory {:>7.1} MiB",
    stack.len(),
    times[runs / 2].as_secs_f64() * 1000.0,
    times[0].as_secs_f64() * 1000.0,
    peak as f64 / 1024.0
  );
  (times[runs / 2], peak, directory)
}

/// The median wall times of `commands` (each a program and its arguments,
/// run in its directory), measured in `rounds` rounds of one run of each,
/// so that every command sees the same drift of the machine's speed.
/// `None` for a program that is not installed.
fn interleaved_medians(commands: &[(&Path, Vec<&str>)], rounds: usize) -> Vec<Option<Duration>> {
  let mut times: Vec<Option<Vec<Duration>>> =
    vec![Some(Vec::with_capacity(rounds)); commands.len()];
  for _ in 0..rounds {
    for ((directory, command), times) in commands.iter().zip(&mut times) {
      let Some(list) = times else { continue };
      match run_measured(directory, command) {
        Some((time, _, success)) => {
          assert!(success, "{command:?} succeeds");
          list.push(time);
        }
        None => *times = None,
      }
    }
  }
  times
    .into_iter()
    .map(|times| {
      let mut times = times?;
      times.sort();
      Some(times[times.len() / 2])
    })
    .collect()
}

/// stackc against the tools that consume what it writes, as ratios: the
/// speed goals are relative. The tools read borgstack's output; the
/// large-stack goal sets a build of `large` (a directory holding a built
/// stack of 10,000 services) against docker-compose on borgstack, and its
/// growth a build of `large` against one of `medium` (1,000 services).
/// The short commands (borgstack and caddy) each run 31 times in a row, as
/// in the sizes table: a few seconds in all, too short for the machine to
/// drift, while a short run just after another program starts with the
/// caches that program has emptied (stackc's unchanged build measured 2.65
/// ms after `caddy adapt` against 1.90 ms in a row). The long ones
/// (docker-compose, the builds of 1,000 and 10,000 services) take a minute
/// and run in interleaved rounds, so that they see the same drift.
fn against_the_tools(borgstack: &str, medium: &Path, large: &Path) {
  let directory = tempfile::tempdir().unwrap();
  std::fs::write(directory.path().join("stack.toml"), borgstack).unwrap();
  build(directory.path());
  let small = directory.path();
  let stackc = env!("CARGO_BIN_EXE_stackc");
  // Each row: its name, its group of rounds, its directory and command.
  let rows: [(&str, usize, &Path, Vec<&str>); 6] = [
    (
      "stackc check",
      0,
      small,
      vec![stackc, "check", "stack.toml"],
    ),
    (
      "stackc build (unchanged)",
      0,
      small,
      vec![stackc, "build", "stack.toml", "--out", "out"],
    ),
    (
      "caddy adapt",
      0,
      small,
      vec![
        "caddy",
        "adapt",
        "--config",
        "out/Caddyfile",
        "--adapter",
        "caddyfile",
      ],
    ),
    (
      "docker-compose config -q",
      1,
      small,
      vec![
        "docker-compose",
        "--env-file",
        "out/.env",
        "-f",
        "out/docker-compose.yml",
        "config",
        "-q",
      ],
    ),
    (
      "stackc build, 1,000 services",
      1,
      medium,
      vec![stackc, "build", "stack.toml", "--out", "out"],
    ),
    (
      "stackc build, 10,000 services",
      1,
      large,
      vec![stackc, "build", "stack.toml", "--out", "out"],
    ),
  ];
  // Each group: its number of runs, and whether its commands take turns.
  let groups = [(31, false), (21, true)];
  let mut measured: Vec<(&str, Option<Duration>)> =
    rows.iter().map(|(name, ..)| (*name, None)).collect();
  for (group, (runs, interleaved)) in groups.into_iter().enumerate() {
    let members: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].1 == group).collect();
    let commands: Vec<(&Path, Vec<&str>)> = members
      .iter()
      .map(|&i| (rows[i].2, rows[i].3.clone()))
      .collect();
    let medians: Vec<Option<Duration>> = if interleaved {
      interleaved_medians(&commands, runs)
    } else {
      // Each command on its own: its runs follow one another.
      commands
        .chunks(1)
        .flat_map(|command| interleaved_medians(command, runs))
        .collect()
    };
    for (i, median) in members.into_iter().zip(medians) {
      measured[i].1 = median;
    }
  }
  println!(
    "stacks/borgstack.toml against the tools it feeds (medians of {} runs in a row; of {} interleaved rounds from docker-compose on):",
    groups[0].0, groups[1].0
  );
  for (name, time) in &measured {
    match time {
      Some(time) => println!("{name:<30} {:>9.2} ms", time.as_secs_f64() * 1000.0),
      None => println!("{name:<30} not installed"),
    }
  }
  let time = |name: &str| {
    measured
      .iter()
      .find(|(n, _)| *n == name)
      .and_then(|(_, t)| *t)
  };
  println!();
  println!("{:<60} {:>8}      goal", "", "measured");
  for (tool, ours, goal) in [
    ("caddy adapt", "stackc check", 12.0),
    ("caddy adapt", "stackc build (unchanged)", 8.0),
    (
      "docker-compose config -q",
      "stackc build, 10,000 services",
      1.0,
    ),
  ] {
    match (time(tool), time(ours)) {
      (Some(tool_time), Some(our_time)) => verdict(
        &format!("{ours} vs {tool}"),
        tool_time.as_secs_f64() / our_time.as_secs_f64(),
        Goal::AtLeast(goal),
        "x",
      ),
      _ => println!(
        "{:<60} not measured: {} is not installed (scripts/install-test-tools)",
        format!("{ours} vs {tool}"),
        tool.split(' ').next().unwrap_or(tool)
      ),
    }
  }
  if let (Some(medium), Some(large)) = (
    time("stackc build, 1,000 services"),
    time("stackc build, 10,000 services"),
  ) {
    println!(
      "growth of a build from 1,000 to 10,000 services: time x{:.1} (linear: x10)",
      large.as_secs_f64() / medium.as_secs_f64()
    );
  }
}

/// Which way a goal points.
#[derive(Clone, Copy)]
enum Goal {
  AtLeast(f64),
  Below(f64),
}

/// One line of the goals table: `measured` against `goal`.
fn verdict(what: &str, measured: f64, goal: Goal, unit: &str) {
  let (met, sign, bound) = match goal {
    Goal::AtLeast(bound) => (measured >= bound, ">=", bound),
    Goal::Below(bound) => (measured < bound, "<", bound),
  };
  let mark = if met { "met" } else { "NOT MET" };
  println!("{what:<60} {measured:>8.1}{unit:<4} {sign} {bound}{unit}  {mark}");
}

fn main() {
  // `cargo test` runs benchmarks once with `--test`-like flags; only
  // `cargo bench` (which passes `--bench`) measures.
  if !std::env::args().any(|argument| argument == "--bench") {
    return;
  }
  let borgstack = std::fs::read_to_string(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/stacks/borgstack.toml"
  ))
  .unwrap();
  println!("stackc build, whole process (check, render, atomic write):");
  measure("stacks/borgstack.toml", &borgstack, 51);
  let mut sizes = Vec::new();
  for (count, runs) in [(10, 51), (100, 21), (1_000, 11), (10_000, 5), (50_000, 3)] {
    let (_, peak, directory) = measure(
      &format!("{count} custom services"),
      &generated_stack(count),
      runs,
    );
    // The 1,000- and 10,000-service stacks are built again beside the tools.
    let kept = matches!(count, 1_000 | 10_000).then_some(directory);
    sizes.push((count, peak, kept));
  }
  println!();
  let at = |count| sizes.iter().find(|(n, _, _)| *n == count);
  let (Some((_, medium_peak, Some(medium))), Some((_, large_peak, Some(large)))) =
    (at(1_000), at(10_000))
  else {
    unreachable!("the 1,000- and 10,000-service stacks were measured")
  };
  against_the_tools(&borgstack, medium.path(), large.path());
  verdict(
    "peak memory of a build of 10,000 services",
    *large_peak as f64 / 1024.0,
    Goal::Below(100.0),
    " MiB",
  );
  println!(
    "growth of the peak from 1,000 to 10,000 services: x{:.1} (linear: x10)",
    *large_peak as f64 / *medium_peak as f64
  );
}
