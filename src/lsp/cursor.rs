use crate::document::{line_index::floor_char_boundary, span::Span};

/// What surrounds an offset of a stack file, read from the text alone: the
/// text may be mid-edit and not parse, and the last check may be of an
/// older version.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Cursor {
  /// The keys leading to what the cursor is in: the table header's, then
  /// those of the key-values it is inside (dotted and inline tables).
  pub path: Vec<String>,
  /// Where the cursor is.
  pub place: CursorPlace,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub enum CursorPlace {
  /// In a table header: the segment being written, up to the cursor.
  Header { partial: String },
  /// Where a key is, or is being written: its text up to the cursor.
  #[default]
  Key,
  /// In a value: inside `{{ }}`, the expression up to the cursor.
  Value { template: Option<String> },
}

impl Cursor {
  pub fn at(text: &str, offset: usize) -> Self {
    let offset = floor_char_boundary(text, offset);
    let line_start = text[..offset].rfind('\n').map_or(0, |index| index + 1);
    let line = &text[line_start..offset];
    if let Some(header) = line.trim_start().strip_prefix('[') {
      let header = header.trim_start_matches('[');
      let mut path = split_key(header);
      let partial = path.pop().unwrap_or_default();
      return Self {
        path,
        place: CursorPlace::Header { partial },
      };
    }
    let (table, section_start) = table_above(text, line_start);
    let (keys, in_value) = scan_section(&text[section_start..offset]);
    let mut path = table;
    path.extend(keys);
    let place = if in_value {
      CursorPlace::Value {
        template: template_before(line),
      }
    } else {
      CursorPlace::Key
    };
    Self { path, place }
  }
}

/// The run of name characters around `offset` (letters, digits, `_`, `-`,
/// and `.` when `dotted`), and its span.
pub fn word_at(text: &str, offset: usize, dotted: bool) -> Option<(Span, &str)> {
  let offset = floor_char_boundary(text, offset);
  let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-' || (dotted && c == '.');
  let start = text[..offset]
    .char_indices()
    .rev()
    .take_while(|(_, c)| is_name(*c))
    .last()
    .map_or(offset, |(index, _)| index);
  let end = text[offset..]
    .char_indices()
    .find(|(_, c)| !is_name(*c))
    .map_or(text.len(), |(index, _)| offset + index);
  (start < end).then(|| (Span::new(start, end), &text[start..end]))
}

/// The header of the table holding `line_start`, and where its section
/// begins: the root table and 0 when there is none.
fn table_above(text: &str, line_start: usize) -> (Vec<String>, usize) {
  let mut end = line_start;
  while end > 0 {
    let start = text[..end - 1].rfind('\n').map_or(0, |index| index + 1);
    let line = text[start..end].trim();
    if let Some(header) = line.strip_prefix('[') {
      let header = header.trim_start_matches('[');
      let close = header.find(']').unwrap_or(header.len());
      return (split_key(&header[..close]), end);
    }
    end = start;
  }
  (Vec::new(), 0)
}

/// Splits a dotted key into its segments, unquoted.
fn split_key(key: &str) -> Vec<String> {
  let mut segments = Vec::new();
  let mut current = String::new();
  let mut quote = None;
  for character in key.chars() {
    match (quote, character) {
      (None, '"' | '\'') => quote = Some(character),
      (Some(open), c) if c == open => quote = None,
      (None, '.') => segments.push(std::mem::take(&mut current).trim().to_owned()),
      (None, ']') => break,
      (_, c) => current.push(c),
    }
  }
  segments.push(current.trim().to_owned());
  segments
}

