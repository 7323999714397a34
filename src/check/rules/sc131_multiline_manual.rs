use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That a secret's `manual` instructions are one line: no newline or
  /// carriage return.
  ///
  /// ## Why
  /// The instructions are written as a comment in `.env` and `.env.example`,
  /// and as a step of CHECKLIST.md. A newline would end the comment and
  /// start a line of its own: `"…\nCOMPOSE_PROJECT_NAME=evil"` set a variable
  /// docker compose reads, and in the checklist it could add steps or
  /// headings nobody wrote.
  ///
  /// ## Example
  /// ```toml
  /// [secrets]
  /// chat_token = { manual = "Open Chatwoot.\nCopy the token." }
  /// ```
  ///
  /// ## Fix
  /// Write the steps on one line: `"Open Chatwoot, then copy the token"`.
  pub struct MultilineManual {
    code: "SC131",
    name: "multiline-manual",
    severity: Error,
    summary: "`manual` instructions on more than one line",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  for (name, secret) in &cx.model.config.secrets {
    let Some(manual) = &secret.manual else {
      continue;
    };
    if manual.contains(['\n', '\r']) {
      out.push(
        META
          .diagnostic(
            format!("the instructions of secret `{name}` are on more than one line"),
            cx.value(["secrets", name, "manual"]),
          )
          .label("holds a line break")
          .help("write them on one line; they become a comment in .env and a step of CHECKLIST.md"),
      );
    }
  }
}
