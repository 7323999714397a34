use crate::{
  check::context::Context,
  diagnostic::Diagnostic,
  document::invisible,
  document::stack_strings::{self, Place},
  files::stack_file_reference,
};

crate::declare_rule! {
  /// ## What it checks
  /// That no key or value, and no prompt file, holds an invisible character:
  /// a bidirectional override, embedding or isolate (U+202A to U+202E,
  /// U+2066 to U+2069), a zero-width space, joiner or direction mark
  /// (U+200B to U+200F, U+061C, U+2060 to U+2064), a line or paragraph
  /// separator (U+2028, U+2029) or a byte order mark (U+FEFF). One exception
  /// keeps what round-trips: a service's `env` value or `command` may hold
  /// one written as a TOML escape (`"\u202E"`), which shows in the stack
  /// file and is written escaped into the compose file, the only file it
  /// reaches, and read back exactly by docker compose.
  ///
  /// ## Why
  /// They change what a reviewer sees without being seen (Trojan Source,
  /// CVE-2021-42574): an override reorders a line of the stack file in the
  /// pull request, and of the compose file, Caddyfile or CHECKLIST.md it
  /// compiles into; a zero-width character makes two different hosts or
  /// labels look the same. As rustc does for literals, the character is
  /// refused where it is written raw; and where it would reach a file that
  /// has no escape a reviewer sees (a Caddyfile, Markdown, comments, a
  /// prompt in agents.json), or names something (a host, an image, a key),
  /// even escaped.
  ///
  /// ## Example
  /// ```toml
  /// [secrets]
  /// admin_password = { manual = "ask alice\u202E\u2066 // or bob" }
  /// ```
  ///
  /// ## Fix
  /// Remove the character (`stackc check` shows where, escaped), or, in an
  /// environment value, write it as an escape. Text in a right-to-left
  /// script is written without direction marks.
  pub struct InvisibleCharacter {
    code: "SC135",
    name: "invisible-character",
    severity: Error,
    summary: "a bidirectional override or other invisible character in a key, value or prompt file",
  }
}

const HELP: &str = "remove it: it changes what a reviewer sees without being seen (Trojan Source); an environment value or command may hold one written as an escape, such as `\\u202E`";

/// Why the character found at `path` is refused, if it is.
fn refusal(
  cx: &Context<'_>,
  place: Place,
  path: &stack_strings::Path<'_>,
  text: &str,
) -> Option<&'static str> {
  invisible::find(text)?;
  let span = place.span(cx.document, path);
  let source = cx.source.text.get(span.start..span.end).unwrap_or_default();
  if invisible::find(source).is_some() {
    return Some("written as it is, where the stack file's reader cannot see it");
  }
  // Environment values and commands reach only the compose files, where
  // every invisible character is written as a YAML escape (`\u202e`) that
  // docker compose reads back exactly; everything else reaches a file with
  // no escape a reviewer sees (the Caddyfile, CHECKLIST.md, comments,
  // agents.json) or names something (a host, an image, a key).
  let compose_only = place == Place::Value
    && path.len() > 2
    && path[0] == "services"
    && matches!(path[2].as_ref(), "env" | "command");
  (!compose_only).then_some(
    "which would reach a file stackc writes (the Caddyfile, CHECKLIST.md, a comment) where no reviewer sees it",
  )
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  if !cx.plain_strings {
    strings(cx, out);
  }
  prompt_files(cx, out);
}

/// The strings and keys of the stack file.
fn strings(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  stack_strings::each(cx.document, &mut |text, place, path| {
    let Some(why) = refusal(cx, place, path, text) else {
      return;
    };
    let Some((character, _)) = invisible::find(text) else {
      return;
    };
    out.push(
      META
        .diagnostic(
          format!(
            "this {} holds the invisible character U+{:04X}, {why}",
            place.noun(),
            character as u32
          ),
          place.span(cx.document, path),
        )
        .label("invisible character")
        .help(HELP),
    );
  });
}

/// A prompt file is compiled into `orchestratai/agents.json`: its text is
/// held to the same rule. One SC311 refuses cannot be read here either.
fn prompt_files(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let Some(orchestratai) = &cx.model.config.orchestratai else {
    return;
  };
  for (id, agent) in &orchestratai.agents {
    let Some(file) = &agent.prompt_file else {
      continue;
    };
    let Ok(text) = stack_file_reference::read(cx.source.directory(), cx.output, file) else {
      continue;
    };
    if let Some((character, line)) = invisible::find(&text) {
      out.push(
        META
          .diagnostic(
            format!(
              "prompt file {file:?} of agent `{id}` holds the invisible character U+{:04X} on line {line}",
              character as u32
            ),
            cx.value(["orchestratai", "agents", id, "prompt_file"]),
          )
          .label("invisible character in this file")
          .help(HELP),
      );
    }
  }
}
