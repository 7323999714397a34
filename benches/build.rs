//! `cargo bench`: the whole `stackc build` process, check included, on
//! `stacks/borgstack.toml` and on generated stacks of 10 to 10,000 custom
//! services. Each build runs the release binary as a separate process, as an
//! operator runs it; the figures are wall time (median and fastest of
//! several runs) and the process's peak resident memory.

use std::{
  fmt::Write,
  path::Path,
  process::Command,
  time::{Duration, Instant},
};

/// A stack with `count` custom services, each routed, depending on the
/// database, with a volume and a secret of its own.
fn generated_stack(count: usize) -> String {
  let mut stack = String::from(
    "version = 1\n[stack]\nname = \"bench\"\ndomain = \"example.com\"\nacme_email = \"ops@example.com\"\n\n[secrets]\n",
  );
  for index in 0..count {
    let _ = writeln!(stack, "token_{index} = {{ generate = \"alnum\" }}");
  }
  stack.push_str("\n[services.postgresql]\n[services.redis]\n[services.caddy]\n");
  for index in 0..count {
    let _ = write!(
      stack,
      "\n[services.app-{index}]\nimage = \"ghcr.io/acme/app:1.{index}.0\"\nport = 8080\nsubdomain = \"app-{index}\"\ndepends_on = [\"postgresql\", \"redis\"]\nvolumes = {{ app_{index}_data = \"/data\" }}\nhealthcheck = {{ http = \"/healthz\" }}\nenv = {{ TOKEN = \"{{{{ secrets.token_{index} }}}}\", DATABASE = \"{{{{ services.postgresql.internal_url }}}}/app_{index}\" }}\n"
    );
  }
  stack
}

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
/// does); prints and returns the median time and the largest peak.
fn measure(name: &str, stack: &str, runs: usize) -> (Duration, i64) {
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
  (times[runs / 2], peak)
}

/// The median wall time of `runs` runs of `command` (program, arguments) in
/// `directory`; `None` when the program is not installed.
fn median_of(directory: &Path, command: &[&str], runs: usize) -> Option<Duration> {
  let mut times = Vec::with_capacity(runs);
  for _ in 0..runs {
    let (time, _, success) = run_measured(directory, command)?;
    assert!(success, "{command:?} succeeds");
    times.push(time);
  }
  times.sort();
  Some(times[runs / 2])
}

/// stackc against the tools that consume what it writes, on the same
/// stack and in the same run, as ratios: the speed goals are relative.
/// Returns docker-compose's time, which the large-stack goal is set against.
fn against_the_tools(borgstack: &str) -> Option<Duration> {
  let directory = tempfile::tempdir().unwrap();
  std::fs::write(directory.path().join("stack.toml"), borgstack).unwrap();
  build(directory.path());
  let stackc = env!("CARGO_BIN_EXE_stackc");
  let runs = 31;
  let rows = [
    ("stackc check", vec![stackc, "check", "stack.toml"]),
    (
      "stackc build (unchanged)",
      vec![stackc, "build", "stack.toml", "--out", "out"],
    ),
    (
      "caddy adapt",
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
  ];
  let measured: Vec<(&str, Option<Duration>)> = rows
    .iter()
    .map(|(name, command)| (*name, median_of(directory.path(), command, runs)))
    .collect();
  println!("stacks/borgstack.toml against the tools it feeds (medians of {runs} runs):");
  for (name, time) in &measured {
    match time {
      Some(time) => println!("{name:<26} {:>9.2} ms", time.as_secs_f64() * 1000.0),
      None => println!("{name:<26} not installed"),
    }
  }
  let time = |name: &str| {
    measured
      .iter()
      .find(|(n, _)| *n == name)
      .and_then(|(_, t)| *t)
  };
  println!();
  println!("{:<52} {:>8}      goal", "", "measured");
  for (tool, ours, goal) in [
    ("caddy adapt", "stackc check", 12.0),
    ("caddy adapt", "stackc build (unchanged)", 8.0),
  ] {
    if let (Some(tool_time), Some(our_time)) = (time(tool), time(ours)) {
      verdict(
        &format!("{ours} vs {tool}"),
        tool_time.as_secs_f64() / our_time.as_secs_f64(),
        Goal::AtLeast(goal),
        "x",
      );
    }
  }
  time("docker-compose config -q")
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
  println!("{what:<52} {measured:>8.1}{unit:<4} {sign} {bound}{unit}  {mark}");
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
    let (time, peak) = measure(
      &format!("{count} custom services"),
      &generated_stack(count),
      runs,
    );
    sizes.push((count, time, peak));
  }
  println!();
  let compose = against_the_tools(&borgstack);
  let at = |count| sizes.iter().find(|(n, _, _)| *n == count).copied();
  if let (Some((_, time, peak)), Some(compose)) = (at(10_000), compose) {
    verdict(
      "build of 10,000 services vs docker-compose config -q",
      compose.as_secs_f64() / time.as_secs_f64(),
      Goal::AtLeast(1.0),
      "x",
    );
    verdict(
      "peak memory of a build of 10,000 services",
      peak as f64 / 1024.0,
      Goal::Below(100.0),
      " MiB",
    );
  }
  if let (Some((_, small_time, small_peak)), Some((_, large_time, large_peak))) =
    (at(1_000), at(10_000))
  {
    let growth = large_time.as_secs_f64() / small_time.as_secs_f64();
    println!(
      "growth from 1,000 to 10,000 services: time x{growth:.1}, peak memory x{:.1} (linear: x10)",
      large_peak as f64 / small_peak as f64
    );
  }
}
