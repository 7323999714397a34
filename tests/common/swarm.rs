//! A real Docker engine on a private socket, made a one-node Swarm manager:
//! Debian's `dockerd` (20.10) in a temporary folder, without iptables,
//! bridge or overlay storage drivers, which this sandbox lacks.
//!
//! Each engine runs in namespaces of its own (`unshare`), so that engines
//! of this run and of any other run on the machine cannot meet: a network
//! namespace for its vxlan devices, bridges, veths and the swarm's ports
//! (2377, 7946, 4789), all of which two daemons in one namespace fight over
//! ("error creating vxlan interface: file exists": each swarm numbers its
//! VNIs from 4096); a mount namespace for the network namespaces it mounts
//! under its exec root, and with a tmpfs on `/run` (`/run/docker/plugins`,
//! containerd's shim sockets in `/run/containerd/s`) and on `/etc/docker`
//! (20.10 writes `key.json` there whatever its data root); and a PID
//! namespace whose init is dockerd, so that when it ends the kernel ends
//! containerd, the shims and the containers with it. The overlay subnets
//! are then the same in every engine (10.0.0.0/24 and on) and need not
//! differ: each set lives behind its own namespace, with its own routes.
//! Its containers' cgroups go under a parent named after the folder, which
//! dropping the engine removes.

use std::{
  collections::BTreeSet,
  os::unix::process::CommandExt,
  path::{Path, PathBuf},
  process::{Child, Command, Output, Stdio},
  time::{Duration, Instant},
};

pub struct Engine {
  directory: tempfile::TempDir,
  /// `unshare`, whose one child is dockerd, the namespaces' init.
  namespaces: Child,
  /// The cgroup under which dockerd puts its containers.
  cgroup: String,
}

/// Debian's docker CLI (20.10), beside whatever newer CLI is first on PATH.
pub const DEBIAN_DOCKER: &str = "/usr/bin/docker";

/// Run in the new namespaces before dockerd: loopback up (the swarm
/// advertises 127.0.0.1), and private `/run` and `/etc/docker`.
const INSIDE: &str = "set -e
ip link set lo up
mount -t tmpfs -o mode=0755 tmpfs /run
mount -t tmpfs -o mode=0755 tmpfs /etc/docker
exec dockerd \"$@\"";

impl Engine {
  /// Starts an engine. Drop it on the thread that started it: the engine
  /// is killed when that thread ends, so that a test killed before its
  /// drops ran leaves no daemon behind.
  pub fn start() -> Self {
    assert!(
      Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| output.stdout == b"0\n"),
      "a Docker engine needs root: run the tests as .ci/run does"
    );
    let directory = tempfile::Builder::new()
      .prefix("stackc-swarm-")
      .tempdir_in("/tmp")
      .unwrap();
    let path = directory.path();
    let cgroup = path.file_name().unwrap().to_str().unwrap().to_owned();
    let log = std::fs::File::create(path.join("dockerd.log")).unwrap();
    let mut command = Command::new("unshare");
    command
      .args([
        "--net",
        "--mount",
        "--pid",
        "--fork",
        "--mount-proc",
        // dockerd dies with unshare, and so the whole PID namespace.
        "--kill-child",
        "--",
        "sh",
        "-c",
        INSIDE,
        "sh",
      ])
      .arg("-H")
      .arg(format!("unix://{}", path.join("sock").display()))
      .arg("--data-root")
      .arg(path.join("root"))
      .arg("--exec-root")
      .arg(path.join("exec"))
      .arg("--pidfile")
      .arg(path.join("dockerd.pid"))
      .arg("--cgroup-parent")
      .arg(format!("/{cgroup}"))
      .args([
        "--iptables=false",
        "--ip6tables=false",
        "--bridge=none",
        "--storage-driver=vfs",
      ])
      .stdout(Stdio::null())
      .stderr(log);
    // SAFETY: prctl is async-signal-safe and touches no memory of ours.
    unsafe {
      command.pre_exec(|| {
        // unshare, and through --kill-child the namespace, dies with the
        // thread that started it, even if that thread never drops it.
        if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) == -1 {
          return Err(std::io::Error::last_os_error());
        }
        Ok(())
      });
    }
    let namespaces = command
      .spawn()
      .expect("dockerd is installed: run .ci/run, which installs docker.io");
    let engine = Engine {
      directory,
      namespaces,
      cgroup,
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

  /// dockerd's process id on the host: unshare's one child.
  fn daemon(&self) -> Option<u32> {
    let id = self.namespaces.id();
    std::fs::read_to_string(format!("/proc/{id}/task/{id}/children"))
      .ok()?
      .split_whitespace()
      .next()?
      .parse()
      .ok()
  }

  /// The network interfaces of this engine's own namespace.
  pub fn interfaces(&self) -> BTreeSet<String> {
    interfaces_of(&self.daemon().expect("dockerd runs").to_string())
  }
}

