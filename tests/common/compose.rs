//! docker compose v2, for tests that check stackc against it.

use std::process::Command;

/// `docker compose` (the v2 CLI plugin).
pub fn compose_v2() -> Command {
  let mut command = Command::new("docker");
  command.arg("compose");
  command
}
