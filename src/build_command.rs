//! `stackc build` and `build --check` once the stack is checked: the
//! secrets settled under the store's lock, the output folder vetted, the
//! artifacts rendered and written atomically.

use {
  crate::{
    arguments::Target,
    build_secrets,
    env_file::EnvEntry,
    model::{Model, Profile},
    output_directory,
    render::{self, Artifact, RenderOptions},
    run::{
      EXIT_CANNOT_RUN, EXIT_INVALID, EXIT_VALID, eprint, file_name, lock_failed, print,
      remove_stale_temporaries, stack_directory,
    },
    secret_store::SecretStore,
    store_lock::StoreLock,
    write,
  },
  std::{collections::BTreeMap, path::Path},
};

pub fn build(
  stack: &Path,
  model: &Model<'_>,
  profile: Option<&Profile>,
  target: &Target,
  check_only: bool,
) -> i32 {
  if check_only {
    build_check(stack, model, profile, target)
  } else {
    build_write(stack, model, profile, target)
  }
}

fn render_artifacts(
  stack: &Path,
  model: &Model<'_>,
  profile: Option<&Profile>,
  out: &Path,
  values: &BTreeMap<String, String>,
  kept_env: &[EnvEntry],
) -> Result<Vec<Artifact>, i32> {
  let stack_file = file_name(stack);
  let options = RenderOptions {
    stack_file: &stack_file,
    profile,
    values,
    directory: stack_directory(stack),
    output: out,
    kept_env,
  };
  render::render(model, &options).map_err(|message| {
    eprint(&format!("error: {message}; nothing was written\n"));
    EXIT_INVALID
  })
}

/// `build --check`: the committed files that would change, and every
/// disagreement between the deployed `.env` and the store or environment.
/// It needs no secret value: it generates none and writes nothing.
fn build_check(stack: &Path, model: &Model<'_>, profile: Option<&Profile>, target: &Target) -> i32 {
  let artifacts = match render_artifacts(stack, model, profile, &target.out, &BTreeMap::new(), &[])
  {
    Ok(artifacts) => artifacts,
    Err(code) => return code,
  };
  let _lock = match StoreLock::shared_if_present(stack) {
    Ok(lock) => lock,
    Err(error) => return lock_failed(error),
  };
  let disagreements = match build_secrets::disagreements(stack, model, &target.out) {
    Ok(disagreements) => disagreements,
    Err(failure) => {
      eprint(&format!("{failure}\n"));
      return failure.exit_code();
    }
  };
  let differing = write::differing(&target.out, &artifacts);
  if differing.is_empty() && disagreements.is_none() {
    eprint(&format!("{}: up to date\n", target.out.display()));
    return EXIT_VALID;
  }
  let listed: String = differing
    .iter()
    .map(|path| format!("{}\n", target.out.join(path).display()))
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
fn build_write(stack: &Path, model: &Model<'_>, profile: Option<&Profile>, target: &Target) -> i32 {
  let out = &target.out;
  if let Err(message) = output_directory::refuse_unsafe(out, stack, &[]) {
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
  let artifacts = match render_artifacts(
    stack,
    model,
    profile,
    &target.out,
    &prepared.values,
    &prepared.kept,
  ) {
    Ok(artifacts) => artifacts,
    Err(code) => return code,
  };
  if let Err(message) = output_directory::refuse_unsafe(out, stack, &artifacts) {
    eprint(&format!("{message}\n"));
    return EXIT_CANNOT_RUN;
  }
  let directories = write::directories(out, &artifacts);
  let cleaned = remove_stale_temporaries(
    directories
      .iter()
      .map(|directory| (directory.as_path(), write::TEMPORARY_PREFIX.to_owned())),
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
