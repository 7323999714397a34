use crate::{check::context::Context, diagnostic::Diagnostic, document::stack_strings};

crate::declare_rule! {
  /// ## What it checks
  /// That no string, value or key, holds a control character: U+0000 to
  /// U+001F, U+007F and U+0080 to U+009F, except tab, newline and carriage
  /// return. TOML only lets them in as escapes (`\u0001`, `\u001b`).
  /// Secret names are checked by SC211.
  ///
  /// ## Why
  /// None has a use in a deployment, and each breaks a file stackc writes or
  /// the tool that reads it: NUL cannot be passed in a process environment,
  /// escape sequences rewrite the terminal of whoever reads the checklist,
  /// C1 characters are refused by docker-compose's YAML reader, and stackc
  /// itself marks secret references with U+0001 while it renders a value.
  ///
  /// ## Example
  /// ```toml
  /// [services.billing-api]
  /// env = { BANNER = "\u001b[2Jwelcome" }
  /// ```
  ///
  /// ## Fix
  /// Remove the character, or write it the way the service decodes it.
  pub struct ControlCharacter {
    code: "SC130",
    name: "control-character",
    severity: Error,
    summary: "a control character in a string",
  }
}

/// The first control character `text` holds, other than tab, newline and
/// carriage return.
pub fn find(text: &str) -> Option<char> {
  // Nearly every value is printable ASCII, which a byte scan settles.
  if text.bytes().all(stack_strings::printable) {
    return None;
  }
  text
    .chars()
    .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  if cx.plain_strings {
    return;
  }
  stack_strings::each(cx.document, &mut |text, place, path| {
    if let Some(character) = find(text) {
      out.push(report(
        place.span(cx.document, path),
        place.noun(),
        character,
      ));
    }
  });
}

fn report(span: crate::document::span::Span, what: &str, character: char) -> Diagnostic {
  META
    .diagnostic(
      format!(
        "this {what} holds the control character U+{:04X}",
        character as u32
      ),
      span,
    )
    .label("control character")
    .help("remove it: values may hold text, tabs and newlines, no other control character")
}

#[cfg(test)]
mod tests {
  use super::find;

  #[test]
  fn printable_text_and_its_whitespace_pass_and_every_other_control_is_found() {
    for text in ["plain", "tab\there\r\n", "é ü ש", ""] {
      assert_eq!(find(text), None, "{text:?}");
    }
    for (text, control) in [
      ("bell\u{7}", '\u{7}'),
      ("delete\u{7f}", '\u{7f}'),
      ("next line \u{85} after é", '\u{85}'),
      ("é\u{0}", '\u{0}'),
    ] {
      assert_eq!(find(text), Some(control), "{text:?}");
    }
  }
}
