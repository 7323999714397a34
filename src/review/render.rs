//! A review as text for a terminal, Markdown for a pull-request comment, or
//! JSON (one object per change).

use {crate::review::Change, indexmap::IndexMap, std::fmt::Write};

fn by_subject(changes: &[Change]) -> IndexMap<&str, Vec<&Change>> {
  let mut grouped: IndexMap<&str, Vec<&Change>> = IndexMap::new();
  for change in changes {
    grouped
      .entry(change.subject.as_str())
      .or_default()
      .push(change);
  }
  grouped
}

fn dangerous(changes: &[Change]) -> usize {
  changes.iter().filter(|c| c.danger.is_some()).count()
}

pub fn human(changes: &[Change]) -> String {
  if changes.is_empty() {
    return "no change to the deployment\n".into();
  }
  // A value from the stack file never sends escapes to the terminal.
  let shown = |text: &str| crate::document::printable::printable(text).into_owned();
  let mut text = String::new();
  for (subject, changes) in by_subject(changes) {
    let _ = writeln!(text, "{}", shown(subject));
    for change in changes {
      let mark = if change.danger.is_some() { "!" } else { " " };
      let _ = writeln!(text, " {mark} {}: {}", change.kind, shown(&change.detail));
      if let Some(why) = &change.danger {
        let _ = writeln!(text, "     dangerous: {}", shown(why));
      }
    }
  }
  let _ = writeln!(
    text,
    "{} change(s), {} dangerous",
    changes.len(),
    dangerous(changes)
  );
  text
}

/// Markdown: no table cell or heading is opened by what a value holds.
fn markdown_text(text: &str) -> String {
  let one_line = crate::document::printable::printable(text);
  crate::targets::shared::checklist::markdown_text(&one_line)
}

pub fn markdown(changes: &[Change]) -> String {
  let mut text = String::from("### What this change does to the deployment\n\n");
  if changes.is_empty() {
    text.push_str("No change to the deployment.\n");
    return text;
  }
  let count = dangerous(changes);
  if count > 0 {
    let _ = writeln!(
      text,
      "> [!WARNING]\n> {count} dangerous change(s): read them before merging.\n"
    );
  }
  for (subject, changes) in by_subject(changes) {
    let _ = writeln!(text, "**{}**\n", markdown_text(subject));
    for change in changes {
      let mark = if change.danger.is_some() {
        "⚠️ "
      } else {
        ""
      };
      let _ = writeln!(
        text,
        "- {mark}{}: {}",
        markdown_text(change.kind),
        markdown_text(&change.detail)
      );
      if let Some(why) = &change.danger {
        let _ = writeln!(text, "  - dangerous: {}", markdown_text(why));
      }
    }
    text.push('\n');
  }
  text
}

pub fn json(changes: &[Change]) -> String {
  let mut text = serde_json::to_string_pretty(changes).expect("changes serialize");
  text.push('\n');
  text
}
