//! A container as Docker makes one, from a compose service and the image it
//! names: a root of its own (overlayfs over the image's files, so that what
//! the service writes outside its volumes stays in this container), the
//! service's volumes and bind mounts at their paths, `/etc/hosts` from the
//! sandbox, `/proc`, `/dev` and a private `/tmp`; then the image's user,
//! working directory and environment (the image's, then the service's), and
//! its entrypoint and command. `exec` is `docker exec`: the same namespaces,
//! root, directory, user and environment.

use {
  super::{
    image::{Image, STANDARD_PATH},
    model::{Mount, Service},
    sandbox::{Sandbox, child_of},
  },
  std::{
    fs,
    os::unix::fs::{MetadataExt, chown},
    path::{Path, PathBuf},
    process::{Child, Command, ExitStatus, Output, Stdio},
    time::{Duration, Instant},
  },
};

/// Mounts the container's root and execs its process: run as root in a
/// mount namespace of its own, inside the sandbox's.
const LAUNCH: &str = r#"set -eu
container_path=$PATH; PATH=/usr/sbin:/usr/bin:/sbin:/bin
root=$1 lower=$2 upper=$3 work=$4 hosts=$5 user=$6 directory=$7; shift 7
mount -t overlay overlay -o "lowerdir=$lower,upperdir=$upper,workdir=$work" "$root"
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
mount --bind "$hosts" "$root/etc/hosts"
while [ "$1" != -- ]; do
  source=$1 target=$root$2 mode=$3; shift 3
  if [ -d "$source" ]; then mkdir -p "$target"; else mkdir -p "$(dirname "$target")"; touch "$target"; fi
  mount --bind "$source" "$target"
  if [ "$mode" = ro ]; then mount -o remount,bind,ro "$target"; fi
done
shift
mkdir -p "$root$directory"
export PATH="$container_path"
exec /usr/sbin/chroot --userspec="$user" "$root" /bin/sh -c 'cd "$0" && exec "$@"' "$directory" "$@"
"#;

pub struct Container {
  pub name: String,
  launcher: Child,
  /// The container's first process, as the machine numbers it.
  pid: u32,
  user: String,
  environment: Vec<(String, String)>,
  stop_signal: i32,
  pub log: PathBuf,
}

/// Where a container keeps its writable layer and its log, kept across a
/// restart as Docker keeps a stopped container's.
fn layer(sandbox: &Sandbox, name: &str) -> PathBuf {
  let layer = sandbox.path().join("containers").join(name);
  for part in ["root", "upper", "work"] {
    fs::create_dir_all(layer.join(part)).unwrap();
  }
  layer
}

/// A named volume's folder; a new one takes the owner and mode of what the
/// image has at the mount path, as Docker fills a new volume from the image.
fn volume(sandbox: &Sandbox, image: &Image, name: &str, target: &str) -> PathBuf {
  let path = sandbox.path().join("volumes").join(name);
  if !path.exists() {
    fs::create_dir_all(&path).unwrap();
    let (uid, gid, mode) = image.owner_of(target);
    chown(&path, Some(uid), Some(gid)).unwrap();
    fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(mode)).unwrap();
  }
  path
}

