use {
  crate::{check::pipeline::Checked, lsp::positions::Positions},
  lsp_types::Url,
};

/// One version of an open stack file, checked: what the worker hands back,
/// and what hover, completion and code actions read between checks.
#[derive(Debug)]
pub struct Snapshot {
  pub uri: Url,
  pub version: i32,
  pub checked: Checked,
  /// Positions in the checked text, which the diagnostics were placed by.
  pub positions: Positions,
  pub diagnostics: Vec<lsp_types::Diagnostic>,
}
