//! `stackc secrets encrypt` and `stackc secrets recipients add|remove`: the
//! encrypted secrets store's commands, beside `SecretsCommand`'s others.

use {crate::cli::recipients_arguments::RecipientsCommand, std::path::PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum EncryptionCommand {
  /// Encrypt the secrets store with age, to the stack file's recipients or
  /// those given (then written into the stack file), and remove the plain one.
  Encrypt {
    /// The stack file.
    #[arg(default_value = "stack.toml")]
    stack: PathBuf,
    /// An age public key (`age1…`) who can read the store; repeatable.
    #[arg(long = "recipient", value_name = "AGE_PUBLIC_KEY")]
    recipients: Vec<String>,
    /// A recipients file in age's format, named in the stack file.
    #[arg(long, value_name = "FILE")]
    recipients_file: Option<PathBuf>,
  },
  /// Change who can read the encrypted store; it is encrypted again to them.
  Recipients {
    #[command(subcommand)]
    command: RecipientsCommand,
  },
}
