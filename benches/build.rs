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

/// Peak resident memory of the largest child process waited for so far, in KiB.
fn children_peak_kib() -> i64 {
  // SAFETY: getrusage writes into the zeroed struct it is given.
  unsafe {
    let mut usage: libc::rusage = std::mem::zeroed();
    libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
    usage.ru_maxrss
  }
}

fn build(directory: &Path) -> Duration {
  let start = Instant::now();
  let status = Command::new(env!("CARGO_BIN_EXE_stackc"))
    .args(["build", "stack.toml", "--out", "out"])
    .current_dir(directory)
    .stderr(std::process::Stdio::null())
    .status()
    .expect("stackc runs");
  let elapsed = start.elapsed();
  assert!(status.success(), "the benchmark stack builds");
  elapsed
}

fn measure(name: &str, stack: &str, runs: usize) {
  let directory = tempfile::tempdir().unwrap();
  std::fs::write(directory.path().join("stack.toml"), stack).unwrap();
  // The first build generates the secrets; the timed ones reuse them, as
  // every build after the first does.
  build(directory.path());
  let mut times: Vec<Duration> = (0..runs).map(|_| build(directory.path())).collect();
  times.sort();
  let peak = children_peak_kib();
  println!(
    "{name:<22} {:>6} bytes  median {:>9.2} ms  fastest {:>9.2} ms  peak memory {:>7.1} MiB",
    stack.len(),
    times[runs / 2].as_secs_f64() * 1000.0,
    times[0].as_secs_f64() * 1000.0,
    peak as f64 / 1024.0
  );
}

/// The median wall time of `runs` runs of `command` (program, arguments) in
/// `directory`; `None` when the program is not installed.
fn median_of(directory: &Path, command: &[&str], runs: usize) -> Option<Duration> {
  let mut times = Vec::with_capacity(runs);
  for _ in 0..runs {
    let start = Instant::now();
    let status = Command::new(command[0])
      .args(&command[1..])
      .current_dir(directory)
      .stdout(std::process::Stdio::null())
      .stderr(std::process::Stdio::null())
      .status()
      .ok()?;
    times.push(start.elapsed());
    assert!(status.success(), "{command:?} succeeds");
  }
  times.sort();
  Some(times[runs / 2])
}

/// stackc against the tools that consume what it writes, on the same
/// stack and in the same run, as ratios: the speed goals are relative.
fn against_the_tools(borgstack: &str) {
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
  for (tool, ours) in [
    ("caddy adapt", "stackc check"),
    ("caddy adapt", "stackc build (unchanged)"),
    ("docker-compose config -q", "stackc check"),
  ] {
    if let (Some(tool_time), Some(our_time)) = (time(tool), time(ours)) {
      println!(
        "{ours} is {:.1}x faster than {tool}",
        tool_time.as_secs_f64() / our_time.as_secs_f64()
      );
    }
  }
  println!();
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
  for (count, runs) in [(10, 51), (100, 21), (1_000, 7), (10_000, 3)] {
    measure(
      &format!("{count} custom services"),
      &generated_stack(count),
      runs,
    );
  }
  println!();
  // Last: the peak memory above is of stackc alone.
  against_the_tools(&borgstack);
}
