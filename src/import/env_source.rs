//! A deployment's `.env`, read as docker compose v2 (compose-go's
//! `dotenv`) reads it, checked against `docker compose config`: comments,
//! blank lines, `export `, `KEY=value` or `KEY: value`; an unquoted value
//! ends at ` #` and is trimmed; a single-quoted one is taken as written but
//! `\'`; a double-quoted one decodes Go's escapes and `\$`. Unquoted and
//! double-quoted values are then expanded (`crate::import::interpolation`)
//! from the variables defined above them, the latest definition of each.
//!
//! Compose also looks a reference up in the environment of whoever runs it,
//! before the file: an import must not depend on who ran it, so only the
//! file is read, and a reference to a variable it does not define is
//! reported. Nothing compose accepts is refused; what it would refuse is
//! reported too, and the rest read.

use {super::interpolation::Interpolation, std::collections::BTreeMap};

#[derive(Debug, Default)]
pub struct EnvSource {
  /// Each variable's value, its last definition winning.
  pub values: BTreeMap<String, String>,
  /// The line (from 1) of each variable's last definition.
  pub lines: BTreeMap<String, usize>,
  /// What compose would warn about or refuse, by line; never a value.
  pub problems: Vec<String>,
}

/// Where a quoted value ends in `text`: its closing quote, not escaped.
fn closing_quote(text: &str, quote: char) -> Option<usize> {
  let mut escaped = false;
  for (index, character) in text.char_indices() {
    match character {
      '\\' if !escaped => escaped = true,
      c if c == quote && !escaped => return Some(index),
      _ => escaped = false,
    }
  }
  None
}

/// A double-quoted value's escapes, as compose-go decodes them (Go's
/// one-character escapes and `\0` octal; any other kept as written). `\$`
/// becomes `$$`, which the expansion then reads as a `$`.
fn decode_double_quoted(text: &str) -> String {
  let mut output = String::with_capacity(text.len());
  let mut characters = text.chars().peekable();
  while let Some(character) = characters.next() {
    if character != '\\' {
      output.push(character);
      continue;
    }
    let Some(next) = characters.next() else {
      output.push('\\');
      break;
    };
    match next {
      'a' => output.push('\u{7}'),
      'b' => output.push('\u{8}'),
      'f' => output.push('\u{c}'),
      'n' => output.push('\n'),
      'r' => output.push('\r'),
      't' => output.push('\t'),
      'v' => output.push('\u{b}'),
      '\\' | '"' => output.push(next),
      '$' => output.push_str("$$"),
      '0' => {
        let mut digits = String::new();
        while digits.len() < 3
          && let Some(digit) = characters.next_if(|c| c.is_digit(8))
        {
          digits.push(digit);
        }
        match u32::from_str_radix(&digits, 8)
          .ok()
          .and_then(char::from_u32)
        {
          Some(decoded) => output.push(decoded),
          None => output.push_str(&format!("\\0{digits}")),
        }
      }
      other => {
        output.push('\\');
        output.push(other);
      }
    }
  }
  output
}

impl EnvSource {
  /// Reads `text`, the contents of `file` (named in the problems).
  pub fn parse(text: &str, file: &str) -> Self {
    let mut source = Self::default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let mut index = 0;
    while index < lines.len() {
      let number = index + 1;
      let line = lines[index].trim_start();
      index += 1;
      if line.is_empty() || line.starts_with('#') {
        continue;
      }
      let line = match line.strip_prefix("export") {
        Some(rest) if rest.starts_with([' ', '\t']) => rest.trim_start(),
        _ => line,
      };
      let Some(separator) = line.find(['=', ':']) else {
        source.problems.push(format!(
          "{file}:{number}: {} has no value (docker compose would take it from the environment of whoever runs it); not read",
          line.trim_end()
        ));
        continue;
      };
      let key = line[..separator].trim();
      if key.is_empty() || key.contains(char::is_whitespace) {
        source.problems.push(format!(
          "{file}:{number}: not a variable assignment (docker compose refuses it); not read"
        ));
        continue;
      }
      let rest = line[separator + 1..].trim_start_matches([' ', '\t']);
      let value = match rest.chars().next() {
        Some(quote @ ('\'' | '"')) => {
          // A quoted value may go on over lines to its closing quote.
          let mut quoted = rest[1..].to_owned();
          let mut next = index;
          let end = loop {
            if let Some(end) = closing_quote(&quoted, quote) {
              break Some(end);
            }
            let Some(line) = lines.get(next) else {
              break None;
            };
            quoted.push('\n');
            quoted.push_str(line);
            next += 1;
          };
          let Some(end) = end else {
            source.problems.push(format!(
              "{file}:{number}: the value of {key} is never closed (docker compose refuses it); not read"
            ));
            continue;
          };
          index = next;
          quoted.truncate(end);
          if quote == '\'' {
            quoted.replace("\\'", "'")
          } else {
            source.expand(&decode_double_quoted(&quoted), key, file, number)
          }
        }
        _ => {
          let unquoted = rest.split(" #").next().unwrap_or_default().trim();
          source.expand(unquoted, key, file, number)
        }
      };
      if let Some(previous) = source.values.get(key)
        && *previous != value
      {
        source.problems.push(format!(
          "{file}:{number}: {key} is defined more than once with different values (also line {}); the last one is used, as docker compose does",
          source.lines[key]
        ));
      }
      source.values.insert(key.to_owned(), value);
      source.lines.insert(key.to_owned(), number);
    }
    source
  }

