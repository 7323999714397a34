//! `stackc lsp`: the checker as a language server over stdio.

pub mod position_encoding;
pub mod positions;
pub mod transport;
