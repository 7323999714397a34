//! A real Docker engine on a private socket, made a one-node Swarm manager:
//! Debian's `dockerd` (20.10) in a temporary folder, without iptables,
//! bridge or overlay storage drivers, which this sandbox lacks. Dropping
//! it leaves the swarm and stops the daemon.

use std::{
  path::{Path, PathBuf},
  process::{Child, Command, Output, Stdio},
  sync::Mutex,
  time::{Duration, Instant},
};

/// One engine at a time: two daemons would race for the machine's
/// network namespaces and mounts.
static ONE_ENGINE: Mutex<()> = Mutex::new(());

pub struct Engine {
  directory: tempfile::TempDir,
  daemon: Child,
  _turn: std::sync::MutexGuard<'static, ()>,
}

/// Debian's docker CLI (20.10), beside whatever newer CLI is first on PATH.
pub const DEBIAN_DOCKER: &str = "/usr/bin/docker";

impl Engine {
  pub fn start() -> Self {
    let turn = ONE_ENGINE
      .lock()
      .unwrap_or_else(|poisoned| poisoned.into_inner());
    assert!(
      Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| output.stdout == b"0\n"),
      "a Docker engine needs root: run the tests as .ci/run does"
    );
    // What a killed test run left behind would refuse this daemon's networks.
    unmount_under("/tmp/stackc-swarm-");
    let directory = tempfile::Builder::new()
      .prefix("stackc-swarm-")
      .tempdir_in("/tmp")
      .unwrap();
    let path = directory.path();
    let log = std::fs::File::create(path.join("dockerd.log")).unwrap();
    let daemon = Command::new("dockerd")
      .arg("-H")
      .arg(format!("unix://{}", path.join("sock").display()))
      .arg("--data-root")
      .arg(path.join("root"))
      .arg("--exec-root")
      .arg(path.join("exec"))
      .arg("--pidfile")
      .arg(path.join("dockerd.pid"))
      .args([
        "--iptables=false",
        "--ip6tables=false",
        "--bridge=none",
        "--storage-driver=vfs",
      ])
      .stdout(Stdio::null())
      .stderr(log)
      .spawn()
      .expect("dockerd is installed: run .ci/run, which installs docker.io");
    let engine = Engine {
      directory,
      daemon,
      _turn: turn,
    };
    engine.wait_for("the daemon to answer", Duration::from_secs(60), || {
      engine.docker(["version"]).status.success()
    });
    engine.ok(["swarm", "init", "--advertise-addr", "127.0.0.1"]);
    engine
  }

  pub fn host(&self) -> String {
    format!("unix://{}", self.directory.path().join("sock").display())
  }

  pub fn log(&self) -> String {
    std::fs::read_to_string(self.directory.path().join("dockerd.log")).unwrap_or_default()
  }

  /// A `docker` command (the first on PATH) against this engine.
  pub fn command(&self, program: &str) -> Command {
    let mut command = Command::new(program);
    command.env("DOCKER_HOST", self.host());
    command
  }

  pub fn docker<I, S>(&self, arguments: I) -> Output
  where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
  {
    self.command("docker").args(arguments).output().unwrap()
  }

  /// Runs docker and returns its stdout; fails the test if it fails.
  pub fn ok<I, S>(&self, arguments: I) -> String
  where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
  {
    let arguments: Vec<std::ffi::OsString> = arguments
      .into_iter()
      .map(|a| a.as_ref().to_owned())
      .collect();
    let output = self.docker(&arguments);
    assert!(
      output.status.success(),
      "docker {arguments:?}: {}{}",
      String::from_utf8_lossy(&output.stdout),
      String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
  }

  pub fn node(&self) -> String {
    self.ok(["node", "ls", "-q"]).trim().to_owned()
  }

  /// Polls `done` until it holds; fails the test after `limit`, showing
  /// the tasks of every service and what the daemon logged.
  pub fn wait_for(&self, what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
      if start.elapsed() > limit {
        let services = self.docker(["service", "ls", "-q"]);
        let mut tasks = String::new();
        for service in String::from_utf8_lossy(&services.stdout).lines() {
          let output = self.docker(["service", "ps", "--no-trunc", service]);
          tasks.push_str(&String::from_utf8_lossy(&output.stdout));
        }
        panic!(
          "gave up waiting for {what}\ntasks:\n{tasks}\ndockerd said:\n{}",
          self.log()
        );
      }
      std::thread::sleep(Duration::from_millis(500));
    }
  }

  /// An image named `name` holding Debian's busybox-static, with the
  /// applets the wiring tests use, and a `/www` folder for httpd.
  pub fn import_busybox(&self, name: &str) {
    let rootfs = self.directory.path().join("rootfs");
    let bin = rootfs.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::create_dir_all(rootfs.join("www")).unwrap();
    std::fs::create_dir_all(rootfs.join("tmp")).unwrap();
    std::fs::copy("/bin/busybox", bin.join("busybox"))
      .expect("busybox-static is installed: run .ci/run");
    for applet in ["sh", "cat", "wget", "httpd", "sleep", "nslookup", "true"] {
      std::os::unix::fs::symlink("busybox", bin.join(applet)).unwrap();
    }
    let tar = self.directory.path().join("rootfs.tar");
    let status = Command::new("tar")
      .arg("-C")
      .arg(&rootfs)
      .arg("-cf")
      .arg(&tar)
      .arg(".")
      .status()
      .unwrap();
    assert!(status.success());
    self.ok([
      "import".as_ref(),
      "--change".as_ref(),
      "ENV PATH=/bin".as_ref(),
      tar.as_os_str(),
      name.as_ref(),
    ]);
  }

  pub fn folder(&self) -> &Path {
    self.directory.path()
  }

  pub fn socket(&self) -> PathBuf {
    self.directory.path().join("sock")
  }
}

/// Unmounts what a daemon left mounted under `folder`: the network
/// namespaces of its overlay networks, whose vxlan devices would otherwise
/// keep their network ids bound and refuse the next daemon's ("error
/// creating vxlan interface: file exists").
fn unmount_under(folder: &str) {
  let mounts = std::fs::read_to_string("/proc/self/mounts").unwrap_or_default();
  for mount in mounts.lines().filter_map(|line| line.split(' ').nth(1)) {
    if mount.starts_with(folder) {
      let _ = Command::new("umount").args(["-l", mount]).status();
    }
  }
}

impl Drop for Engine {
  fn drop(&mut self) {
    // Networks removed by the daemon itself take their devices with them.
    let stacks = self.docker(["stack", "ls", "--format", "{{.Name}}"]);
    for stack in String::from_utf8_lossy(&stacks.stdout).lines() {
      let _ = self.docker(["stack", "rm", stack]);
    }
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
      let networks = self.docker(["network", "ls", "-q", "--filter", "driver=overlay"]);
      if String::from_utf8_lossy(&networks.stdout).lines().count() <= 1 {
        break;
      }
      std::thread::sleep(Duration::from_millis(500));
    }
    let _ = self.docker(["swarm", "leave", "--force"]);
    let _ = Command::new("kill")
      .arg(self.daemon.id().to_string())
      .status();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
      if let Ok(Some(_)) = self.daemon.try_wait() {
        break;
      }
      std::thread::sleep(Duration::from_millis(200));
    }
    let _ = self.daemon.kill();
    let _ = self.daemon.wait();
    unmount_under(&self.directory.path().display().to_string());
  }
}
