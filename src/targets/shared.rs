//! What every target writes alike, once.

pub mod caddyfile;
pub mod checklist;
pub mod compose_format;
pub mod database_files;
pub mod env_file;
pub mod env_file_reader;
pub mod header;
pub mod yaml;
