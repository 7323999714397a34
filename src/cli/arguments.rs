use {
  crate::{cli::report::Format, model::graph::GraphFormat, targets::Target},
  clap::Parser,
  std::path::PathBuf,
};

/// Compile and validate self-hosted BorgStack deployments.
#[derive(Debug, Parser)]
#[command(name = "stackc", version, about, max_term_width = 100)]
pub struct Arguments {
  #[command(subcommand)]
  pub command: Command,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
  /// Validate stack files and report every problem at once.
  Check {
    /// Stack files to check.
    #[arg(default_value = "stack.toml")]
    stacks: Vec<PathBuf>,
    /// Also fail, listing them, if secrets are still missing for a deployment
    /// in DIR: from the secrets store, the environment or DIR/.env.
    #[arg(long, value_name = "DIR")]
    deploy: Option<PathBuf>,
    #[command(flatten)]
    output: Output,
  },
  /// Compile a stack into a deployment directory, atomically.
  Build {
    /// The stack file.
    #[arg(default_value = "stack.toml")]
    stack: PathBuf,
    #[command(flatten)]
    destination: Destination,
    /// Write nothing; exit 1 and list the committed files that would change.
    #[arg(long)]
    check: bool,
    #[command(flatten)]
    output: Output,
  },
  /// Print a unified diff of what `build` would change in the committed files.
  Diff {
    /// The stack file.
    #[arg(default_value = "stack.toml")]
    stack: PathBuf,
    #[command(flatten)]
    destination: Destination,
    #[command(flatten)]
    output: Output,
  },
  /// Print the services, their networks and dependencies as a diagram.
  Graph {
    /// The stack file.
    #[arg(default_value = "stack.toml")]
    stack: PathBuf,
    /// Mermaid (renders on GitHub) or Graphviz DOT.
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    format: GraphFormat,
    /// Show the stack under this profile.
    #[arg(long)]
    profile: Option<String>,
    /// Show the stack as this engine runs it.
    #[arg(long, value_enum, default_value_t = Target::Compose)]
    target: Target,
  },
  /// Write a stack.toml for an existing docker compose deployment, carrying
  /// every secret value it runs with over to the first build.
  Import {
    /// The folder of the deployment: docker-compose.yml (with
    /// docker-compose.override.yml) and .env.
    directory: PathBuf,
    /// The stack file to write.
    #[arg(long, default_value = "stack.toml")]
    stack: PathBuf,
    /// Where the first build goes: its .env is written with the values.
    #[arg(long, default_value = "deploy")]
    out: PathBuf,
  },
  /// Print what a change to a stack file does to the deployment, per
  /// container, flagging what can lose data or expose a service.
  Review {
    /// OLD and NEW stack files; with --base, the stack file (default
    /// stack.toml).
    stacks: Vec<PathBuf>,
    /// Compare the stack file at this git revision with the working copy.
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    /// Compare the hand-written compose deployment in DIR with the stack.
    #[arg(long, value_name = "DIR", conflicts_with = "base")]
    deployment: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = ReviewFormat::Human)]
    format: ReviewFormat,
    /// Exit 1 when a change is dangerous.
    #[arg(long)]
    deny_dangerous: bool,
  },
  /// List, rotate or prune the stack's secrets; values are never printed.
  Secrets {
    #[command(subcommand)]
    command: SecretsCommand,
  },
  /// Print the JSON Schema of stack.toml.
  Schema,
  /// Print the documentation of a diagnostic code, or list every code.
  Explain {
    /// A code such as SC101.
    code: Option<String>,
  },
  /// Serve editors over the Language Server Protocol on stdin and stdout.
  Lsp,
}

#[derive(Debug, clap::Subcommand)]
pub enum SecretsCommand {
  /// Every secret: its variable, source, users, and whether it is set once.
  List {
    /// The stack file.
    #[arg(default_value = "stack.toml")]
    stack: PathBuf,
  },
  /// Generate a new value for a secret and print how to apply it.
  Rotate {
    /// The secret, as named in stack.toml or the catalog.
    name: String,
    /// The stack file.
    #[arg(default_value = "stack.toml")]
    stack: PathBuf,
    /// Rotate a set-once secret anyway, knowing what it breaks.
    #[arg(long)]
    force: bool,
  },
  /// Remove stored secrets the stack no longer uses, keeping a dated backup.
  Prune {
    /// The stack file.
    #[arg(default_value = "stack.toml")]
    stack: PathBuf,
    /// Also remove set-once secrets, whose services' data may still need them.
    #[arg(long)]
    force: bool,
  },
  /// Store the value a deployment's .env holds, settling a disagreement.
  #[command(
    override_usage = "stackc secrets adopt <NAME> [STACK] --out <DIR>\n       stackc secrets adopt --all [STACK] --out <DIR>"
  )]
  Adopt {
    /// The secret, as named in stack.toml or the catalog (with `--all`: the
    /// stack file).
    name: Option<String>,
    /// The stack file [default: stack.toml].
    stack: Option<PathBuf>,
    /// Every generated secret the store lacks or holds another value of.
    #[arg(long)]
    all: bool,
    /// The deployment directory whose .env holds the values.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
  },
  #[command(flatten)]
  Encryption(crate::cli::encryption_arguments::EncryptionCommand),
}

/// Where a build goes, for which engine, under which profile.
#[derive(Debug, clap::Args)]
pub struct Destination {
  /// The engine to build for.
  #[arg(long, value_enum, default_value_t = Target::Compose)]
  pub target: Target,
  /// The deployment directory to write.
  #[arg(long, value_name = "DIR")]
  pub out: PathBuf,
  /// Also write the overrides of this profile (`[profiles.NAME]`).
  #[arg(long)]
  pub profile: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct Output {
  /// How to print diagnostics: human (stderr), json, sarif or github (stdout).
  #[arg(long, value_enum, default_value_t = Format::Human)]
  pub format: Format,
  /// Colour in human output; `auto` honours NO_COLOR and the terminal.
  #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
  pub color: ColorChoice,
  /// Fail (exit 1) on warnings too.
  #[arg(long)]
  pub deny_warnings: bool,
}

impl Output {
  /// Human diagnostics on stderr, for commands that have no output flags.
  pub fn human() -> Self {
    Self {
      format: Format::Human,
      color: ColorChoice::Auto,
      deny_warnings: false,
    }
  }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
  Auto,
  Always,
  Never,
}

impl ColorChoice {
  pub fn enabled(self) -> bool {
    use std::io::IsTerminal;
    match self {
      Self::Always => true,
      Self::Never => false,
      Self::Auto => {
        std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
          && std::io::stderr().is_terminal()
      }
    }
  }
}

/// How `stackc review` shows what a change does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReviewFormat {
  Human,
  Markdown,
  Json,
}
