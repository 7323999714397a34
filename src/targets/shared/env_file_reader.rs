//! `.env` read back as Compose v2 reads it: what stackc wrote, and the
//! edits an operator makes to it, so that values filled in by hand survive
//! the next build.

use std::collections::BTreeMap;

/// One assignment of a `.env`, with the comment lines right above it (no
/// blank line between) and its own lines, exactly as found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvEntry {
  pub key: String,
  pub value: String,
  pub raw: String,
}

impl EnvEntry {
  /// Whether stackc wrote its comment (`# Used by …`).
  pub fn has_stackc_comment(&self) -> bool {
    self.raw.lines().any(|line| line.starts_with("# Used by "))
  }
}

/// Reads back a `.env` written by stackc, and the simple edits an operator
/// makes to it (`KEY=value`, `KEY="value"`), so that values filled in by
/// hand survive the next build. `Err` names the line that cannot be read.
pub fn parse(text: &str) -> Result<BTreeMap<String, String>, String> {
  Ok(
    parse_entries(text)?
      .into_iter()
      .map(|entry| (entry.key, entry.value))
      .collect(),
  )
}

/// Every assignment, in order; a later one of the same key wins, as in
/// python-dotenv.
pub fn parse_entries(text: &str) -> Result<Vec<EnvEntry>, String> {
  let mut entries = Vec::new();
  let mut comments = String::new();
  let mut lines = text.split('\n').enumerate();
  while let Some((index, line)) = lines.next() {
    let trimmed = line.trim_start();
    if trimmed.is_empty() {
      comments.clear();
      continue;
    }
    if trimmed.starts_with('#') {
      comments.push_str(line);
      comments.push('\n');
      continue;
    }
    let Some((key, rest)) = trimmed.split_once('=') else {
      return Err(format!("line {}: expected KEY=value", index + 1));
    };
    let mut raw = std::mem::take(&mut comments);
    raw.push_str(line);
    let key = key.trim().trim_start_matches("export ").trim().to_owned();
    let value = match rest.chars().next() {
      Some(quote @ ('\'' | '"')) => {
        // A quoted value may go on over several lines until its closing quote.
        let mut quoted = rest[1..].to_owned();
        loop {
          if let Some(end) = closing_quote(&quoted, quote) {
            quoted.truncate(end);
            break;
          }
          match lines.next() {
            Some((_, next)) => {
              quoted.push('\n');
              quoted.push_str(next);
              raw.push('\n');
              raw.push_str(next);
            }
            None => {
              return Err(format!(
                "line {}: the value of {key} is never closed",
                index + 1
              ));
            }
          }
        }
        unescape(&quoted, quote)
      }
      _ => rest
        .split(" #")
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned(),
    };
    raw.push('\n');
    entries.push(EnvEntry { key, value, raw });
  }
  Ok(entries)
}

fn closing_quote(raw: &str, quote: char) -> Option<usize> {
  let mut escaped = false;
  for (index, character) in raw.char_indices() {
    match character {
      '\\' if !escaped => escaped = true,
      c if c == quote && !escaped => return Some(index),
      _ => escaped = false,
    }
  }
  None
}

/// A quoted value as Compose v2 reads it: in single quotes only `\'` is an
/// escape; in double quotes `\"`, `\\`, `\$` and the C escapes are.
fn unescape(raw: &str, quote: char) -> String {
  let mut value = String::with_capacity(raw.len());
  let mut characters = raw.chars();
  while let Some(character) = characters.next() {
    if character != '\\' {
      value.push(character);
      continue;
    }
    let decoded = match (quote, characters.next()) {
      (_, None) => {
        value.push('\\');
        continue;
      }
      ('\'', Some('\'')) => '\'',
      ('"', Some(c @ ('"' | '\\' | '$'))) => c,
      ('"', Some('n')) => '\n',
      ('"', Some('t')) => '\t',
      ('"', Some('r')) => '\r',
      ('"', Some('a')) => '\u{7}',
      ('"', Some('b')) => '\u{8}',
      ('"', Some('f')) => '\u{c}',
      ('"', Some('v')) => '\u{b}',
      (_, Some(other)) => {
        value.push('\\');
        other
      }
    };
    value.push(decoded);
  }
  value
}
