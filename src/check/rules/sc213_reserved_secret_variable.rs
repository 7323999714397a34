use crate::{
  check::context::Context, check::rules::sc214_catalog_secret_variable, diagnostic::Diagnostic,
  model::variable_name,
};

crate::declare_rule! {
  /// ## What it checks
  /// That no secret's variable (its name in upper case) is one that docker
  /// compose, the Docker CLI, the shell or the dynamic loader reads for
  /// itself:
  ///
  /// - `COMPOSE_*`, `DOCKER_*`, `BUILDKIT_*`, `BUILDX_*`: compose reads them
  ///   from `.env` as its own settings (`COMPOSE_PROJECT_NAME`,
  ///   `COMPOSE_FILE`, `DOCKER_HOST`, …);
  /// - `PATH`, `IFS`, `ENV`, `BASH_ENV`, `CDPATH`, `PS1`–`PS4`,
  ///   `PROMPT_COMMAND`, `SHELLOPTS`, `BASHOPTS`, `GLOBIGNORE`, `BASH_*`,
  ///   `LD_*`, `DYLD_*`, `PYTHON*` (docker-compose 1 is Python), `GODEBUG`
  ///   (compose 2 is Go): they change what runs when `.env` is sourced
  ///   (`set -a; . ./.env`) or exported by a service manager;
  /// - `HOME`, `PWD`, `OLDPWD`, `SHELL`, `USER`, `LOGNAME`, `HOSTNAME`,
  ///   `LANG`, `LANGUAGE`, `LC_*`, `TERM`, `TZ`, `TMPDIR`, `SHLVL`, `MAIL`,
  ///   `EDITOR`, `_`, and the proxy variables (`HTTP_PROXY`, `HTTPS_PROXY`,
  ///   `NO_PROXY`, `ALL_PROXY`, `FTP_PROXY`): every login shell sets them, and
  ///   compose interpolates `${NAME}` from the shell before `.env`, so the
  ///   container would get the operator's value, not the secret.
  ///
  /// ## Why
  /// A secret named `compose_project_name` renames the whole deployment; one
  /// named `docker_host` points compose at another daemon; `path` or
  /// `ld_preload` runs other programs; `home` gives the service the
  /// operator's home directory instead of the generated value.
  ///
  /// ## Example
  /// ```toml
  /// [secrets]
  /// docker_host = { from_env = "REMOTE_DOCKER" }
  /// ```
  ///
  /// ## Fix
  /// Name the secret after what it is for: `billing_docker_host`.
  pub struct ReservedSecretVariable {
    code: "SC213",
    name: "reserved-secret-variable",
    severity: Error,
    summary: "a secret whose variable docker compose or the shell reads",
  }
}

const RESERVED_PREFIXES: &[&str] = &[
  "COMPOSE_",
  "DOCKER_",
  "BUILDKIT_",
  "BUILDX_",
  "BASH_",
  "LD_",
  "DYLD_",
  "PYTHON",
  "LC_",
];

const RESERVED: &[&str] = &[
  "PATH",
  "IFS",
  "ENV",
  "CDPATH",
  "PS1",
  "PS2",
  "PS3",
  "PS4",
  "PROMPT_COMMAND",
  "SHELLOPTS",
  "BASHOPTS",
  "GLOBIGNORE",
  "GODEBUG",
  "HOME",
  "PWD",
  "OLDPWD",
  "SHELL",
  "USER",
  "LOGNAME",
  "HOSTNAME",
  "LANG",
  "LANGUAGE",
  "TERM",
  "TZ",
  "TMPDIR",
  "SHLVL",
  "MAIL",
  "EDITOR",
  "_",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "ALL_PROXY",
  "FTP_PROXY",
];

/// Why `variable` is reserved, if it is.
pub fn reserved(variable: &str) -> Option<String> {
  if RESERVED.contains(&variable) {
    return Some(format!("`{variable}` is read by the shell or set by it"));
  }
  RESERVED_PREFIXES
    .iter()
    .find(|prefix| variable.starts_with(*prefix))
    .map(|prefix| {
      format!("`{prefix}*` variables are read by docker compose, the shell or the loader")
    })
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let catalog = sc214_catalog_secret_variable::catalog_secrets();
  for name in cx.model.config.secrets.keys() {
    // An invalid name is SC211's to report.
    if catalog.contains_key(name.as_str()) || !super::sc211_invalid_secret_name::is_valid(name) {
      continue;
    }
    let variable = variable_name(name);
    if let Some(why) = reserved(&variable) {
      out.push(
        META
          .diagnostic(
            format!("secret `{name}` would be the variable `{variable}`: {why}"),
            cx.key(["secrets", name]),
          )
          .label("reserved variable")
          .help(format!(
            "name the secret after what it is for, such as `app_{}`",
            name.to_ascii_lowercase()
          )),
      );
    }
  }
}

#[cfg(test)]
mod tests {
  use super::reserved;

  #[test]
  fn compose_and_shell_variables_are_reserved() {
    for variable in [
      "COMPOSE_PROJECT_NAME",
      "DOCKER_HOST",
      "PATH",
      "LD_PRELOAD",
      "HOME",
      "PYTHONPATH",
    ] {
      assert!(reserved(variable).is_some(), "{variable}");
    }
    for variable in ["REDIS_PASSWORD", "API_TOKEN", "PATHNAME", "HOMEPAGE_KEY"] {
      assert!(reserved(variable).is_none(), "{variable}");
    }
  }
}
