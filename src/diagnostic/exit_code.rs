//! The exit codes every command returns, and that a `CommandFailure`
//! maps to: one place, so that a lower stage can say which without
//! importing the command line.

/// The stack is valid (warnings allowed unless `--deny-warnings`).
pub const EXIT_VALID: i32 = 0;
/// The stack has problems, all of them reported.
pub const EXIT_INVALID: i32 = 1;
/// stackc could not run: a missing file, a bad flag.
pub const EXIT_CANNOT_RUN: i32 = 2;
