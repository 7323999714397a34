//! `stackc review OLD NEW` and `stackc review --base REV [STACK]`.

use {
  crate::{
    check::pipeline::{self, Checked},
    cli::arguments::Output,
    cli::arguments::ReviewFormat,
    cli::{
      load::read_stack,
      terminal::{eprint, print, report_diagnostics},
    },
    diagnostic::exit_code::{EXIT_CANNOT_RUN, EXIT_INVALID, EXIT_VALID},
    model::deployment::Deployment,
    review::{self, render},
  },
  std::{
    path::{Path, PathBuf},
    process::Command,
  },
};

/// The stack file as git holds it at `revision`.
fn at_revision(stack: &Path, revision: &str) -> Result<Vec<u8>, String> {
  let directory = stack
    .parent()
    .filter(|parent| !parent.as_os_str().is_empty())
    .unwrap_or(Path::new("."));
  let file = stack.file_name().ok_or("the stack file has no name")?;
  let output = Command::new("git")
    .arg("-C")
    .arg(directory)
    .arg("show")
    .arg(format!("{revision}:./{}", file.to_string_lossy()))
    .output()
    .map_err(|error| format!("cannot run git: {error}"))?;
  if !output.status.success() {
    return Err(format!(
      "git cannot show {} at {revision}: {}",
      stack.display(),
      String::from_utf8_lossy(&output.stderr).trim()
    ));
  }
  Ok(output.stdout)
}

pub fn review(
  stacks: &[PathBuf],
  base: Option<&str>,
  format: ReviewFormat,
  deny_dangerous: bool,
) -> i32 {
  let sides: Result<[(PathBuf, Vec<u8>); 2], String> = match (base, stacks) {
    (Some(revision), [] | [_]) => {
      let stack = stacks
        .first()
        .cloned()
        .unwrap_or_else(|| "stack.toml".into());
      at_revision(&stack, revision)
        .and_then(|old| Ok([(stack.clone(), old), (stack.clone(), read_stack(&stack)?)]))
    }
    (None, [old, new]) => {
      read_stack(old).and_then(|bytes| Ok([(old.clone(), bytes), (new.clone(), read_stack(new)?)]))
    }
    _ => Err("give two stack files (OLD NEW), or --base REV and at most one".into()),
  };
  let sides = match sides {
    Ok(sides) => sides,
    Err(message) => {
      eprint(&format!("error: {message}\n"));
      return EXIT_CANNOT_RUN;
    }
  };
  let checked: Vec<Checked> = sides
    .into_iter()
    .map(|(path, bytes)| pipeline::check(&path, bytes, None))
    .collect();
  if checked.iter().any(Checked::has_errors) {
    report_diagnostics(&checked, &Output::human());
    return EXIT_INVALID;
  }
  let (Some(old_model), Some(new_model)) = (checked[0].model(), checked[1].model()) else {
    return EXIT_INVALID;
  };
  let deployments = (
    Deployment::new(&old_model, old_model.base()),
    Deployment::new(&new_model, new_model.base()),
  );
  let (old_deployment, new_deployment) = match deployments {
    (Ok(old), Ok(new)) => (old, new),
    (Err(message), _) | (_, Err(message)) => {
      eprint(&format!("error: {message}\n"));
      return EXIT_INVALID;
    }
  };
  let mut changes = review::compare(&old_deployment, &new_deployment);
  // The encrypted stores beside the two sides, by their clear part.
  use crate::review::store_changes;
  let stores = match (base, stacks) {
    (Some(revision), _) => {
      let stack = stacks
        .first()
        .cloned()
        .unwrap_or_else(|| "stack.toml".into());
      (
        store_changes::at_revision(&stack, revision),
        store_changes::beside(&stack),
      )
    }
    (None, [old, new]) => (store_changes::beside(old), store_changes::beside(new)),
    _ => (None, None),
  };
  changes.extend(store_changes::compare(stores.0.as_ref(), stores.1.as_ref()));
  show(&changes, format, deny_dangerous)
}

fn show(changes: &[review::Change], format: ReviewFormat, deny_dangerous: bool) -> i32 {
  print(&match format {
    ReviewFormat::Human => render::human(changes),
    ReviewFormat::Markdown => render::markdown(changes),
    ReviewFormat::Json => render::json(changes),
  });
  if deny_dangerous && changes.iter().any(|change| change.danger.is_some()) {
    EXIT_INVALID
  } else {
    EXIT_VALID
  }
}

/// `review --deployment DIR [STACK]`: the hand-written deployment in DIR
/// against the stack that replaces it.
pub fn review_deployment(
  directory: &Path,
  stacks: &[PathBuf],
  format: ReviewFormat,
  deny_dangerous: bool,
) -> i32 {
  let stack = match stacks {
    [] => PathBuf::from("stack.toml"),
    [stack] => stack.clone(),
    _ => {
      eprint("error: with --deployment, give at most one stack file\n");
      return EXIT_CANNOT_RUN;
    }
  };
  let source = match crate::import::compose_source::ComposeSource::read(directory) {
    Ok(source) => source,
    Err(message) => {
      eprint(&format!("error: {message}\n"));
      return EXIT_CANNOT_RUN;
    }
  };
  let bytes = match read_stack(&stack) {
    Ok(bytes) => bytes,
    Err(message) => {
      eprint(&format!("error: {message}\n"));
      return EXIT_CANNOT_RUN;
    }
  };
  // The model the rules checked is the one compared: resolved once.
  pipeline::check_then(&stack, bytes, None, |checked, model| {
    if checked.has_errors() {
      report_diagnostics(std::slice::from_ref(checked), &Output::human());
      return EXIT_INVALID;
    }
    let Some(model) = model else {
      return EXIT_INVALID;
    };
    match Deployment::new(model, model.base()) {
      Ok(deployment) => show(
        &review::against_compose::compare(&source, &deployment),
        format,
        deny_dangerous,
      ),
      Err(message) => {
        eprint(&format!("error: {message}\n"));
        EXIT_INVALID
      }
    }
  })
}
