//! `deploy.sh`: `docker stack deploy` reads no `.env` and replaces an unset
//! `${VAR}` with an empty string without a word, so the script exports
//! `.env` (written for the shell: `env_file::Reader::Shell`), stops on any
//! empty value, and creates the Docker secrets, each under a name that
//! carries a digest of its value, computed here on the manager so that no
//! digest of a secret is ever committed.

use {
  crate::{model::deployment::Deployment, targets::swarm::secrets::FileSecret},
  std::fmt::Write,
};

pub const PATH: &str = "deploy.sh";

pub fn render(deployment: &Deployment<'_>, header: &str, secrets: &[FileSecret]) -> String {
  let name = &deployment.name;
  let mut script = format!("#!/bin/sh\n{header}");
  let _ = write!(
    script,
    r#"# Deploys the stack `{name}` to the swarm this Docker CLI manages; arguments go
# to `docker stack deploy` (such as `--resolve-image never` for local images).
# docker stack deploy reads no .env and makes an unset ${{VAR}} empty without a
# word: this exports .env first and stops on any empty value.
set -eu
cd "$(dirname "$0")"
if [ ! -f .env ]; then
  echo "deploy.sh: no .env here: run stackc build --target swarm first" >&2
  exit 1
fi
set -a
. ./.env
set +a
"#
  );
  let variables: Vec<&str> = deployment.variables.keys().map(String::as_str).collect();
  if !variables.is_empty() {
    let _ = write!(
      script,
      r#"stackc_missing=
for stackc_variable in {}; do
  eval "stackc_value=\${{$stackc_variable:-}}"
  if [ -z "$stackc_value" ]; then stackc_missing="$stackc_missing $stackc_variable"; fi
done
if [ -n "$stackc_missing" ]; then
  echo "deploy.sh: empty in .env:$stackc_missing (stackc check --deploy says how to set them)" >&2
  exit 1
fi
"#,
      variables.join(" ")
    );
  }
  if !secrets.is_empty() {
    let _ = write!(
      script,
      r#"# A Docker secret cannot change: each is created under a name carrying a
# digest of its value, so a rotated value is a new secret and the services
# that read it are updated. The value goes through stdin, never argv.
stackc_secret() {{
  eval "stackc_value=\${{$1}}"
  stackc_name="{name}_$2_$(printf '%s' "$stackc_value" | sha256sum | cut -c1-12)"
  if ! docker secret inspect "$stackc_name" >/dev/null 2>&1; then
    printf '%s' "$stackc_value" | docker secret create "$stackc_name" - >/dev/null
  fi
  eval "STACKC_SECRET_$1=\$stackc_name"
  export "STACKC_SECRET_$1"
}}
"#
    );
    for secret in secrets {
      let _ = writeln!(script, "stackc_secret {} {}", secret.variable, secret.key());
    }
  }
  let _ = writeln!(
    script,
    "exec docker stack deploy \"$@\" --compose-file docker-stack.yml {name}"
  );
  script
}
