//! The command line: arguments in; stdout, stderr and an exit code out.
//! `run` parses the arguments and hands them to one `*_command` file per
//! command; `load` reads and checks a stack for them, and `terminal` is
//! where they all print.

pub mod arguments;
pub mod build_command;
pub mod check_command;
pub mod diff_command;
pub mod encryption_arguments;
pub mod encryption_commands;
pub mod explain_command;
pub mod graph_command;
pub mod import_command;
pub mod load;
pub mod recipients_arguments;
pub mod report;
pub mod review_command;
pub mod run;
pub mod secrets_commands;
pub mod stale_temporaries;
pub mod terminal;

pub use {
  crate::diagnostic::exit_code::{EXIT_CANNOT_RUN, EXIT_INVALID, EXIT_VALID},
  run::run,
};
