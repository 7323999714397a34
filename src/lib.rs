//! stackc compiles a `stack.toml` into a BorgStack deployment.
//!
//! The pipeline, one module a stage: `parse` → `validate` → `resolve` →
//! `lint` → `render` → `write`. `compiler` runs it; `run` is the command line.

pub mod arguments;
pub mod catalog;
pub mod catalog_service;
pub mod compiler;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod healthcheck_config;
pub mod lint;
pub mod model;
pub mod orchestratai_config;
pub mod parse;
pub mod profile_config;
pub mod report;
pub mod resolve;
pub mod rule;
pub mod rules;
pub mod run;
pub mod secret_config;
pub mod service_config;
pub mod severity;
pub mod source;
pub mod span;
pub mod stack_settings;
pub mod suggest;
pub mod template;
pub mod tls;
pub mod validate;
