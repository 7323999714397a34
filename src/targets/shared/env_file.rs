//! `.env` and `.env.example`: every variable the compose file interpolates,
//! once each, sorted, each with a comment saying what it is and who uses it.

use {
  crate::{
    model::SecretSource, model::deployment::Deployment, targets::shared::env_file_reader::EnvEntry,
  },
  std::{
    collections::BTreeMap,
    fmt::{self, Write},
  },
};

/// Writes a value so that docker-compose reads back exactly these bytes.
/// Compose (v1) reads `.env` with python-dotenv. A value of plain ASCII characters
/// goes unquoted (dotenv-linter warns on needless quotes); any other goes in
/// single quotes, where newlines, `#`, `$` and spaces are kept and only `\\`
/// and `\'` are escapes. `${` cannot be written at all, since python-dotenv
/// expands it even in quotes: `Err` says so.
pub fn quote(value: &str) -> Result<String, String> {
  if value.contains("${") {
    return Err("holds `${`, which docker-compose's .env reader would expand".into());
  }
  if value.contains('\r') {
    return Err(
      "holds a carriage return, which docker-compose's .env reader reads as a newline".into(),
    );
  }
  if value.contains('\0') {
    return Err("holds a NUL character, which no process environment can pass".into());
  }
  // python-dotenv reads it back, but `docker-compose config` prints it as a
  // line break, which its YAML reader folds into a space: refused, so that
  // every value comes back exactly through every way compose is used.
  if value.contains('\u{85}') {
    return Err(
      "holds U+0085 (NEL), which `docker-compose config` writes back as a line break".into(),
    );
  }
  let plain = value
    .chars()
    .all(|c| c.is_ascii_graphic() && !matches!(c, '#' | '"' | '\'' | '\\' | '$' | '`'));
  if plain {
    return Ok(value.to_owned());
  }
  // Quoted, a final `\` is written `\\'`, whose `\'` python-dotenv's
  // pattern takes for an escaped quote: the value would run on.
  if value.ends_with('\\') {
    return Err(
      "ends with a backslash, which docker-compose's .env reader cannot read back in quotes".into(),
    );
  }
  // Compose v1 (python-dotenv) and v2 (compose-go) both read `\'` in single
  // quotes as `'` and keep any other backslash as written, but v1 alone
  // decodes `\\`: single quotes, backslashes raw, unless the value holds
  // `\\` or `\'`.
  if !value.contains("\\\\") && !value.contains("\\'") {
    return Ok(format!("'{}'", value.replace('\'', "\\'")));
  }
  // Both decode `\\` and `\"` in double quotes, but v2 also interpolates
  // `$NAME`, `$$` and `${` there, and no escape of `$` reads the same in both.
  let interpolated = value.as_bytes().windows(2).any(|pair| {
    pair[0] == b'$'
      && (pair[1] == b'$' || pair[1] == b'_' || pair[1] == b'{' || pair[1].is_ascii_alphabetic())
  });
  if interpolated {
    return Err(
      "holds `\\\\` or `\\'` and a `$` reference, which docker compose v1 and v2 cannot both read back from .env"
        .into(),
    );
  }
  Ok(format!(
    "\"{}\"",
    value.replace('\\', "\\\\").replace('"', "\\\"")
  ))
}

/// `.env.example` (committed, values blank) and `.env` (0600, never
/// committed), both headed by `header`.
pub fn artifacts(
  deployment: &Deployment<'_>,
  header: &str,
  options: &crate::targets::render_options::RenderOptions<'_>,
  reader: Reader,
) -> Result<[crate::targets::artifact::Artifact; 2], String> {
  let example = render(deployment, header, &BTreeMap::new(), &[], reader)?;
  let values = render(deployment, header, options.values, options.kept_env, reader)?;
  Ok([
    crate::targets::artifact::Artifact::committed(".env.example", example),
    crate::targets::artifact::Artifact {
      path: ".env".into(),
      contents: values,
      committed: false,
      mode: 0o600,
    },
  ])
}

/// Who reads the `.env`, beside stackc itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
  /// docker compose (python-dotenv).
  Compose,
  /// A POSIX shell (`set -a; . ./.env`), and docker compose alike: the
  /// Swarm deploy script exports it so, since `docker stack deploy` reads
  /// no `.env`.
  Shell,
}

