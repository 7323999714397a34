//! Strings and keys as YAML scalars that every reader reads back as written.

use std::fmt;

/// A string as a JSON string, which YAML reads as a double-quoted scalar,
/// with what JSON leaves raw but YAML does not read back escaped too: DEL
/// and the C1 controls (PyYAML refuses them), NEL, U+2028 and U+2029 (line
/// breaks to YAML, folded into a space inside a quoted scalar), the BOM,
/// and every other invisible character (`invisible`: a bidirectional
/// override would reorder the line a reviewer reads; escaped, it shows).
pub(super) fn push_quoted(output: &mut String, string: &str) {
  // Most strings are printable ASCII with nothing to escape.
  if string
    .bytes()
    .all(|byte| (b' '..=b'~').contains(&byte) && byte != b'"' && byte != b'\\')
  {
    output.push('"');
    output.push_str(string);
    output.push('"');
    return;
  }
  let json = serde_json::Value::from(string).to_string();
  if !json.chars().any(needs_escape) {
    output.push_str(&json);
    return;
  }
  for character in json.chars() {
    if needs_escape(character) {
      let _ = fmt::Write::write_fmt(output, format_args!("\\u{:04x}", character as u32));
    } else {
      output.push(character);
    }
  }
}

fn needs_escape(character: char) -> bool {
  matches!(character, '\u{7f}'..='\u{9f}') || crate::document::invisible::is_invisible(character)
}

/// A mapping key, plain when no YAML reader could take it for anything but
/// the string it is.
pub(super) fn push_key(output: &mut String, key: &str) {
  let bytes = key.as_bytes();
  let plain = bytes
    .first()
    .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'_')
    && bytes
      .iter()
      .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    // The words YAML 1.1 reads as booleans or null are at most five letters.
    && (key.len() > 5
      || !["y", "n", "yes", "no", "on", "off", "true", "false", "null"]
        .iter()
        .any(|word| key.eq_ignore_ascii_case(word)));
  if plain {
    output.push_str(key);
  } else {
    push_quoted(output, key);
  }
}
