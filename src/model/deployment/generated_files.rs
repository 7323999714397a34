//! The files stackc generates that containers mount (the Caddyfile).

use super::container::{Container, Mount, MountSource};
use crate::model::Profile;

/// The Caddyfile of a profile: `Caddyfile`, or `Caddyfile.NAME` under a profile.
pub fn caddyfile_name(profile: &Profile) -> String {
  match &profile.name {
    Some(name) => format!("Caddyfile.{name}"),
    None => "Caddyfile".into(),
  }
}

/// Mounts of the files the build writes that services read: the Caddyfile.
pub(super) fn add_generated_files(profile: &Profile, containers: &mut [Container]) {
  for container in containers.iter_mut().filter(|c| c.name == "caddy") {
    container.mounts.push(Mount {
      source: MountSource::Bind(caddyfile_name(profile)),
      target: "/etc/caddy/Caddyfile".into(),
      read_only: true,
    });
  }
}
