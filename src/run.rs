//! The command line: arguments in; stdout, stderr and an exit code out.

use {
  crate::{
    arguments::{Arguments, ColorChoice, Command, Output, SecretsCommand, Target},
    build_command, build_secrets,
    compiler::{self, Checked},
    deployed_env::DeployedEnv,
    deployment::Deployment,
    graph,
    model::{Model, Profile},
    render::{self, RenderOptions},
    report::{self, FileReport, Format},
    rules::{self, REGISTRY},
    secret_store::SecretStore,
    secrets_adopt::{self, Selection},
    secrets_command, secrets_prune,
    store_lock::{LockError, StoreLock},
    validate::SCHEMA,
    write,
  },
  clap::Parser,
  std::{collections::BTreeMap, ffi::OsString, io::Write, path::Path},
};

/// The stack is valid (warnings allowed unless `--deny-warnings`).
pub const EXIT_VALID: i32 = 0;
/// The stack has problems, all of them reported.
pub const EXIT_INVALID: i32 = 1;
/// stackc could not run: a missing file, a bad flag.
pub const EXIT_CANNOT_RUN: i32 = 2;

/// Runs stackc with `arguments` (program name first) and returns the exit code.
pub fn run(arguments: impl IntoIterator<Item = OsString>) -> i32 {
  let arguments = match Arguments::try_parse_from(arguments) {
    Ok(arguments) => arguments,
    Err(error) => {
      let _ = error.print();
      return match error.exit_code() {
        0 => EXIT_VALID,
        _ => EXIT_CANNOT_RUN,
      };
    }
  };
  match arguments.command {
    Command::Check {
      stacks,
      deploy,
      output,
    } => check(&stacks, deploy.as_deref(), &output),
    Command::Secrets { command } => secrets(command),
    Command::Build {
      stack,
      target,
      check,
      output,
    } => build(&stack, &target, check, &output),
    Command::Diff {
      stack,
      target,
      output,
    } => diff(&stack, &target, &output),
    Command::Graph {
      stack,
      format,
      profile,
    } => graph(&stack, format, profile.as_deref()),
    Command::Schema => {
      print(SCHEMA);
      EXIT_VALID
    }
    Command::Explain { code } => explain(code.as_deref()),
  }
}

