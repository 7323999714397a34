//! stackc compiles a `stack.toml` into a BorgStack deployment.
//!
//! The modules, in pipeline order; each may use only those above it
//! (`ARCHITECTURE.md`):
//!
//! - `document`: the stack file's text, spans and sections;
//! - `diagnostic`: a problem found, and why a command stopped;
//! - `catalog`: the components stackc knows, baked from `catalog/*.toml`;
//! - `config`: the typed stack file;
//! - `files`: reading files others may have replaced, writing atomically;
//! - `model`: the stack resolved against the catalog, and the deployment
//!   every target reads;
//! - `targets`: the deployment to the files of compose, Swarm, Kubernetes;
//! - `check`: parse → validate → resolve → lint, and the rules;
//! - `secrets`: the values no artifact may lose;
//! - `write`: artifacts onto disk;
//! - `import`, `review`: a hand-written deployment in, a change explained;
//! - `cli`: the command line.

pub mod catalog;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod files;
pub mod import;
pub mod model;
pub mod review;
pub mod secrets;
pub mod targets;
pub mod write;
