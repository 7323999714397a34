//! The command line: arguments in; stdout, stderr and an exit code out.

use {
  crate::{
    arguments::{Arguments, ColorChoice, Command, Output, SecretsCommand, Target},
    compiler::{self, Checked},
    deployment::Deployment,
    env_file, graph,
    model::{Model, Profile, SecretSource},
    render::{self, RenderOptions},
    report::{self, FileReport, Format},
    rules::{self, REGISTRY},
    secret_store::SecretStore,
    secrets_command,
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

fn print(text: &str) {
  // A closed pipe (`stackc schema | head`) is not an error worth a panic.
  let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn eprint(text: &str) {
  let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Reads and checks a stack, for a build into `out` when there is one; `Err`
/// is a one-line reason it could not be read.
fn load(path: &Path, out: Option<&Path>) -> Result<Checked, String> {
  let bytes = std::fs::read(path).map_err(|error| {
    let reason = match error.kind() {
      std::io::ErrorKind::NotFound => "no such file".to_owned(),
      std::io::ErrorKind::IsADirectory => "is a directory".to_owned(),
      _ => error.to_string(),
    };
    format!("error: cannot read {}: {reason}", path.display())
  })?;
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

/// `check --deploy`: every secret the deployment needs must have a value in
/// the store, the environment, or the deployment's `.env`.
fn missing_secrets(stack: &Path, model: &Model<'_>, out: &Path) -> Result<(), i32> {
  let fail = |message: String| {
    eprint(&format!("{message}\n"));
    EXIT_INVALID
  };
  let store = SecretStore::load(stack).map_err(fail)?;
  let previous = previous_env(out).map_err(fail)?;
  let values = secret_values(model, &store, &previous);
  let deployment =
    Deployment::new(model, model.base()).map_err(|message| fail(format!("error: {message}")))?;
  let mut missing = String::new();
  for (variable, entry) in &deployment.variables {
    if values
      .get(&entry.secret)
      .is_some_and(|value| !value.is_empty())
    {
      continue;
    }
    let how = match &model.secrets[&entry.secret].source {
      SecretSource::Generate { .. } => {
        "generated by `stackc build`, which has not run yet".to_owned()
      }
      SecretSource::FromEnv(from) => format!(
        "set ${from} when running `stackc build`, or write it into {}",
        out.join(".env").display()
      ),
      SecretSource::Manual(instructions) => format!(
        "{instructions}; write it into {}",
        out.join(".env").display()
      ),
      SecretSource::Invalid => "declare its source".to_owned(),
    };
    missing.push_str(&format!("  {variable}: {how}\n"));
  }
  if missing.is_empty() {
    eprint(&format!("{}: every secret has a value\n", out.display()));
    Ok(())
  } else {
    Err(fail(format!(
      "error: secrets still missing for {}:\n{}",
      out.display(),
      missing.trim_end()
    )))
  }
}

fn secrets(command: SecretsCommand) -> i32 {
  let quiet = Output {
    format: Format::Human,
    color: ColorChoice::Auto,
    deny_warnings: false,
  };
  let stack = match &command {
    SecretsCommand::List { stack }
    | SecretsCommand::Rotate { stack, .. }
    | SecretsCommand::Prune { stack } => stack.clone(),
  };
  let checked = match checked_stack(&stack, &quiet, None) {
    Ok(checked) => checked,
    Err(code) => return code,
  };
  let Some(model) = checked.model() else {
    return EXIT_INVALID;
  };
  let mut store = match SecretStore::load(&stack) {
    Ok(store) => store,
    Err(message) => {
      eprint(&format!("{message}\n"));
      return EXIT_INVALID;
    }
  };
  let result = match command {
    SecretsCommand::List { .. } => Ok(secrets_command::list(&model, &store)),
    SecretsCommand::Rotate { name, force, .. } => {
      secrets_command::rotate(&model, &mut store, &name, force, &stack)
    }
    SecretsCommand::Prune { .. } => secrets_command::prune(&model, &mut store).map(|removed| {
      if removed.is_empty() {
        "Nothing to prune: every stored secret is in the stack.\n".to_owned()
      } else {
        removed
          .iter()
          .map(|name| format!("pruned {name}\n"))
          .collect()
      }
    }),
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
fn stack_directory(stack: &Path) -> &Path {
  stack
    .parent()
    .filter(|p| !p.as_os_str().is_empty())
    .unwrap_or(Path::new("."))
}

fn file_name(stack: &Path) -> String {
  stack
    .file_name()
    .map_or_else(|| "stack.toml".into(), |n| n.to_string_lossy().into_owned())
}

/// The value of every secret for `.env`: generated ones from the store,
/// `from_env` ones from the environment, and, for those the environment
/// does not set and for `manual` ones, what the existing `.env` holds, so
/// that no value an operator filled in is lost.
fn secret_values(
  model: &Model<'_>,
  store: &SecretStore,
  previous: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
  let mut values = BTreeMap::new();
  for secret in model.secrets.values() {
    let value = match &secret.source {
      SecretSource::Generate { .. } => store.value(&secret.name).map(str::to_owned),
      SecretSource::FromEnv(variable) => std::env::var(variable)
        .ok()
        .filter(|value| !value.is_empty())
        .or_else(|| previous.get(&secret.variable()).cloned()),
      SecretSource::Manual(_) => previous.get(&secret.variable()).cloned(),
      SecretSource::Invalid => None,
    };
    if let Some(value) = value {
      values.insert(secret.name.clone(), value);
    }
  }
  values
}

/// The `.env` already in the output directory, if any.
fn previous_env(out: &Path) -> Result<BTreeMap<String, String>, String> {
  let path = out.join(".env");
  match std::fs::read_to_string(&path) {
    Ok(text) => env_file::parse(&text).map_err(|error| {
      format!(
        "error: {} {error}; it may hold values set by hand, so nothing was written",
        path.display()
      )
    }),
    Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
    Err(error) => Err(format!("error: cannot read {}: {error}", path.display())),
  }
}

/// Loads the store, generates what is missing (saving it first, so that no
/// generated value exists only in memory), and gathers every value.
fn prepare_secrets(
  stack: &Path,
  model: &Model<'_>,
  out: &Path,
) -> Result<BTreeMap<String, String>, String> {
  let previous = previous_env(out)?;
  let mut store = SecretStore::load(stack)?;
  let (generated, changed) = store.ensure(model)?;
  for change in changed {
    eprint(&format!(
      "warning: secret `{}` was generated as a {}; the stack now asks for a {}. The stored value is kept: run `stackc secrets rotate {}` to apply the new setting.\n",
      change.name, change.stored, change.wanted, change.name
    ));
  }
  if !generated.is_empty() {
    store.save()?;
  }
  Ok(secret_values(model, &store, &previous))
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
    |model, profile| build_model(stack, model, profile, target, check_only),
  )
}

fn build_model(
  stack: &Path,
  model: &Model<'_>,
  profile: Option<&Profile>,
  target: &Target,
  check_only: bool,
) -> i32 {
  // `--check` compares committed files only, so it needs no secret: it
  // generates none and writes nothing.
  let values = if check_only {
    BTreeMap::new()
  } else {
    match prepare_secrets(stack, model, &target.out) {
      Ok(values) => values,
      Err(message) => {
        eprint(&format!("{message}\n"));
        return EXIT_INVALID;
      }
    }
  };
  let stack_file = file_name(stack);
  let options = RenderOptions {
    stack_file: &stack_file,
    profile,
    values: &values,
    directory: stack_directory(stack),
    output: &target.out,
  };
  let artifacts = match render::render(model, &options) {
    Ok(artifacts) => artifacts,
    Err(message) => {
      eprint(&format!("error: {message}; nothing was written\n"));
      return EXIT_INVALID;
    }
  };
  if check_only {
    let differing = write::differing(&target.out, &artifacts);
    if differing.is_empty() {
      eprint(&format!("{}: up to date\n", target.out.display()));
      return EXIT_VALID;
    }
    let listed: String = differing
      .iter()
      .map(|path| format!("{}\n", target.out.join(path).display()))
      .collect();
    print(&listed);
    eprint(&format!(
      "{} file(s) differ from what `stackc build` writes\n",
      differing.len()
    ));
    return EXIT_INVALID;
  }
  match write::write_all(&target.out, &artifacts) {
    Ok(written) => {
      eprint(&format!(
        "{}: wrote {} of {} files\n",
        target.out.display(),
        written.len(),
        artifacts.len()
      ));
      EXIT_VALID
    }
    Err(error) => {
      eprint(&format!(
        "error: cannot write {}: {error}; the previous files were left as they were\n",
        target.out.display()
      ));
      EXIT_CANNOT_RUN
    }
  }
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
        Ok(profile) => {
          let stack_file = file_name(stack);
          let values = BTreeMap::new();
          let options = RenderOptions {
            stack_file: &stack_file,
            profile,
            values: &values,
            directory: stack_directory(stack),
            output: &target.out,
          };
          match render::render(&model, &options) {
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
          }
        }
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

fn diff(stack: &Path, target: &Target, output: &Output) -> i32 {
  with_model(
    stack,
    Some(&target.out),
    target.profile.as_deref(),
    output,
    |model, profile| {
      let stack_file = file_name(stack);
      let values = BTreeMap::new();
      let options = RenderOptions {
        stack_file: &stack_file,
        profile,
        values: &values,
        directory: stack_directory(stack),
        output: &target.out,
      };
      match render::render(model, &options) {
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
