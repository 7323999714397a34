//! `stackc build` and `build --check` once the stack is checked: the
//! secrets settled under the store's lock, the output folder vetted, the
//! artifacts rendered and written atomically.

use crate::diagnostic::exit_code::{EXIT_CANNOT_RUN, EXIT_INVALID, EXIT_VALID};
use {
  crate::{
    check::pipeline,
    cli::report::{self, FileReport, Format},
    cli::{
      arguments::{Destination, Output},
      load::{file_name, read_stack, select_profile, stack_directory, with_model},
      stale_temporaries::remove_stale_temporaries,
      terminal::{eprint, fails, lock_failed, print},
    },
    model::{Model, Profile},
    secrets::{build_secrets, store::SecretStore, store_lock::StoreLock},
    targets::{self, Artifact, RenderOptions, shared::env_file_reader::EnvEntry},
    write,
    write::output_directory,
  },
  std::{collections::BTreeMap, path::Path},
};

pub fn build(stack: &Path, destination: &Destination, check_only: bool, output: &Output) -> i32 {
  if check_only && output.format == Format::Json {
    return build_check_json(stack, destination, output);
  }
  with_model(
    stack,
    Some(&destination.out),
    destination.profile.as_deref(),
    output,
    |model, profile| {
      if check_only {
        build_check(stack, model, profile, destination)
      } else {
        build_write(stack, model, profile, destination)
      }
    },
  )
}

/// The files of a build of `stack` into `destination`; `values` are the
/// secret values for `.env`, none for the committed files.
fn render_artifacts(
  stack: &Path,
  model: &Model<'_>,
  profile: Option<&Profile>,
  destination: &Destination,
  values: &BTreeMap<String, String>,
  kept_env: &[EnvEntry],
) -> Result<Vec<Artifact>, String> {
  let stack_file = file_name(stack);
  let options = RenderOptions {
    stack_file: &stack_file,
    profile,
    values,
    directory: stack_directory(stack),
    output: &destination.out,
    kept_env,
  };
  targets::render(destination.target, model, &options)
}

/// The artifacts of a build without secrets: what `build --check` and
/// `diff` compare with the committed files, which hold none.
pub(crate) fn render_committed(
  stack: &Path,
  model: &Model<'_>,
  profile: Option<&Profile>,
  destination: &Destination,
) -> Result<Vec<Artifact>, String> {
  render_artifacts(stack, model, profile, destination, &BTreeMap::new(), &[])
}

/// As `render_artifacts`, the failure reported: nothing is written.
fn rendered_or_exit(result: Result<Vec<Artifact>, String>) -> Result<Vec<Artifact>, i32> {
  result.map_err(|message| {
    eprint(&format!("error: {message}; nothing was written\n"));
    EXIT_INVALID
  })
}

/// `build --check`: the committed files that would change, and every
/// disagreement between the deployed `.env` and the store or environment.
/// It needs no secret value: it generates none and writes nothing.
fn build_check(
  stack: &Path,
  model: &Model<'_>,
  profile: Option<&Profile>,
  destination: &Destination,
) -> i32 {
  let artifacts = match rendered_or_exit(render_committed(stack, model, profile, destination)) {
    Ok(artifacts) => artifacts,
    Err(code) => return code,
  };
  let _lock = match StoreLock::shared_if_present(stack) {
    Ok(lock) => lock,
    Err(error) => return lock_failed(error),
  };
  let disagreements = match build_secrets::disagreements(stack, model, &destination.out) {
    Ok(disagreements) => disagreements,
    Err(failure) => {
      eprint(&format!("{failure}\n"));
      return failure.exit_code();
    }
  };
  let differing = write::differing(&destination.out, &artifacts);
  if differing.is_empty() && disagreements.is_none() {
    eprint(&format!("{}: up to date\n", destination.out.display()));
    return EXIT_VALID;
  }
  let listed: String = differing
    .iter()
    .map(|path| format!("{}\n", destination.out.join(path).display()))
    .collect();
  print(&listed);
  if !differing.is_empty() {
    eprint(&format!(
      "{} file(s) differ from what `stackc build` writes\n",
      differing.len()
    ));
  }
  if let Some(report) = disagreements {
    eprint(&report);
  }
  EXIT_INVALID
}

