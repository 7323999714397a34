use {
  crate::{model::Profile, targets::shared::env_file_reader},
  std::collections::BTreeMap,
};

/// What every target's renderer is given beside the model.
pub struct RenderOptions<'a> {
  /// The stack file's name, for the headers; never a full path, so that the
  /// same stack gives the same bytes wherever it is built from.
  pub stack_file: &'a str,
  pub profile: Option<&'a Profile>,
  /// Secret values by secret name, for `.env`.
  pub values: &'a BTreeMap<String, String>,
  /// The stack file's directory, for prompt files.
  pub directory: &'a std::path::Path,
  /// Entries of the earlier `.env` that stackc does not write, kept in it.
  pub kept_env: &'a [env_file_reader::EnvEntry],
  /// The output directory, from which no prompt file may be read.
  pub output: &'a std::path::Path,
}
