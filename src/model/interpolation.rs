//! How a rendered value reaches compose: a literal `$` doubled, and each
//! secret, marked by a placeholder while templates render, as the `${NAME}`
//! that compose interpolates from `.env`.

/// Brackets a secret's variable in a rendered value, until `compose_escape`.
/// Stack values cannot hold it: SC130 refuses control characters.
pub(super) const PLACEHOLDER: char = '\u{1}';

/// Marks where a secret goes in a rendered value, until `compose_escape`.
pub fn secret_placeholder(variable: &str) -> String {
  format!("{PLACEHOLDER}{variable}{PLACEHOLDER}")
}

/// Escapes a rendered value for compose: a literal `$` becomes `$$`, and
/// each secret placeholder becomes the `${NAME}` that compose interpolates.
pub fn compose_escape(rendered: &str) -> String {
  // Most values hold neither: one scan, one copy.
  if !rendered
    .bytes()
    .any(|byte| byte == b'$' || u32::from(byte) == u32::from(PLACEHOLDER))
  {
    return rendered.to_owned();
  }
  let mut output = String::with_capacity(rendered.len());
  for (index, part) in rendered.split(PLACEHOLDER).enumerate() {
    let in_placeholder = index % 2 == 1;
    if in_placeholder {
      output.push_str("${");
    }
    for (index, piece) in part.split('$').enumerate() {
      if index > 0 {
        output.push_str("$$");
      }
      output.push_str(piece);
    }
    if in_placeholder {
      output.push('}');
    }
  }
  output
}

/// The secret variables a compose-escaped value interpolates.
pub fn interpolated(value: &str) -> Vec<&str> {
  let mut found = Vec::new();
  let mut rest = value;
  while let Some(index) = rest.find('$') {
    let after = &rest[index + 1..];
    if let Some(stripped) = after.strip_prefix('$') {
      rest = stripped;
    } else if let Some(inner) = after.strip_prefix('{') {
      let end = inner.find('}').unwrap_or(inner.len());
      found.push(&inner[..end]);
      rest = &inner[end..];
    } else {
      rest = after;
    }
  }
  found
}
