//! stackc compiles a `stack.toml` into a BorgStack deployment.
//!
//! The pipeline, one module a stage: `parse` → `validate` → `resolve` →
//! `lint` → `deployment` (the model every target reads) → `targets` (one
//! folder per engine: `compose`, `swarm`, `kubernetes`, and what they
//! share) → `write`. `compiler` runs the checking stages; `cli` is the
//! command line; `secrets` keeps the values no artifact may lose.

pub mod catalog;
pub mod catalog_list;
pub mod catalog_map;
pub mod catalog_service;
pub mod catalog_text;
pub mod cli;
pub mod command;
pub mod command_failure;
pub mod compiler;
pub mod config;
pub mod config_reader;
pub mod databases;
pub mod declared_database;
pub mod deployment;
pub mod diagnostic;
pub mod document;
pub mod escaped_source;
pub mod generator;
pub mod graph;
pub mod healthcheck_config;
pub mod image_name;
pub mod import;
pub mod invisible;
pub mod kubernetes_config;
pub mod lint;
pub mod lsp;
pub mod model;
pub mod orchestratai;
pub mod orchestratai_catalog;
pub mod orchestratai_config;
pub mod output_directory;
pub mod parse;
pub mod printable;
pub mod profile_config;
pub mod reference_problem;
pub mod regular_file;
pub mod report;
pub mod resolve;
pub mod review;
pub mod rule;
pub mod rules;
pub mod secret_config;
pub mod secrets;
pub mod service_config;
pub mod severity;
pub mod source;
pub mod span;
pub mod stack_file_reference;
pub mod stack_settings;
pub mod stack_strings;
pub mod suggest;
pub mod swarm_config;
pub mod targets;
pub mod targets_config;
pub mod template;
pub mod tls;
pub mod unreadable;
pub mod validate;
pub mod write;
