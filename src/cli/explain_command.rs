//! `stackc explain [CODE]`: a rule's documentation, or the list of codes.

use crate::{
  check::rules::{self, REGISTRY},
  cli::terminal::{eprint, print},
  diagnostic::exit_code::{EXIT_CANNOT_RUN, EXIT_VALID},
};

pub fn explain(code: Option<&str>) -> i32 {
  let Some(code) = code else {
    let mut text = String::new();
    for rule in REGISTRY {
      let meta = rule.meta;
      text.push_str(&format!(
        "{}  {:<7}  {:<34} {}\n",
        meta.code,
        meta.severity.as_str(),
        meta.name,
        meta.summary
      ));
    }
    print(&text);
    return EXIT_VALID;
  };
  match rules::find(code) {
    Some(rule) => {
      print(&rule.meta.explanation());
      EXIT_VALID
    }
    None => {
      eprint(&format!(
        "error: unknown diagnostic code `{code}`; `stackc explain` lists them\n"
      ));
      EXIT_CANNOT_RUN
    }
  }
}
