//! stackc compiles a `stack.toml` into a BorgStack deployment.
//!
//! The stages below are declared in pipeline order, and each may import
//! only the stages declared before it (`ARCHITECTURE.md`; held by
//! `tests/architecture.rs`).

/// The stack file's text: its source, a span for every key and value, and
/// what of it is safe to show.
pub mod document;

/// A problem found, and why a command stopped (its exit code).
pub mod diagnostic;

/// The components stackc knows, baked from `catalog/*.toml` by `build.rs`.
pub mod catalog;

/// The stack file as typed data.
pub mod config;

/// Reading files someone else may have replaced; writing files whole.
pub mod files;

/// The stack resolved against the catalog, and the deployment every target
/// reads.
pub mod model;

/// The deployment to the files of one engine: compose, Swarm, Kubernetes.
pub mod targets;

/// The pipeline: parse → validate → resolve → lint, and the rules.
pub mod check;

/// The values no artifact may lose: the store, `.env`, the environment.
pub mod secrets;

/// Artifacts onto disk, atomically.
pub mod write;

/// A hand-written compose deployment in, as a stack file.
pub mod import;

/// What a change to a stack does to the deployment.
pub mod review;

/// Editors: the checker live, over the Language Server Protocol.
pub mod lsp;

/// The command line.
pub mod cli;
