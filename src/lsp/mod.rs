//! `stackc lsp`: the checker as a language server over stdio. The
//! editor's thread (`server`) keeps the open documents and answers
//! requests; a worker (`debounce`) runs the same check as `stackc check` on
//! the latest text of each; `transport` reads and writes the messages.

pub mod capabilities;
pub mod check_job;
pub mod code_actions;
pub mod completion;
pub mod cursor;
pub mod debounce;
pub mod definition;
pub mod diagnostics;
pub mod documents;
pub mod handshake;
pub mod hover;
pub mod open_document;
pub mod options;
pub mod position_encoding;
pub mod positions;
pub mod schema_index;
pub mod server;
pub mod snapshot;
pub mod transport;

/// Serves the editor on stdin and stdout; the exit code.
pub fn stdio() -> i32 {
  server::Server::serve(transport::Transport::stdio())
}