  fn expand(&mut self, text: &str, key: &str, file: &str, number: usize) -> String {
    let interpolation = Interpolation::of(text, &self.values);
    for name in &interpolation.unset {
      self.problems.push(format!(
        "{file}:{number}: {key} refers to {name}, which is not defined above it; read as empty (docker compose would take it from the environment of whoever runs it)"
      ));
    }
    for name in &interpolation.required {
      self.problems.push(format!(
        "{file}:{number}: {key} requires {name}, which is not defined above it (docker compose refuses the file); read as empty"
      ));
    }
    if interpolation.invalid {
      self.problems.push(format!(
        "{file}:{number}: {key} holds a `${{` that docker compose refuses; taken as written from there"
      ));
    }
    interpolation.text
  }
}

#[cfg(test)]
mod tests {
  use super::EnvSource;

  // Each expected value is what `docker compose config` (v2.26) printed
  // for the same line; the test in tests/import.rs runs it on its fixture.
  #[test]
  fn values_read_as_compose_v2_reads_them() {
    let text = "\u{feff}# comment\nexport A=alpha\nB=${A}-b\nC=$A-c\nG='${A}single'\nH=\"${A}double\"\n\
      I=x$$y\nJ=unq #comment\nK=unq#nocomment\nA=second\nL=${A}\nM=\"dq # hash\"\nR='pa$s$$word'\n\
      U=\"esc\\$A\"\nV=trail   \r\nW=\"a\\nb\"\nX='a\\nb'\nY: yaml\n  Z = spaced \nQ=\"a\\'b\\0101\"\n\
      ML=\"one\ntwo\"\nS='it\\'s'\nT=a\tb # c\n";
    let source = EnvSource::parse(text, ".env");
    let value = |key: &str| source.values[key].as_str();
    for (key, expected) in [
      ("A", "second"),
      ("B", "alpha-b"),
      ("C", "alpha-c"),
      ("G", "${A}single"),
      ("H", "alphadouble"),
      ("I", "x$y"),
      ("J", "unq"),
      ("K", "unq#nocomment"),
      ("L", "second"),
      ("M", "dq # hash"),
      ("R", "pa$s$$word"),
      ("U", "esc$A"),
      ("V", "trail"),
      ("W", "a\nb"),
      ("X", "a\\nb"),
      ("Y", "yaml"),
      ("Z", "spaced"),
      ("Q", "a\\'bA"),
      ("ML", "one\ntwo"),
      ("S", "it's"),
      ("T", "a\tb"),
    ] {
      assert_eq!(value(key), expected, "{key}");
    }
    assert_eq!(source.lines["A"], 10);
    assert_eq!(source.lines["S"], 23);
    assert_eq!(
      source.problems,
      [
        ".env:10: A is defined more than once with different values (also line 2); the last one is used, as docker compose does"
      ]
    );
  }

  #[test]
  fn what_compose_refuses_or_takes_from_elsewhere_is_reported_by_line() {
    let source = EnvSource::parse(
      "A=${UNDEFINED}\nNOVALUE\nB=${A:?x}\nA B=c\nC=${D\nE=\"open\nF=kept\n",
      ".env",
    );
    assert_eq!(source.values["F"], "kept");
    assert_eq!(source.values["C"], "${D");
    assert!(!source.values.contains_key("E"));
    let lines: Vec<&str> = source
      .problems
      .iter()
      .map(|p| p.split(' ').next().unwrap())
      .collect();
    assert_eq!(
      lines,
      [
        ".env:1:", ".env:2:", ".env:3:", ".env:4:", ".env:5:", ".env:6:"
      ]
    );
  }
}
