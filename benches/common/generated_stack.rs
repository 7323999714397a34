//! The generated stacks both benches measure.

use std::fmt::Write;

/// A stack with `count` custom services, each routed, depending on the
/// database, with a volume and a secret of its own.
pub fn generated_stack(count: usize) -> String {
  let mut stack = String::from(
    "version = 1\n[stack]\nname = \"bench\"\ndomain = \"example.com\"\nacme_email = \"ops@example.com\"\n\n[secrets]\n",
  );
  for index in 0..count {
    let _ = writeln!(stack, "token_{index} = {{ generate = \"alnum\" }}");
  }
  stack.push_str("\n[services.postgresql]\n[services.redis]\n[services.caddy]\n");
  for index in 0..count {
    let _ = write!(
      stack,
      "\n[services.app-{index}]\nimage = \"ghcr.io/acme/app:1.{index}.0\"\nport = 8080\nsubdomain = \"app-{index}\"\ndepends_on = [\"postgresql\", \"redis\"]\nvolumes = {{ app_{index}_data = \"/data\" }}\nhealthcheck = {{ http = \"/healthz\" }}\nenv = {{ TOKEN = \"{{{{ secrets.token_{index} }}}}\", DATABASE = \"{{{{ services.postgresql.internal_url }}}}/app_{index}\" }}\n"
    );
  }
  stack
}
