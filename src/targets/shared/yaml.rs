//! A YAML writer for serialized data that double-quotes every string.
//!
//! docker-compose v1 reads YAML 1.1, where a plain `yes`, `off`, `12:30` or
//! `1_000` is not a string; it also rejects booleans in `environment`. The
//! maintained serde YAML crates write such strings plain (they follow YAML
//! 1.2) and offer no way to force quoting, so stackc serializes its typed
//! compose model to a `serde_json::Value` and writes that here: strings as
//! JSON strings, which YAML 1.1 and 1.2 read as double-quoted scalars.

use {serde_json::Value, std::fmt::Write};

pub fn to_string(value: &Value) -> String {
  let mut output = String::new();
  match value {
    Value::Object(map) if !map.is_empty() => write_mapping(&mut output, map, 0),
    other => {
      output.push_str(&scalar(other));
      output.push('\n');
    }
  }
  output
}

fn write_mapping(output: &mut String, map: &serde_json::Map<String, Value>, indent: usize) {
  for (key, value) in map {
    let _ = write!(output, "{:indent$}{}:", "", key_text(key));
    write_nested(output, value, indent);
  }
}

/// Writes what follows `key:` or `-`: a scalar on the same line, or a
/// block on the next lines.
fn write_nested(output: &mut String, value: &Value, indent: usize) {
  match value {
    Value::Object(map) if !map.is_empty() => {
      output.push('\n');
      write_mapping(output, map, indent + 2);
    }
    Value::Array(items) if !items.is_empty() => {
      output.push('\n');
      for item in items {
        let _ = write!(output, "{:width$}-", "", width = indent + 2);
        match item {
          Value::Object(map) if !map.is_empty() => {
            // The first key goes on the dash's line, the rest under it.
            let mut first = true;
            for (key, value) in map {
              if first {
                let _ = write!(output, " {}:", key_text(key));
                first = false;
              } else {
                let _ = write!(
                  output,
                  "{:width$}{}:",
                  "",
                  key_text(key),
                  width = indent + 4
                );
              }
              write_nested(output, value, indent + 4);
            }
          }
          other => write_nested(output, other, indent + 2),
        }
      }
    }
    other => {
      let _ = writeln!(output, " {}", scalar(other));
    }
  }
}

fn scalar(value: &Value) -> String {
  match value {
    Value::Null => "null".into(),
    Value::Bool(boolean) => boolean.to_string(),
    Value::Number(number) => number.to_string(),
    Value::String(string) => quoted(string),
    Value::Array(_) => "[]".into(),
    Value::Object(_) => "{}".into(),
  }
}

/// A string as a JSON string, which YAML reads as a double-quoted scalar,
/// with what JSON leaves raw but YAML does not read back escaped too: DEL
/// and the C1 controls (PyYAML refuses them), NEL, U+2028 and U+2029 (line
/// breaks to YAML, folded into a space inside a quoted scalar), the BOM,
/// and every other invisible character (`invisible`: a bidirectional
/// override would reorder the line a reviewer reads; escaped, it shows).
fn quoted(string: &str) -> String {
  let json = Value::String(string.to_owned()).to_string();
  if !json.chars().any(needs_escape) {
    return json;
  }
  let mut output = String::with_capacity(json.len() + 8);
  for character in json.chars() {
    if needs_escape(character) {
      let _ = write!(output, "\\u{:04x}", character as u32);
    } else {
      output.push(character);
    }
  }
  output
}

fn needs_escape(character: char) -> bool {
  matches!(character, '\u{7f}'..='\u{9f}') || crate::invisible::is_invisible(character)
}

/// A mapping key, plain when no YAML reader could take it for anything but
/// the string it is.
fn key_text(key: &str) -> String {
  let plain = key
    .chars()
    .next()
    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
    && key
      .chars()
      .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    && !matches!(
      key.to_ascii_lowercase().as_str(),
      "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null"
    );
  if plain { key.to_owned() } else { quoted(key) }
}

#[cfg(test)]
mod tests {
  use {super::*, serde_json::json};

  #[test]
  fn strings_are_quoted_and_structure_is_block_style() {
    let value = json!({
      "services": {"n8n": {"environment": {"ACTIVE": "true", "TIME": "12:30", "ON": "yes"},
      "ports": ["5678:5678"], "empty": {}, "list": []}},
      "yes": 1
    });
    assert_eq!(
      to_string(&value),
      "services:\n  n8n:\n    environment:\n      ACTIVE: \"true\"\n      TIME: \"12:30\"\n      \"ON\": \"yes\"\n    ports:\n      - \"5678:5678\"\n    empty: {}\n    list: []\n\"yes\": 1\n"
    );
  }

  #[test]
  fn line_breaks_and_controls_json_leaves_raw_are_escaped() {
    let value = json!({"k": "a\u{85}b\u{2028}c\u{2029}d\u{7f}e\u{9b}f\u{feff}g\nh\u{1}"});
    assert_eq!(
      to_string(&value),
      "k: \"a\\u0085b\\u2028c\\u2029d\\u007fe\\u009bf\\ufeffg\\nh\\u0001\"\n"
    );
  }
}