pub(crate) fn print(text: &str) {
  // A closed pipe (`stackc schema | head`) is not an error worth a panic.
  let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

pub(crate) fn eprint(text: &str) {
  let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// The largest stack file read: far past any real stack (a few KiB), and
/// past a 50 MB file of comments, which is still checked.
const STACK_FILE_LIMIT: u64 = 64 * 1024 * 1024;

/// Reads and checks a stack, for a build into `out` when there is one; `Err`
/// is a one-line reason it could not be read (a FIFO or device in its place
/// included: see `regular_file`).
fn load(path: &Path, out: Option<&Path>) -> Result<Checked, String> {
  let bytes = crate::regular_file::read(path, STACK_FILE_LIMIT)
    .map_err(|failure| format!("error: cannot read {}: {failure}", path.display()))?;
  Ok(compiler::check(path, bytes, out))
}

/// Prints checked stacks' diagnostics as `output` asks.
fn report_diagnostics(checked: &[Checked], output: &Output) {
  let files: Vec<FileReport<'_>> = checked
    .iter()
    .map(|result| FileReport {
      source: &result.source,
      diagnostics: &result.diagnostics,
    })
    .collect();
  let rendered = report::render(&files, output.format, output.color.enabled());
  if output.format == Format::Human {
    let mut text = rendered;
    for result in checked {
      let name = result.source.display_name();
      match report::summary(&result.diagnostics) {
        Some(summary) => text.push_str(&format!("{name}: {summary}\n")),
        None => text.push_str(&format!("{name}: ok\n")),
      }
    }
    eprint(&text);
  } else {
    print(&rendered);
  }
}

fn fails(result: &Checked, output: &Output) -> bool {
  result.has_errors() || (output.deny_warnings && !result.diagnostics.is_empty())
}

fn check(stacks: &[std::path::PathBuf], deploy: Option<&Path>, output: &Output) -> i32 {
  if let Some(out) = deploy
    && !out.is_dir()
  {
    eprint(&format!(
      "error: cannot check the deployment in {}: no such directory\n",
      out.display()
    ));
    return EXIT_CANNOT_RUN;
  }
  let mut checked = Vec::new();
  let mut unreadable = false;
  for path in stacks {
    match load(path, deploy) {
      Ok(result) => checked.push(result),
      Err(message) => {
        eprint(&format!("{message}\n"));
        unreadable = true;
      }
    }
  }
  report_diagnostics(&checked, output);
  if unreadable {
    return EXIT_CANNOT_RUN;
  }
  if checked.iter().any(|result| fails(result, output)) {
    return EXIT_INVALID;
  }
  if let Some(out) = deploy {
    for result in &checked {
      if let Some(model) = result.model()
        && let Err(code) = missing_secrets(result.source.path(), &model, out)
      {
        return code;
      }
    }
  }
  EXIT_VALID
}

/// `check --deploy`: every secret the deployment in `out` needs has a
/// value, and none disagrees with its `.env` (see `build_secrets`).
fn missing_secrets(stack: &Path, model: &Model<'_>, out: &Path) -> Result<(), i32> {
  let _lock = StoreLock::shared_if_present(stack).map_err(lock_failed)?;
  match build_secrets::check_deploy(stack, model, out) {
    Ok(report) => {
      eprint(&report);
      Ok(())
    }
    Err(failure) => {
      eprint(&format!("{failure}\n"));
      Err(failure.exit_code())
    }
  }
}

pub(crate) fn lock_failed(LockError(message): LockError) -> i32 {
  eprint(&format!("{message}\n"));
  EXIT_CANNOT_RUN
}

/// Removes what a killed stackc left in `directories`, saying so.
pub(crate) fn remove_stale_temporaries<'p>(
  directories: impl IntoIterator<Item = (&'p Path, String)>,
  lock: &StoreLock,
) -> Result<(), String> {
  for (directory, prefix) in directories {
    let removed = write::remove_stale_temporaries(directory, &prefix, lock.acquired)
      .map_err(|error| format!("error: cannot clean {}: {error}", directory.display()))?;
    if removed > 0 {
      eprint(&format!(
        "note: removed {removed} temporary file(s) an interrupted stackc left in {}\n",
        directory.display()
      ));
    }
  }
  Ok(())
}

fn secrets(command: SecretsCommand) -> i32 {
  let quiet = Output {
    format: Format::Human,
    color: ColorChoice::Auto,
    deny_warnings: false,
  };
  let (stack, name) = match &command {
    SecretsCommand::List { stack }
    | SecretsCommand::Rotate { stack, .. }
    | SecretsCommand::Prune { stack, .. } => (stack.clone(), None),
    SecretsCommand::Adopt {
      name, stack, all, ..
    } => match adopt_selection(name.as_deref(), stack.as_deref(), *all) {
      Ok((stack, selection)) => (stack, Some(selection)),
      Err(message) => {
        eprint(&format!("{message}\n"));
        return EXIT_CANNOT_RUN;
      }
    },
  };
  let checked = match checked_stack(&stack, &quiet, None) {
    Ok(checked) => checked,
    Err(code) => return code,
  };
  let Some(model) = checked.model() else {
    return EXIT_INVALID;
  };
  let lock = match &command {
    SecretsCommand::List { .. } => StoreLock::shared_if_present(&stack),
    SecretsCommand::Rotate { .. } => StoreLock::exclusive(&stack, "secrets rotate").map(Some),
    SecretsCommand::Prune { .. } => StoreLock::exclusive(&stack, "secrets prune").map(Some),
    SecretsCommand::Adopt { .. } => StoreLock::exclusive(&stack, "secrets adopt").map(Some),
  };
  let lock = match lock {
    Ok(lock) => lock,
    Err(error) => return lock_failed(error),
  };
  let mut store = match SecretStore::load(&stack) {
    Ok(store) => store,
    Err(failure) => {
      eprint(&format!("{failure}\n"));
      return failure.exit_code();
    }
  };
  if let (Some(lock), Some(directory)) = (&lock, store.path.parent())
    && !matches!(command, SecretsCommand::List { .. })
    && let Err(message) =
      remove_stale_temporaries([(directory, SecretStore::temporary_prefix(&stack))], lock)
  {
    eprint(&format!("{message}\n"));
    return EXIT_CANNOT_RUN;
  }
  let result = match command {
    SecretsCommand::List { .. } => Ok(secrets_command::list(&model, &store)),
    SecretsCommand::Rotate { name, force, .. } => {
      secrets_command::rotate(&model, &mut store, &name, force, &stack)
    }
    SecretsCommand::Prune { force, .. } => secrets_prune::prune(&model, &mut store, force),
    SecretsCommand::Adopt { out, .. } => match DeployedEnv::read(&out) {
      Ok(deployed) => {
        let selection = name.unwrap_or(Selection::All);
        secrets_adopt::adopt(&model, &mut store, &selection, &deployed)
      }
      Err(failure) => {
        eprint(&format!("{failure}\n"));
        return failure.exit_code();
      }
    },
  };
  match result {
    Ok(text) => {
      print(&text);
      EXIT_VALID
    }
    Err(message) => {
      eprint(&format!("{message}\n"));
      EXIT_INVALID
    }
  }
}

/// `adopt NAME [STACK]` or `adopt --all [STACK]`: with `--all`, the one
/// positional argument is the stack.
fn adopt_selection(
  name: Option<&str>,
  stack: Option<&Path>,
  all: bool,
) -> Result<(std::path::PathBuf, Selection), String> {
  let default = || std::path::PathBuf::from("stack.toml");
  match (name, stack, all) {
    (Some(name), stack, false) => Ok((
      stack.map_or_else(default, Path::to_path_buf),
      Selection::One(name.to_owned()),
    )),
    (None, _, false) => Err("error: name the secret to adopt, or give --all".into()),
    (stack, None, true) => Ok((stack.map_or_else(default, Into::into), Selection::All)),
    (None, Some(stack), true) => Ok((stack.to_path_buf(), Selection::All)),
    (Some(_), Some(_), true) => {
      Err("error: --all adopts every secret: give no NAME, only the stack file".into())
    }
  }
}

fn explain(code: Option<&str>) -> i32 {
  let Some(code) = code else {
    let mut text = String::new();
    for rule in REGISTRY {
      let meta = rule.meta;
      text.push_str(&format!(
        "{}  {:<7}  {:<34} {}\n",
        meta.code,
        meta.severity.as_str(),
        meta.name,
        meta.summary
      ));
    }
    print(&text);
    return EXIT_VALID;
  };
  match rules::find(code) {
    Some(rule) => {
      print(&rule.meta.explanation());
      EXIT_VALID
    }
    None => {
      eprint(&format!(
        "error: unknown diagnostic code `{code}`; `stackc explain` lists them\n"
      ));
      EXIT_CANNOT_RUN
    }
  }
}

/// Checks a stack for a command that goes on to use its model: `Err` is the
/// exit code when it cannot (unreadable, or invalid).
fn checked_stack(stack: &Path, output: &Output, out: Option<&Path>) -> Result<Checked, i32> {
  let checked = load(stack, out).map_err(|message| {
    eprint(&format!("{message}\n"));
    EXIT_CANNOT_RUN
  })?;
  let failed = fails(&checked, output);
  if failed || !checked.diagnostics.is_empty() {
    report_diagnostics(std::slice::from_ref(&checked), output);
  }
  if failed {
    Err(EXIT_INVALID)
  } else {
    Ok(checked)
  }
}

/// The profile named on the command line.
fn select_profile<'m>(
  model: &'m Model<'_>,
  name: Option<&str>,
) -> Result<Option<&'m Profile>, i32> {
  let Some(name) = name else {
    return Ok(None);
  };
  match model
    .profiles
    .iter()
    .find(|p| p.name.as_deref() == Some(name))
  {
    Some(profile) => Ok(Some(profile)),
    None => {
      let known: Vec<&str> = model
        .profiles
        .iter()
        .filter_map(|p| p.name.as_deref())
        .collect();
      eprint(&format!(
        "error: no profile `{name}` in the stack file (profiles: {})\n",
        if known.is_empty() {
          "none".to_owned()
        } else {
          known.join(", ")
        }
      ));
      Err(EXIT_CANNOT_RUN)
    }
  }
}

