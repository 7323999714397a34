//! The checking stages, run by `pipeline`: parse → validate (the JSON
//! Schema, then the typed file) → resolve → lint, every rule of `rules/` over
//! a `Context`. Every problem is kept, none stops the others.

pub mod config_reader;
pub mod context;
pub mod declared_database;
pub mod lint;
pub mod parse;
pub mod pipeline;
pub mod rule;
pub mod rules;
pub mod suggest;
pub mod unreadable;
pub mod validate;