/// Reads a table's section up to the cursor: the keys of the key-values
/// the cursor is inside, and whether it is in a value.
fn scan_section(section: &str) -> (Vec<String>, bool) {
  // One entry per open key-value: its depth of inline tables and arrays,
  // and its segments.
  let mut open: Vec<(usize, Vec<String>)> = Vec::new();
  let mut depth = 0usize;
  let mut brackets: Vec<char> = Vec::new();
  let mut pending = String::new();
  let mut in_value = false;
  let mut chars = section.chars().peekable();
  while let Some(character) = chars.next() {
    match character {
      '"' | '\'' => {
        // Strings: skip to the closing quote; an unclosed one holds the cursor.
        let mut escaped = false;
        for inner in chars.by_ref() {
          if character == '"' && inner == '\\' && !escaped {
            escaped = true;
            continue;
          }
          if inner == character && !escaped {
            break;
          }
          escaped = false;
        }
        if !in_value {
          pending.push('_');
        }
      }
      '#' if in_value || pending.trim().is_empty() => {
        for inner in chars.by_ref() {
          if inner == '\n' {
            break;
          }
        }
        end_line(&mut open, &mut in_value, &mut pending, depth);
      }
      '=' if !in_value => {
        open.push((depth, split_key(&pending)));
        pending.clear();
        in_value = true;
      }
      '{' | '[' if in_value => {
        depth += 1;
        brackets.push(character);
        // In an inline table, keys come next; in an array, values.
        in_value = character == '[';
      }
      '}' | ']' if depth > 0 => {
        depth -= 1;
        brackets.pop();
        open.retain(|(at, _)| *at <= depth);
        in_value = true;
      }
      ',' => {
        open.retain(|(at, _)| *at < depth);
        in_value = brackets.last() == Some(&'[');
        pending.clear();
      }
      '\n' if depth == 0 => end_line(&mut open, &mut in_value, &mut pending, depth),
      c if !in_value => pending.push(c),
      _ => {}
    }
  }
  (
    open.into_iter().flat_map(|(_, keys)| keys).collect(),
    in_value,
  )
}

fn end_line(
  open: &mut Vec<(usize, Vec<String>)>,
  in_value: &mut bool,
  pending: &mut String,
  depth: usize,
) {
  if depth == 0 {
    open.clear();
    *in_value = false;
  }
  pending.clear();
}

/// Inside `{{ }}` on the line before the cursor: the expression so far.
fn template_before(line: &str) -> Option<String> {
  let open = line.rfind("{{")?;
  let inner = &line[open + 2..];
  (!inner.contains("}}")).then(|| inner.trim_start().to_owned())
}

#[cfg(test)]
mod tests {
  use super::*;

  fn at_marker(text: &str) -> Cursor {
    let offset = text.find('|').unwrap();
    Cursor::at(&text.replace('|', ""), offset)
  }

  #[test]
  fn finds_headers_keys_values_and_templates() {
    let header = at_marker("version = 1\n[services.n8|]\n");
    assert_eq!(header.path, ["services"]);
    assert_eq!(
      header.place,
      CursorPlace::Header {
        partial: "n8".into()
      }
    );
    let key = at_marker("[profiles.dev]\nexp|\n");
    assert_eq!(key.path, ["profiles", "dev"]);
    assert_eq!(key.place, CursorPlace::Key);
    let value = at_marker("[orchestratai.agents.billing]\nstrategy = \"c|\"\n");
    assert_eq!(
      value.path,
      ["orchestratai", "agents", "billing", "strategy"]
    );
    let inline = at_marker("[services.a]\nhealthcheck = { http = \"/x\", |\n");
    assert_eq!(inline.path, ["services", "a", "healthcheck"]);
    assert_eq!(inline.place, CursorPlace::Key);
    let template = at_marker("[services.a]\nenv = { X = \"{{ secrets.ab| }}\" }\n");
    assert_eq!(template.path, ["services", "a", "env", "X"]);
    assert_eq!(
      template.place,
      CursorPlace::Value {
        template: Some("secrets.ab".into())
      }
    );
    let array = at_marker("[services.a]\ndepends_on = [\n  \"x\",\n  \"r|\"\n]\n");
    assert_eq!(array.path, ["services", "a", "depends_on"]);
  }
}