impl Container {
  /// `docker compose up` of one service, or `run` with `extra` environment.
  pub fn start(
    sandbox: &Sandbox,
    service: &Service,
    image: &Image,
    extra: &[(&str, &str)],
    name: &str,
  ) -> Container {
    let layer = layer(sandbox, name);
    for (path, uid, gid) in image.owned() {
      let folder = layer.join("upper").join(path.trim_start_matches('/'));
      if !folder.exists() {
        fs::create_dir_all(&folder).unwrap();
        chown(&folder, Some(uid), Some(gid)).unwrap();
      }
    }
    let mut environment = image.environment();
    environment.extend(service.environment.iter().cloned());
    environment.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let mut arguments: Vec<String> = Vec::new();
    for (path, contents, mode) in image.files() {
      let file = layer.join("files").join(path.trim_start_matches('/'));
      fs::create_dir_all(file.parent().unwrap()).unwrap();
      fs::write(&file, contents).unwrap();
      fs::set_permissions(&file, std::os::unix::fs::PermissionsExt::from_mode(mode)).unwrap();
      arguments.extend([file.display().to_string(), path.to_owned(), "ro".to_owned()]);
    }
    for mount in &service.mounts {
      let (source, target, read_only) = match mount {
        Mount::Volume {
          name,
          target,
          read_only,
        } => (volume(sandbox, image, name, target), target, *read_only),
        Mount::Bind {
          source,
          target,
          read_only,
        } => (source.clone(), target, *read_only),
      };
      arguments.extend([
        source.display().to_string(),
        target.clone(),
        if read_only { "ro" } else { "rw" }.to_owned(),
      ]);
    }
    arguments.push("--".to_owned());
    arguments.extend(image.argv(service));
    let log = layer.join("log");
    let output = fs::OpenOptions::new()
      .create(true)
      .append(true)
      .open(&log)
      .unwrap();
    let user = image.user.to_owned();
    let mut command = sandbox.enter();
    command
      .args([
        "unshare",
        "--mount",
        "--propagation",
        "private",
        "sh",
        "-c",
        LAUNCH,
        "sh",
      ])
      .arg(layer.join("root"))
      .arg(image.root())
      .arg(layer.join("upper"))
      .arg(layer.join("work"))
      .arg(sandbox.hosts())
      .arg(&user)
      .arg(image.directory)
      .args(&arguments)
      .env_clear()
      // The image's PATH, or the service's, wins over this default.
      .env("PATH", STANDARD_PATH)
      .envs(environment.iter().cloned())
      .stdin(Stdio::null())
      .stdout(output.try_clone().unwrap())
      .stderr(output);
    let launcher = command.spawn().expect("nsenter runs");
    let pid = child_of(launcher.id(), Duration::from_secs(10));
    Container {
      name: name.to_owned(),
      launcher,
      pid,
      user,
      environment,
      stop_signal: image.stop_signal,
      log,
    }
  }

  /// `docker exec`: `argv` in the container, as its user, with its
  /// environment.
  pub fn exec(&self, argv: &[String]) -> Output {
    let (uid, gid) = self.user.split_once(':').unwrap();
    Command::new("nsenter")
      .arg("--target")
      .arg(self.pid.to_string())
      .args(["--pid", "--mount", "--net", "--root", "--wd"])
      .arg(format!("--setuid={uid}"))
      .arg(format!("--setgid={gid}"))
      .arg("--")
      .args(argv)
      .env_clear()
      .envs(self.environment.iter().cloned())
      .stdin(Stdio::null())
      .output()
      .expect("nsenter runs")
  }

  pub fn running(&mut self) -> bool {
    self.launcher.try_wait().unwrap().is_none()
  }

  /// Waits for a job to end; fails past `limit`.
  pub fn wait(mut self, limit: Duration) -> ExitStatus {
    let started = Instant::now();
    loop {
      if let Some(status) = self.launcher.try_wait().unwrap() {
        return status;
      }
      if started.elapsed() > limit {
        unsafe { libc::kill(self.pid as i32, libc::SIGKILL) };
        let _ = self.launcher.wait();
        panic!("{} ran past {limit:?}:\n{}", self.name, self.log_tail());
      }
      std::thread::sleep(Duration::from_millis(100));
    }
  }

  /// `docker stop`: the image's stop signal, then SIGKILL after `grace`.
  pub fn stop(mut self, grace: Duration) -> ExitStatus {
    unsafe { libc::kill(self.pid as i32, self.stop_signal) };
    let started = Instant::now();
    loop {
      if let Some(status) = self.launcher.try_wait().unwrap() {
        return status;
      }
      if started.elapsed() > grace {
        unsafe { libc::kill(self.pid as i32, libc::SIGKILL) };
        return self.launcher.wait().unwrap();
      }
      std::thread::sleep(Duration::from_millis(100));
    }
  }

  /// The end of the container's output, for a failure's message.
  pub fn log_tail(&self) -> String {
    let text = fs::read_to_string(&self.log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(40)..].join("\n")
  }
}

/// The owner and mode of `path` under `root`, if it exists there.
pub fn owner_in(root: &Path, path: &str) -> Option<(u32, u32, u32)> {
  let metadata = fs::metadata(root.join(path.trim_start_matches('/'))).ok()?;
  Some((metadata.uid(), metadata.gid(), metadata.mode() & 0o7777))
}
