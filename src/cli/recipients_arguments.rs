use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum RecipientsCommand {
  /// Let the holder of KEY read every secret of the store.
  Add {
    /// An age public key (`age1…`).
    key: String,
    /// The stack file.
    #[arg(default_value = "stack.toml")]
    stack: PathBuf,
  },
  /// Encrypt the store no longer to KEY (what they read, they keep).
  Remove {
    /// An age public key (`age1…`).
    key: String,
    /// The stack file.
    #[arg(default_value = "stack.toml")]
    stack: PathBuf,
  },
}

impl RecipientsCommand {
  pub fn stack(&self) -> &std::path::Path {
    match self {
      Self::Add { stack, .. } | Self::Remove { stack, .. } => stack,
    }
  }
}