/// `build`: under the store's lock, from reading the store to writing
/// `.env`, so that no concurrent stackc loses an update or leaves `.env`
/// disagreeing with the store.
fn build_write(
  stack: &Path,
  model: &Model<'_>,
  profile: Option<&Profile>,
  destination: &Destination,
) -> i32 {
  let out = &destination.out;
  if let Err(message) = output_directory::refuse_unsafe(out, stack) {
    eprint(&format!("{message}\n"));
    return EXIT_CANNOT_RUN;
  }
  let lock = match StoreLock::exclusive(stack, "build") {
    Ok(lock) => lock,
    Err(error) => return lock_failed(error),
  };
  let store_path = SecretStore::path_for(stack);
  let store_directory = store_path.parent().unwrap_or(Path::new("."));
  let store_prefix = SecretStore::temporary_prefix(stack);
  if let Err(message) = remove_stale_temporaries([(store_directory, store_prefix)], &lock) {
    eprint(&format!("{message}\n"));
    return EXIT_CANNOT_RUN;
  }
  let mut prepared = match build_secrets::prepare(stack, model, out) {
    Ok(prepared) => prepared,
    Err(failure) => {
      eprint(&format!("{failure}\n"));
      return failure.exit_code();
    }
  };
  eprint(&prepared.notes);
  let artifacts = match rendered_or_exit(render_artifacts(
    stack,
    model,
    profile,
    destination,
    &prepared.values,
    &prepared.kept,
  )) {
    Ok(artifacts) => artifacts,
    Err(code) => return code,
  };
  let directories = write::directories(out, &artifacts);
  if let Err(message) = output_directory::refuse_linked_folders(out, &directories) {
    eprint(&format!("{message}\n"));
    return EXIT_CANNOT_RUN;
  }
  let cleaned = remove_stale_temporaries(
    directories.iter().map(|directory| {
      (
        directory.as_path(),
        crate::files::atomic_write::TEMPORARY_PREFIX.to_owned(),
      )
    }),
    &lock,
  );
  if let Err(message) = cleaned {
    eprint(&format!("{message}\n"));
    return EXIT_CANNOT_RUN;
  }
  let written = match write::write_all(out, &artifacts) {
    Ok(written) => written,
    Err(error) => {
      eprint(&format!(
        "error: cannot write {}: {error}; the previous files were left as they were\n",
        out.display()
      ));
      return EXIT_CANNOT_RUN;
    }
  };
  let env = artifacts
    .iter()
    .find(|artifact| artifact.path == ".env")
    .map_or("", |artifact| artifact.contents.as_str());
  if let Err(message) = build_secrets::finish(&mut prepared, env) {
    eprint(&format!("{message}\n"));
    return EXIT_CANNOT_RUN;
  }
  eprint(&format!(
    "{}: wrote {} of {} files\n",
    out.display(),
    written.len(),
    artifacts.len()
  ));
  EXIT_VALID
}

/// `build --check --format json`: one JSON document on stdout, so that CI
/// can parse it whatever happens: the diagnostics, and the committed files
/// that differ from what `build` writes (`null` when the stack is invalid).
fn build_check_json(stack: &Path, destination: &Destination, output: &Output) -> i32 {
  let bytes = match read_stack(stack) {
    Ok(bytes) => bytes,
    Err(message) => {
      eprint(&format!("error: {message}\n"));
      return EXIT_CANNOT_RUN;
    }
  };
  // The model the rules checked is the one rendered: resolved once.
  pipeline::check_then(stack, bytes, Some(&destination.out), |checked, model| {
    let diagnostics = report::json_value(&[FileReport {
      source: &checked.source,
      diagnostics: &checked.diagnostics,
    }]);
    let (code, differing) = match model {
      Some(model) if !fails(checked, output) => {
        match select_profile(model, destination.profile.as_deref()) {
          Err(code) => (code, None),
          Ok(profile) => match render_committed(stack, model, profile, destination) {
            Ok(artifacts) => {
              let differing = write::differing(&destination.out, &artifacts);
              let code = if differing.is_empty() {
                EXIT_VALID
              } else {
                EXIT_INVALID
              };
              (code, Some(differing))
            }
            Err(message) => {
              eprint(&format!("error: {message}\n"));
              (EXIT_INVALID, None)
            }
          },
        }
      }
      _ => (EXIT_INVALID, None),
    };
    let document = serde_json::json!({
      "out": destination.out.display().to_string(),
      "up_to_date": differing.as_ref().map(Vec::is_empty),
      "differing": differing,
      "diagnostics": diagnostics,
    });
    let mut text = serde_json::to_string_pretty(&document).expect("JSON serializes");
    text.push('\n');
    print(&text);
    code
  })
}