/// Writes a value so that a shell and python-dotenv both read back exactly
/// these bytes: unquoted only when every character is inert to a shell,
/// otherwise in single quotes, where both read every character literally
/// but `'` (which ends them for the shell) and `\` (an escape to
/// python-dotenv), which cannot be written at all.
pub fn quote_for_shell(value: &str) -> Result<String, String> {
  // What docker compose cannot read back is refused here too.
  quote(value)?;
  let inert = |c: char| c.is_ascii_alphanumeric() || "_./:@%+=,-".contains(c);
  if value.chars().all(inert) {
    return Ok(value.to_owned());
  }
  if value.contains(['\'', '\\']) {
    return Err(
      "holds `'` or `\\`, which a shell and docker compose cannot both read back from .env".into(),
    );
  }
  Ok(format!("'{value}'"))
}

/// How a variable's value is supplied, for its comment.
struct Supplied<'a>(&'a SecretSource);

impl fmt::Display for Supplied<'_> {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match self.0 {
      SecretSource::Generate { generator, length } => match length {
        Some(length) => write!(
          f,
          "Generated by stackc ({generator}, {length} characters) and kept."
        ),
        None => write!(f, "Generated by stackc ({generator}) and kept."),
      },
      SecretSource::FromEnv(variable) => {
        write!(
          f,
          "Supplied at deploy time from the environment variable {variable}."
        )
      }
      SecretSource::Manual(instructions) => write!(f, "Set by hand: {instructions}"),
      SecretSource::Invalid => Ok(()),
    }
  }
}

/// Appends one comment line. The lint stage keeps line breaks out of what
/// goes here (SC131, SC132, SC211); a comment that would still end its line
/// and start another is refused rather than written.
fn push_comment(output: &mut String, text: fmt::Arguments<'_>) -> Result<(), String> {
  let start = output.len();
  output.push_str("# ");
  let _ = output.write_fmt(text);
  if output[start..].contains(['\n', '\r']) {
    let text = output[start + 2..].to_owned();
    output.truncate(start);
    return Err(format!("a comment of .env would span lines: {text:?}"));
  }
  output.push('\n');
  Ok(())
}
/// The heading of the entries of an earlier `.env` that stackc does not
/// write, kept after its own.
pub const KEPT_HEADING: &str = "# Not managed by stackc: kept as found.";

/// Writes the file; `values` maps secret names to values, and is empty for
/// `.env.example`, whose values are left blank. `kept` are entries of the
/// earlier `.env` to keep; those of a variable written here are left out.
pub fn render(
  deployment: &Deployment<'_>,
  header: &str,
  values: &BTreeMap<String, String>,
  kept: &[EnvEntry],
  reader: Reader,
) -> Result<String, String> {
  let quote = match reader {
    Reader::Compose => quote,
    Reader::Shell => quote_for_shell,
  };
  let mut output = String::from(header);
  for (variable, entry) in &deployment.variables {
    let secret = &deployment.model.secrets[&entry.secret];
    output.push('\n');
    push_comment(
      &mut output,
      format_args!("{}.", entry.description.trim_end_matches('.')),
    )?;
    push_comment(
      &mut output,
      format_args!(
        "Used by {}. {}",
        Joined(&entry.used_by),
        Supplied(&secret.source)
      ),
    )?;
    let value = values.get(&entry.secret).map_or("", String::as_str);
    let quoted = quote(value).map_err(|reason| format!("the value of {variable} {reason}"))?;
    let _ = writeln!(output, "{variable}={quoted}");
  }
  let kept: Vec<&EnvEntry> = kept
    .iter()
    .filter(|entry| !deployment.variables.contains_key(&entry.key))
    .collect();
  if !kept.is_empty() {
    let _ = write!(output, "\n{KEPT_HEADING}\n");
    for entry in kept {
      output.push('\n');
      match reader {
        Reader::Compose => output.push_str(&entry.raw),
        // Written anew: a line kept as found could run commands when sourced.
        Reader::Shell => {
          let quoted =
            quote(&entry.value).map_err(|reason| format!("the value of {} {reason}", entry.key))?;
          let _ = writeln!(output, "{}={quoted}", entry.key);
        }
      }
    }
  }
  Ok(output)
}