/// Checks `stack` and selects `profile`, then runs `command` on the model:
/// the start that `build`, `diff` and `graph` share.
fn with_model(
  stack: &Path,
  out: Option<&Path>,
  profile: Option<&str>,
  output: &Output,
  command: impl FnOnce(&Model<'_>, Option<&Profile>) -> i32,
) -> i32 {
  let checked = match checked_stack(stack, output, out) {
    Ok(checked) => checked,
    Err(code) => return code,
  };
  let Some(model) = checked.model() else {
    return EXIT_INVALID;
  };
  match select_profile(&model, profile) {
    Ok(profile) => command(&model, profile),
    Err(code) => code,
  }
}

/// The directory of the stack file, against which prompt files are read.
pub(crate) fn stack_directory(stack: &Path) -> &Path {
  stack
    .parent()
    .filter(|p| !p.as_os_str().is_empty())
    .unwrap_or(Path::new("."))
}

pub(crate) fn file_name(stack: &Path) -> String {
  stack
    .file_name()
    .map_or_else(|| "stack.toml".into(), |n| n.to_string_lossy().into_owned())
}

fn build(stack: &Path, target: &Target, check_only: bool, output: &Output) -> i32 {
  if check_only && output.format == Format::Json {
    return build_check_json(stack, target, output);
  }
  with_model(
    stack,
    Some(&target.out),
    target.profile.as_deref(),
    output,
    |model, profile| build_command::build(stack, model, profile, target, check_only),
  )
}

/// `build --check --format json`: one JSON document on stdout, so that CI
/// can parse it whatever happens: the diagnostics, and the committed files
/// that differ from what `build` writes (`null` when the stack is invalid).
fn build_check_json(stack: &Path, target: &Target, output: &Output) -> i32 {
  let checked = match load(stack, Some(&target.out)) {
    Ok(checked) => checked,
    Err(message) => {
      eprint(&format!("{message}\n"));
      return EXIT_CANNOT_RUN;
    }
  };
  let diagnostics = report::json_value(&[FileReport {
    source: &checked.source,
    diagnostics: &checked.diagnostics,
  }]);
  let (code, differing) = match checked.model() {
    Some(model) if !fails(&checked, output) => {
      match select_profile(&model, target.profile.as_deref()) {
        Err(code) => (code, None),
        Ok(profile) => match render_committed(stack, &model, profile, &target.out) {
          Ok(artifacts) => {
            let differing = write::differing(&target.out, &artifacts);
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
    "out": target.out.display().to_string(),
    "up_to_date": differing.as_ref().map(Vec::is_empty),
    "differing": differing,
    "diagnostics": diagnostics,
  });
  let mut text = serde_json::to_string_pretty(&document).expect("JSON serializes");
  text.push('\n');
  print(&text);
  code
}

/// The artifacts of a build without secrets: what `build --check` and
/// `diff` compare with the committed files, which hold none.
fn render_committed(
  stack: &Path,
  model: &Model<'_>,
  profile: Option<&Profile>,
  out: &Path,
) -> Result<Vec<render::Artifact>, String> {
  let stack_file = file_name(stack);
  let values = BTreeMap::new();
  render::render(
    model,
    &RenderOptions {
      stack_file: &stack_file,
      profile,
      values: &values,
      directory: stack_directory(stack),
      output: out,
      kept_env: &[],
    },
  )
}

fn diff(stack: &Path, target: &Target, output: &Output) -> i32 {
  with_model(
    stack,
    Some(&target.out),
    target.profile.as_deref(),
    output,
    |model, profile| {
      match render_committed(stack, model, profile, &target.out) {
        Ok(artifacts) => {
          let diff = write::diff(&target.out, &artifacts);
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

fn graph(stack: &Path, format: graph::GraphFormat, profile: Option<&str>) -> i32 {
  let output = Output {
    format: Format::Human,
    color: ColorChoice::Auto,
    deny_warnings: false,
  };
  with_model(
    stack,
    None,
    profile,
    &output,
    |model, profile| match Deployment::new(model, profile.unwrap_or(model.base())) {
      Ok(deployment) => {
        print(&graph::render(&deployment, format));
        EXIT_VALID
      }
      Err(message) => {
        eprint(&format!("error: {message}\n"));
        EXIT_INVALID
      }
    },
  )
}
