use {
  crate::{catalog::list::List, catalog::text::Text},
  databake::Bake,
  serde::Deserialize,
};

/// A container's command or entrypoint: a shell string or a list of
/// arguments, from the catalog or a stack file.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Bake)]
#[serde(untagged)]
#[databake(path = crate::catalog::command)]
pub enum Command {
  Shell(Text),
  Arguments(List<Text>),
}

impl Command {
  /// Arguments known when stackc is built.
  pub fn arguments<const N: usize>(arguments: [&'static str; N]) -> Self {
    Self::Arguments(arguments.into_iter().map(Text::from).collect())
  }

  /// Its text as written: the shell string, or each argument.
  pub fn parts(&self) -> Vec<&str> {
    match self {
      Self::Shell(shell) => vec![shell.as_str()],
      Self::Arguments(arguments) => arguments.iter().map(Text::as_str).collect(),
    }
  }
}
