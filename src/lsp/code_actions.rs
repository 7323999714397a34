//! Quick fixes for what a diagnostic's help already names: rename to the
//! suggested name, add the `[services.X]` a service needs, declare a
//! secret, add a key to a table.

use {
  crate::{diagnostic::Diagnostic, document::span::Span, lsp::open_document::OpenDocument},
  lsp_types::{CodeAction, CodeActionKind, Range, TextEdit, WorkspaceEdit},
  std::collections::HashMap,
};

/// The fixes for the diagnostics in `range`, from the last check when it
/// is of the current text (an older one's spans would edit the wrong place).
pub fn code_actions(document: &OpenDocument, range: Range) -> Vec<CodeAction> {
  let Some(snapshot) = document.fresh_snapshot() else {
    return Vec::new();
  };
  let text = &document.text;
  let start = document.positions.offset(text, range.start);
  let end = document.positions.offset(text, range.end);
  let mut actions = Vec::new();
  for (diagnostic, published) in snapshot
    .checked
    .diagnostics
    .iter()
    .zip(&snapshot.diagnostics)
  {
    let span = diagnostic.span;
    if span.start > end || span.end < start {
      continue;
    }
    for (title, edit) in fixes(text, diagnostic) {
      let (span, new_text) = edit;
      let edit = TextEdit::new(document.positions.range(text, span), new_text);
      actions.push(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![published.clone()]),
        edit: Some(WorkspaceEdit {
          changes: Some(HashMap::from([(document.uri.clone(), vec![edit])])),
          ..WorkspaceEdit::default()
        }),
        is_preferred: Some(true),
        ..CodeAction::default()
      });
    }
  }
  actions
}

type Fix = (String, (Span, String));

/// The fixes one diagnostic's help names.
fn fixes(text: &str, diagnostic: &Diagnostic) -> Vec<Fix> {
  let help = diagnostic.help.as_deref().unwrap_or_default();
  let mut fixes = Vec::new();
  if let Some(suggestion) = suggestion(help) {
    let written = text
      .get(diagnostic.span.start..diagnostic.span.end)
      .unwrap_or_default();
    let replacement = renamed(written, suggestion, diagnostic.code);
    fixes.push((
      format!("Rename to `{suggestion}`"),
      (diagnostic.span, replacement),
    ));
  }
  if let Some(service) = between(help, "`[services.", "]`")
    && !text
      .lines()
      .any(|line| line.trim() == format!("[services.{service}]"))
  {
    let separator = if text.ends_with('\n') || text.is_empty() {
      ""
    } else {
      "\n"
    };
    fixes.push((
      format!("Add `[services.{service}]`"),
      (
        Span::empty(text.len()),
        format!("{separator}\n[services.{service}]\n"),
      ),
    ));
  }
  if diagnostic.code == "SC201"
    && let Some(name) = between(&diagnostic.message, "secret `", "`")
  {
    let line = format!("{name} = {{ generate = \"password\" }}");
    fixes.push((
      format!("Declare `{name}` under `[secrets]`"),
      insert_into_table(text, "secrets", &line),
    ));
  }
  if let Some(rest) = help.strip_prefix("add `")
    && let Some((line, rest)) = rest.split_once("` to `[")
    && let Some((table, _)) = rest.split_once("]`")
    && line.contains(" = ")
  {
    fixes.push((
      format!("Add `{line}` to `[{table}]`"),
      insert_into_table(text, table, line),
    ));
  }
  fixes
}

/// The name of "did you mean `NAME`?" (or `"NAME"`), when that is all the
/// help says.
fn suggestion(help: &str) -> Option<&str> {
  let rest = help.strip_prefix("did you mean ")?;
  let name = rest
    .strip_prefix('`')
    .and_then(|r| r.strip_suffix("`?"))
    .or_else(|| rest.strip_prefix('"').and_then(|r| r.strip_suffix("\"?")))?;
  (!name.contains(' ')).then_some(name)
}

/// What replaces `written` to use `suggestion`: the lookup inside `{{ }}`,
/// the text inside quotes, or the key itself.
fn renamed(written: &str, suggestion: &str, code: &str) -> String {
  if written.starts_with("{{") {
    let lookup = if code == "SC201" {
      format!("secrets.{suggestion}")
    } else {
      suggestion.to_owned()
    };
    return format!("{{{{ {lookup} }}}}");
  }
  match written.chars().next() {
    Some(quote @ ('"' | '\'')) => format!("{quote}{suggestion}{quote}"),
    _ => suggestion.to_owned(),
  }
}

fn between<'t>(text: &'t str, open: &str, close: &str) -> Option<&'t str> {
  let start = text.find(open)? + open.len();
  let length = text[start..].find(close)?;
  Some(&text[start..start + length])
}

/// Inserts `line` right after the header `[table]`, or appends the table.
fn insert_into_table(text: &str, table: &str, line: &str) -> (Span, String) {
  let header = format!("[{table}]");
  let mut offset = 0;
  for current in text.split_inclusive('\n') {
    offset += current.len();
    if current.trim() == header {
      let separator = if current.ends_with('\n') { "" } else { "\n" };
      return (Span::empty(offset), format!("{separator}{line}\n"));
    }
  }
  let separator = if text.ends_with('\n') || text.is_empty() {
    ""
  } else {
    "\n"
  };
  (
    Span::empty(text.len()),
    format!("{separator}\n{header}\n{line}\n"),
  )
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn reads_suggestions_and_renames_in_place() {
    assert_eq!(suggestion("did you mean `redis`?"), Some("redis"));
    assert_eq!(suggestion("did you mean \"rag\"?"), Some("rag"));
    assert_eq!(
      suggestion("did you mean the catalog service `x`? Enable it"),
      None
    );
    assert_eq!(
      renamed("{{ secrets.tokn }}", "token", "SC201"),
      "{{ secrets.token }}"
    );
    assert_eq!(renamed("\"redsi\"", "redis", "SC103"), "\"redis\"");
    assert_eq!(
      insert_into_table("[stack]\nname = \"x\"\n", "secrets", "a = 1"),
      (Span::empty(19), "\n[secrets]\na = 1\n".to_owned())
    );
    assert_eq!(
      insert_into_table("[secrets]\nb = 2\n", "secrets", "a = 1"),
      (Span::empty(10), "a = 1\n".to_owned())
    );
  }
}
