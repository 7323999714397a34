//! The command line: arguments in; stdout, stderr and an exit code out.

use {
  crate::{
    check::validate::SCHEMA,
    cli::{
      arguments::{Arguments, Command},
      build_command, check_command, diff_command, explain_command, graph_command, import_command,
      review_command, secrets_commands,
      terminal::print,
    },
    diagnostic::exit_code::{EXIT_CANNOT_RUN, EXIT_VALID},
  },
  clap::Parser,
  std::ffi::OsString,
};

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
    } => check_command::check(&stacks, deploy.as_deref(), &output),
    Command::Secrets { command } => secrets_commands::secrets(command),
    Command::Build {
      stack,
      destination,
      check,
      output,
    } => build_command::build(&stack, &destination, check, &output),
    Command::Diff {
      stack,
      destination,
      output,
    } => diff_command::diff(&stack, &destination, &output),
    Command::Graph {
      stack,
      format,
      profile,
      target,
    } => graph_command::graph(&stack, format, profile.as_deref(), target),
    Command::Import {
      directory,
      stack,
      out,
    } => import_command::import(&directory, &stack, &out),
    Command::Review {
      stacks,
      base,
      deployment,
      format,
      deny_dangerous,
    } => match deployment {
      Some(directory) => {
        review_command::review_deployment(&directory, &stacks, format, deny_dangerous)
      }
      None => review_command::review(&stacks, base.as_deref(), format, deny_dangerous),
    },
    Command::Schema => {
      print(SCHEMA);
      EXIT_VALID
    }
    Command::Explain { code } => explain_command::explain(code.as_deref()),
    Command::Lsp => crate::lsp::stdio(),
  }
}
