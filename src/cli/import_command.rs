//! `stackc import DIR [--stack FILE] [--out DIR]`.

use {
  crate::{
    cli::terminal::eprint,
    diagnostic::exit_code::{EXIT_CANNOT_RUN, EXIT_VALID},
    import::{self, compose_source::ComposeSource},
  },
  std::path::Path,
};

pub fn import(directory: &Path, stack: &Path, out: &Path) -> i32 {
  let source = match ComposeSource::read(directory) {
    Ok(source) => source,
    Err(message) => {
      eprint(&format!("error: {message}\n"));
      return EXIT_CANNOT_RUN;
    }
  };
  let mut imported = import::import(&source);
  let seed = imported.seed_env();
  let env = out.join(".env");
  for path in [stack, env.as_path()] {
    if path.exists() {
      eprint(&format!(
        "error: {} exists; import writes only new files, so nothing was written\n",
        path.display()
      ));
      return EXIT_CANNOT_RUN;
    }
  }
  if let Err(error) = crate::files::atomic_write::write_new(stack, imported.stack.as_bytes(), 0o644)
    .and_then(|()| crate::files::atomic_write::write_new(&env, seed.as_bytes(), 0o600))
  {
    eprint(&format!("error: cannot write: {error}\n"));
    return EXIT_CANNOT_RUN;
  }
  let mut text = String::new();
  for line in &imported.report {
    text.push_str(&format!(
      "note: {}\n",
      crate::document::printable::printable(line)
    ));
  }
  text.push_str(&format!(
    "wrote {} and {} ({} secret value(s) carried over); next: `stackc build {} --out {}` keeps them\n",
    stack.display(),
    env.display(),
    imported.secrets.len(),
    stack.display(),
    out.display()
  ));
  eprint(&text);
  EXIT_VALID
}
