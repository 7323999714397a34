//! Docker compose's `$` forms, as compose v2 (compose-go's `template`)
//! resolves them in a compose file and in `.env` values alike: `$$`,
//! `$VAR`, `${VAR}`, and `${VAR` followed by `:-`, `-`, `:?`, `?`, `:+` or
//! `+` and a text that may itself hold `$` forms, up to its matching `}`.

use std::collections::BTreeMap;

/// A text with its `$` forms resolved, and what resolving it met. Names,
/// never values: what it met goes into reports.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Interpolation {
  pub text: String,
  /// Every variable named, set or not, even in a default not taken.
  pub read: Vec<String>,
  /// Read with no value and no default: compose warns and reads "".
  pub unset: Vec<String>,
  /// `${VAR:?…}` or `${VAR?…}` whose variable is missing: compose refuses.
  pub required: Vec<String>,
  /// A `${` compose refuses (never closed, `${}`, `${A.b}`): from there on
  /// the text is taken as written.
  pub invalid: bool,
}

/// The length of the variable name `text` starts with (compose-go's
/// `[_a-z][_a-z0-9]*`, either case), 0 if none.
fn name_length(text: &str) -> usize {
  let mut characters = text.char_indices();
  match characters.next() {
    Some((_, c)) if c.is_ascii_alphabetic() || c == '_' => {}
    _ => return 0,
  }
  characters
    .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
    .map_or(text.len(), |(index, _)| index)
}

/// The length of `text` up to the `}` that closes it, `${…}` nested inside
/// counted; `None` if it never closes.
fn closing_brace(text: &str) -> Option<usize> {
  let mut depth = 0usize;
  let bytes = text.as_bytes();
  let mut index = 0;
  while index < bytes.len() {
    match bytes[index] {
      b'$' if bytes.get(index + 1) == Some(&b'$') => index += 1,
      b'$' if bytes.get(index + 1) == Some(&b'{') => {
        depth += 1;
        index += 1;
      }
      b'}' if depth == 0 => return Some(index),
      b'}' => depth -= 1,
      _ => {}
    }
    index += 1;
  }
  None
}

impl Interpolation {
  pub fn of(text: &str, env: &BTreeMap<String, String>) -> Self {
    let mut interpolation = Self::default();
    interpolation.text = interpolation.expand(text, env);
    interpolation
  }

  fn expand(&mut self, text: &str, env: &BTreeMap<String, String>) -> String {
    let mut output = String::new();
    let mut rest = text;
    while let Some(index) = rest.find('$') {
      output.push_str(&rest[..index]);
      let after = &rest[index + 1..];
      if let Some(stripped) = after.strip_prefix('$') {
        output.push('$');
        rest = stripped;
      } else if let Some(inner) = after.strip_prefix('{') {
        match self.braced(inner, env) {
          Some((value, length)) => {
            output.push_str(&value);
            rest = &inner[length..];
          }
          None => {
            self.invalid = true;
            output.push_str(&rest[index..]);
            return output;
          }
        }
      } else {
        let end = name_length(after);
        if end == 0 {
          // A `$` before anything but a name is itself.
          output.push('$');
        } else {
          output.push_str(&self.plain(&after[..end], env));
        }
        rest = &after[end..];
      }
    }
    output.push_str(rest);
    output
  }

  fn plain(&mut self, name: &str, env: &BTreeMap<String, String>) -> String {
    self.read.push(name.to_owned());
    match env.get(name) {
      Some(value) => value.clone(),
      None => {
        self.unset.push(name.to_owned());
        String::new()
      }
    }
  }

  /// `inner` follows a `${`: its value and the length read, `}` included.
  fn braced(&mut self, inner: &str, env: &BTreeMap<String, String>) -> Option<(String, usize)> {
    let end = name_length(inner);
    if end == 0 {
      return None;
    }
    let name = &inner[..end];
    let after = &inner[end..];
    if after.starts_with('}') {
      return Some((self.plain(name, env), end + 1));
    }
    let operator = [":-", ":?", ":+", "-", "?", "+"]
      .into_iter()
      .find(|operator| after.starts_with(operator))?;
    let argument_start = end + operator.len();
    let argument_length = closing_brace(&inner[argument_start..])?;
    let argument = &inner[argument_start..argument_start + argument_length];
    let length = argument_start + argument_length + 1;
    self.read.push(name.to_owned());
    let value = env.get(name);
    // `:` makes an empty value count as missing.
    let present = value.is_some_and(|v| !operator.starts_with(':') || !v.is_empty());
    let text = match (operator.trim_start_matches(':'), present) {
      ("-", true) | ("?", true) => {
        self.read_only(argument);
        value.cloned().unwrap_or_default()
      }
      ("-", false) | ("+", true) => self.expand(argument, env),
      ("?", false) => {
        self.read_only(argument);
        self.required.push(name.to_owned());
        String::new()
      }
      _ => {
        self.read_only(argument);
        String::new()
      }
    };
    Some((text, length))
  }

  /// Notes the variables a text not taken names, as compose counts them.
  fn read_only(&mut self, text: &str) {
    let other = Self::of(text, &BTreeMap::new());
    self.read.extend(other.read);
    self.invalid |= other.invalid;
  }
}

#[cfg(test)]
mod tests {
  use {super::Interpolation, std::collections::BTreeMap};

  fn env() -> BTreeMap<String, String> {
    BTreeMap::from([
      ("A".to_owned(), "1".to_owned()),
      ("E".to_owned(), String::new()),
    ])
  }

  fn text(template: &str) -> String {
    Interpolation::of(template, &env()).text
  }

  // Each expected value is what `docker compose config` (v2.26) printed.
  #[test]
  fn every_form_reads_as_compose_v2_does() {
    assert_eq!(text("x${A}y$A$$B"), "x1y1$B");
    assert_eq!(text("${B:-two}"), "two");
    assert_eq!(text("${E:-empty}"), "empty");
    assert_eq!(text("${E-empty}"), "");
    assert_eq!(text("${B-a-b}"), "a-b");
    assert_eq!(text("${A:+plus}${E:+no}${E+yes}${B+no}"), "plusyes");
    assert_eq!(text("${A:?boom}"), "1");
    assert_eq!(text("${B:-${C:-in}}"), "in");
    assert_eq!(text("${A:-x}}"), "1}");
    assert_eq!(text("a$ b$1c$"), "a$ b$1c$");
    assert_eq!(text("$A_b"), "");
  }

  #[test]
  fn what_compose_warns_about_or_refuses_is_noted() {
    let unset = Interpolation::of("${B}$C${D:-d}", &env());
    assert_eq!(unset.unset, ["B", "C"]);
    assert_eq!(unset.read, ["B", "C", "D"]);
    let required = Interpolation::of("${E:?no}${B?no}${E?fine}", &env());
    assert_eq!(required.required, ["E", "B"]);
    for refused in ["${A", "a${}b", "${A.b}", "${A:-a"] {
      let interpolation = Interpolation::of(refused, &env());
      assert!(interpolation.invalid, "{refused}");
    }
    assert_eq!(text("x${A.b}"), "x${A.b}");
  }
}
