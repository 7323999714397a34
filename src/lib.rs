//! stackc compiles a `stack.toml` into a BorgStack deployment.
//!
//! The pipeline, one module a stage: `parse` → `validate` → `resolve` →
//! `lint` → `render` → `write`. `compiler` runs it; `run` is the command line.

pub mod arguments;
pub mod caddyfile;
pub mod catalog;
pub mod catalog_service;
pub mod checklist;
pub mod compiler;
pub mod compose_file;
pub mod config;
pub mod config_reader;
pub mod deployment;
pub mod diagnostic;
pub mod document;
pub mod env_file;
pub mod escaped_source;
pub mod generator;
pub mod graph;
pub mod healthcheck_config;
pub mod lint;
pub mod model;
pub mod mongo_init;
pub mod orchestratai;
pub mod orchestratai_config;
pub mod parse;
pub mod postgres_init;
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
pub mod secrets_command;
pub mod service_config;
pub mod severity;
pub mod source;
pub mod span;
pub mod stack_file_reference;
pub mod stack_settings;
pub mod suggest;
pub mod template;
pub mod tls;
pub mod unreadable;
pub mod validate;
pub mod write;
pub mod yaml;
