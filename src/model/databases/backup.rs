//! Database backups as dumps. Copying a live data directory gives no usable
//! backup (PostgreSQL's documentation, "File System Level Backup": the server
//! must be shut down), so a backup job per engine, on the server's own image,
//! dumps every database into a volume on start and then at each interval,
//! keeping `BACKUP_KEEP_DAYS` days; Duplicati backs that volume up instead
//! of the live data. `BACKUP_ONCE=1` dumps once and exits, for a dump on
//! demand (`docker compose run --rm -e BACKUP_ONCE=1 postgresql-backup`).

/// Where the dumps are kept inside the backup job.
pub const DUMPS_TARGET: &str = "/backups";

/// The loop every backup job runs around its engine's `dump` function.
const LOOP: &str = concat!(
  "directory=\"${BACKUP_DIRECTORY:-/backups}\"\n",
  "keep_days=\"${BACKUP_KEEP_DAYS:-7}\"\n",
  "interval=\"${BACKUP_INTERVAL_SECONDS:-86400}\"\n",
  "umask 077\n",
  "while :; do\n",
  "  stamp=\"$(date -u +%Y%m%dT%H%M%SZ)\"\n",
  "  # A dump is written under a dot name and renamed when whole, so that a\n",
  "  # backup never picks up half a dump.\n",
  "  if dump \"$directory/.partial-$stamp\" \"$directory/$prefix-$stamp$suffix\"; then\n",
  "    echo \"backup: wrote $prefix-$stamp$suffix\"\n",
  "    find \"$directory\" -maxdepth 1 -name \"$prefix-*$suffix\" -mtime \"+$keep_days\" -exec rm -f {} +\n",
  "  else\n",
  "    echo \"backup: the dump failed; the previous dumps are kept\" >&2\n",
  "    rm -f \"$directory/.partial-$stamp\"\n",
  "    [ \"${BACKUP_ONCE:-}\" = 1 ] && exit 1\n",
  "  fi\n",
  "  [ \"${BACKUP_ONCE:-}\" = 1 ] && exit 0\n",
  "  sleep \"$interval\"\n",
  "done\n",
);

fn script(header: &str, what: &str, dump: &str) -> String {
  format!("#!/bin/sh\n{header}{what}set -eu\n{dump}\n{LOOP}")
}

/// `pg_dumpall`: every database, role and password hash in one plain SQL
/// file, restored with one `psql` (see the checklist).
pub fn postgres_script(header: &str) -> String {
  script(
    header,
    "# The postgresql-backup job: dumps every database with pg_dumpall, gzipped.\n",
    concat!(
      "export PGHOST=\"${PGHOST:-postgresql}\" PGPORT=\"${PGPORT:-5432}\" PGUSER=\"${PGUSER:-postgres}\"\n",
      "prefix=postgresql suffix=.sql.gz\n",
      "dump() {\n",
      "  pg_dumpall --quote-all-identifiers > \"$1\" && gzip -c \"$1\" > \"$1.gz\" && rm -f \"$1\" && mv \"$1.gz\" \"$2\"\n",
      "}\n",
    ),
  )
}

/// `mongodump --archive --gzip` of every database. The root password goes
/// to mongodump in a config file only the job can read, never on its
/// command line.
pub fn mongo_script(header: &str) -> String {
  script(
    header,
    "# The mongodb-backup job: dumps every database with mongodump, as a gzipped archive.\n",
    concat!(
      "prefix=mongodb suffix=.archive.gz\n",
      "config=\"$(mktemp)\"\n",
      "trap 'rm -f \"$config\"' EXIT\n",
      "printf \"password: '%s'\\n\" \"$(printf '%s' \"$MONGO_ROOT_PASSWORD\" | sed \"s/'/''/g\")\" > \"$config\"\n",
      "dump() {\n",
      "  mongodump --quiet --host \"${MONGO_HOST:-mongodb:27017}\" --username \"$MONGO_ROOT_USERNAME\" \\\n",
      "    --authenticationDatabase admin --config \"$config\" --archive=\"$1\" --gzip && mv \"$1\" \"$2\"\n",
      "}\n",
    ),
  )
}