/// Names separated by commas, written without joining them first.
struct Joined<I>(I);

impl<I: IntoIterator<Item: fmt::Display> + Copy> fmt::Display for Joined<I> {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    for (index, name) in self.0.into_iter().enumerate() {
      if index > 0 {
        f.write_str(", ")?;
      }
      write!(f, "{name}")?;
    }
    Ok(())
  }
}

#[cfg(test)]
mod tests {
  use super::{quote, quote_for_shell};

  #[test]
  fn shell_quoting_leaves_nothing_for_a_shell_to_interpret() {
    assert_eq!(
      quote_for_shell("plain-_.+/=:@%,").unwrap(),
      "plain-_.+/=:@%,"
    );
    assert_eq!(quote_for_shell("").unwrap(), "");
    assert_eq!(quote_for_shell("a;touch x").unwrap(), "'a;touch x'");
    assert_eq!(quote_for_shell("$(id)`id`").unwrap(), "'$(id)`id`'");
    assert_eq!(quote_for_shell("~*?[a]!#").unwrap(), "'~*?[a]!#'");
    assert_eq!(quote_for_shell("two\nlines").unwrap(), "'two\nlines'");
    assert!(quote_for_shell("it's").is_err());
    assert!(quote_for_shell("a\\b").is_err());
    assert!(quote_for_shell("${X}").is_err());
  }

  #[test]
  fn quoting_escapes_only_what_python_dotenv_decodes() {
    assert_eq!(quote("plain-_.~+/=").unwrap(), "plain-_.~+/=");
    assert_eq!(quote("").unwrap(), "");
    assert_eq!(quote("two words").unwrap(), "'two words'");
    assert_eq!(quote("it's").unwrap(), r"'it\'s'");
    assert_eq!(quote(r"a\b").unwrap(), r"'a\b'");
    assert_eq!(quote(r"it\'s").unwrap(), r#""it\\'s""#);
    assert_eq!(quote(r"a\\b $1").unwrap(), r#""a\\\\b $1""#);
    assert!(quote(r"a\\b $HOME").is_err());
    assert_eq!(quote("$HOME # x\ny").unwrap(), "'$HOME # x\ny'");
    assert!(quote("${X}").is_err());
    assert!(quote("a\rb").is_err());
    assert!(quote("a\0b").is_err());
    assert!(quote("a\u{85}b").is_err());
    assert!(quote("two words\\").is_err());
    assert_eq!(quote("a\u{1b}b").unwrap(), "'a\u{1b}b'");
    assert_eq!(quote("caf\u{e9}").unwrap(), "'caf\u{e9}'");
  }
}

#[cfg(test)]
mod parse_tests {
  use {super::quote, crate::targets::shared::env_file_reader::parse};

  #[test]
  fn parse_reads_back_every_quoted_value() {
    for value in [
      "plain",
      "it's",
      r"back\slash",
      r"it\'s \\ both",
      "say \"hi\" \\\\ x",
      "$HOME # not a comment",
      "two\nlines",
      " spaced ",
      "",
    ] {
      let text = format!("# comment\nKEY={}\n", quote(value).unwrap());
      assert_eq!(parse(&text).unwrap()["KEY"], value, "{text}");
    }
    assert_eq!(parse("A=1\nB=\"x y\"\nC=z # note\n").unwrap()["C"], "z");
    assert!(parse("A='open\n").is_err());
  }

  #[test]
  fn entries_keep_their_comments_and_lines_as_found() {
    let text = "# header\n\n# about A\n# more\nA=1\n\nB='x\ny' # note\nexport C=3\n";
    let entries = crate::targets::shared::env_file_reader::parse_entries(text).unwrap();
    let raw: Vec<&str> = entries.iter().map(|entry| entry.raw.as_str()).collect();
    assert_eq!(
      raw,
      [
        "# about A\n# more\nA=1\n",
        "B='x\ny' # note\n",
        "export C=3\n"
      ]
    );
    assert_eq!(entries[1].value, "x\ny");
    assert_eq!(entries[2].key, "C");
  }
}
