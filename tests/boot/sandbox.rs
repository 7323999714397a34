//! A private world for the booted services: one PID, mount and network
//! namespace (util-linux `unshare`) with a loopback of its own, so that no
//! port a service binds collides with anything else on the machine, and
//! nothing outlives the test: when the namespace's first process dies, the
//! kernel kills every other process in it, and its mounts go with it.
//!
//! Every compose service gets an address of its own, 127.0.1.N, and the
//! name-to-address table every container sees as `/etc/hosts`, as compose's
//! network DNS would answer.

use std::{
  collections::BTreeMap,
  fs,
  os::unix::process::CommandExt,
  path::{Path, PathBuf},
  process::{Child, Command, Stdio},
  time::{Duration, Instant},
};

pub struct Sandbox {
  holder: Child,
  /// The namespace's first process, as the machine numbers it.
  pid: u32,
  addresses: BTreeMap<String, String>,
  pub directory: tempfile::TempDir,
}

impl Sandbox {
  pub fn start(services: &[String]) -> Self {
    assert!(
      Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| output.stdout == b"0\n"),
      "the boot test makes namespaces and mounts: run it as root, as .ci/run does"
    );
    let directory = tempfile::Builder::new()
      .prefix("stackc-boot-")
      .tempdir_in("/tmp")
      .unwrap();
    let addresses: BTreeMap<String, String> = services
      .iter()
      .enumerate()
      .map(|(index, name)| (name.clone(), format!("127.0.1.{}", index + 1)))
      .collect();
    let mut hosts = String::from("127.0.0.1\tlocalhost\n");
    for (name, address) in &addresses {
      hosts.push_str(&format!("{address}\t{name}\n"));
    }
    fs::write(directory.path().join("hosts"), hosts).unwrap();
    let mut command = Command::new("unshare");
    command
      .args([
        "--pid",
        "--fork",
        "--kill-child",
        "--mount",
        "--mount-proc",
        "--net",
        "--propagation",
        "private",
        "sh",
        "-c",
        "ip link set lo up && mount --bind \"$1\" /etc/hosts && exec sleep 86400",
        "sh",
      ])
      .arg(directory.path().join("hosts"))
      .stdin(Stdio::null());
    // The namespace dies with the test even if the test process is killed.
    unsafe {
      command.pre_exec(|| {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
        Ok(())
      });
    }
    let holder = command.spawn().expect("util-linux unshare runs");
    let pid = child_of(holder.id(), Duration::from_secs(10));
    let sandbox = Sandbox {
      holder,
      pid,
      addresses,
      directory,
    };
    // Ready when the loopback is up and the table mounted.
    let started = Instant::now();
    while !sandbox
      .command("sh")
      .args([
        "-c",
        "ip -o addr show lo | grep -q 127.0.0.1 && grep -q 127.0.1.1 /etc/hosts",
      ])
      .status()
      .unwrap()
      .success()
    {
      assert!(
        started.elapsed() < Duration::from_secs(10),
        "the sandbox never came up"
      );
      std::thread::sleep(Duration::from_millis(50));
    }
    sandbox
  }

  /// A service's address inside the sandbox.
  pub fn address(&self, service: &str) -> &str {
    &self.addresses[service]
  }

  pub fn hosts(&self) -> PathBuf {
    self.directory.path().join("hosts")
  }

  /// `program`, run inside the sandbox's namespaces on the machine's own
  /// files (for the test's probes: curl, say).
  pub fn command(&self, program: &str) -> Command {
    let mut command = self.enter();
    command.arg(program);
    command
  }

  /// `nsenter` into the sandbox, for a container's launcher.
  pub fn enter(&self) -> Command {
    let words = self.enter_words();
    let mut command = Command::new(&words[0]);
    command.args(&words[1..]);
    command
  }

  /// The words of `enter`, for a command built elsewhere.
  pub fn enter_words(&self) -> Vec<String> {
    [
      "nsenter",
      "--target",
      &self.pid.to_string(),
      "--pid",
      "--mount",
      "--net",
      "--",
    ]
    .map(str::to_owned)
    .to_vec()
  }

  pub fn path(&self) -> &Path {
    self.directory.path()
  }
}

impl Drop for Sandbox {
  fn drop(&mut self) {
    // Killing unshare kills its child (--kill-child), the namespace's first
    // process; the kernel then kills every process left in the namespace.
    let _ = self.holder.kill();
    let _ = self.holder.wait();
    let started = Instant::now();
    while Path::new(&format!("/proc/{}", self.pid)).exists()
      && started.elapsed() < Duration::from_secs(10)
    {
      std::thread::sleep(Duration::from_millis(20));
    }
  }
}

/// The first child of process `parent`, waited for.
pub fn child_of(parent: u32, limit: Duration) -> u32 {
  let started = Instant::now();
  loop {
    let children =
      fs::read_to_string(format!("/proc/{parent}/task/{parent}/children")).unwrap_or_default();
    if let Some(child) = children.split_whitespace().next() {
      return child.parse().unwrap();
    }
    assert!(
      started.elapsed() < limit,
      "process {parent} started no child within {limit:?}"
    );
    std::thread::sleep(Duration::from_millis(10));
  }
}