/// The names of the network interfaces in the namespace of `process`.
fn interfaces_of(process: &str) -> BTreeSet<String> {
  let output = Command::new("nsenter")
    .args(["-t", process, "-n", "ip", "-o", "link"])
    .output()
    .unwrap();
  assert!(output.status.success(), "{output:?}");
  // "4: eth0: <...> ..." or "7: veth1@if6: <...>": the name, without its peer.
  String::from_utf8(output.stdout)
    .unwrap()
    .lines()
    .filter_map(|line| line.split(": ").nth(1))
    .map(|name| name.split('@').next().unwrap().to_owned())
    .collect()
}

/// The interfaces of the machine's own network namespace (this process's).
pub fn host_interfaces() -> BTreeSet<String> {
  interfaces_of(&std::process::id().to_string())
}

/// The host's vxlan devices, bridges and veths: what an engine sharing the
/// host's namespace would add.
pub fn host_overlay_interfaces() -> BTreeSet<String> {
  let output = Command::new("ip")
    .args(["-o", "-d", "link"])
    .output()
    .unwrap();
  String::from_utf8(output.stdout)
    .unwrap()
    .lines()
    .filter(|line| {
      [" vxlan ", " bridge ", " veth "]
        .iter()
        .any(|kind| line.contains(kind))
    })
    .filter_map(|line| line.split(": ").nth(1))
    .map(|name| name.split('@').next().unwrap().to_owned())
    .collect()
}

/// Removes `folder`, a cgroup, and the cgroups under it, deepest first: a
/// cgroup's files go with it, and `rmdir` is all it takes.
fn remove_cgroup(folder: &Path) {
  let Ok(entries) = std::fs::read_dir(folder) else {
    return;
  };
  for entry in entries.flatten() {
    if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
      remove_cgroup(&entry.path());
    }
  }
  // A killed container's cgroup stays busy for a moment after it exits.
  let start = Instant::now();
  while std::fs::remove_dir(folder).is_err() && start.elapsed() < Duration::from_secs(10) {
    std::thread::sleep(Duration::from_millis(100));
  }
}

impl Drop for Engine {
  fn drop(&mut self) {
    let _ = self.docker(["swarm", "leave", "--force"]);
    // A daemon asked to stop stops its containers and containerd first.
    if let Some(daemon) = self.daemon() {
      let _ = Command::new("kill").arg(daemon.to_string()).status();
    }
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
      if let Ok(Some(_)) = self.namespaces.try_wait() {
        break;
      }
      std::thread::sleep(Duration::from_millis(200));
    }
    // Otherwise killing unshare kills dockerd, and the end of the PID
    // namespace's init every process left in it; the network and mount
    // namespaces, with their interfaces and mounts, go with the last.
    let _ = self.namespaces.kill();
    let _ = self.namespaces.wait();
    let Ok(hierarchies) = std::fs::read_dir("/sys/fs/cgroup") else {
      return;
    };
    // cgroup v1 has one hierarchy a controller, v2 the one.
    remove_cgroup(&Path::new("/sys/fs/cgroup").join(&self.cgroup));
    for hierarchy in hierarchies.flatten() {
      remove_cgroup(&hierarchy.path().join(&self.cgroup));
    }
  }
}
