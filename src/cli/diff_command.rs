//! `stackc diff`: a unified diff of what `build` would change in the
//! committed files.

use crate::diagnostic::exit_code::{EXIT_INVALID, EXIT_VALID};
use {
  crate::{
    cli::{
      arguments::{Destination, Output},
      build_command::render_committed,
      load::with_model,
      terminal::{eprint, print},
    },
    write,
  },
  std::path::Path,
};

pub fn diff(stack: &Path, destination: &Destination, output: &Output) -> i32 {
  with_model(
    stack,
    Some(&destination.out),
    destination.profile.as_deref(),
    output,
    |model, profile| {
      match render_committed(stack, model, profile, destination) {
        Ok(artifacts) => {
          let diff = write::diff(&destination.out, &artifacts);
          print(&diff);
          // As `build --check`: 1 when the committed files differ.
          if diff.is_empty() {
            EXIT_VALID
          } else {
            EXIT_INVALID
          }
        }
        Err(message) => {
          eprint(&format!("error: {message}\n"));
          EXIT_INVALID
        }
      }
    },
  )
}
