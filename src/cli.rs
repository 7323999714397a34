//! The command line: arguments in; stdout, stderr and an exit code out.

pub mod arguments;
pub mod build_command;
pub mod check_command;
pub mod diff_command;
pub mod encryption_arguments;
pub mod encryption_commands;
pub mod explain_command;
pub mod graph_command;
pub mod import_command;
pub mod recipients_arguments;
pub mod review_command;
pub mod run;
pub mod secrets_commands;

pub use run::{EXIT_CANNOT_RUN, EXIT_INVALID, EXIT_VALID, run};
