//! stackc compiles a `stack.toml` into a BorgStack deployment.
//!
//! The pipeline, one module a stage: `parse` → `validate` → `resolve` →
//! `lint` → `render` → `write`. `compiler` runs it; `run` is the command line.

pub mod arguments;
pub mod build_command;
pub mod build_secrets;
pub mod caddyfile;
pub mod catalog;
pub mod catalog_service;
pub mod checklist;
pub mod compiler;
pub mod compose_file;
pub mod config;
pub mod databases;
pub mod deployed_env;
pub mod deployment;
pub mod diagnostic;
pub mod document;
pub mod env_file;
pub mod environment_secrets;
pub mod generator;
pub mod graph;
pub mod healthcheck_config;
pub mod lint;
pub mod model;
pub mod orchestratai;
pub mod orchestratai_config;
pub mod output_directory;
pub mod parse;
pub mod printable;
pub mod profile_config;
pub mod reference_problem;
pub mod render;
pub mod report;
pub mod resolve;
pub mod rule;
pub mod rules;
pub mod run;
pub mod secret_config;
pub mod secret_store;
pub mod secrets_adopt;
pub mod secrets_command;
pub mod secrets_prune;
pub mod service_config;
pub mod severity;
pub mod source;
pub mod span;
pub mod stack_file_reference;
pub mod stack_settings;
pub mod store_lock;
pub mod suggest;
pub mod template;
pub mod tls;
pub mod validate;
pub mod write;
pub mod yaml;
