//! Stage 4: the semantic rules of `check/rules/`, every one, over the model.

use crate::{
  check::context::Context,
  check::rules::{Check, REGISTRY},
  diagnostic::Diagnostic,
};

/// Below this many services the rules run on one thread: starting a
/// second costs about what it saves at 1,000 services (measured), and
/// more on a smaller stack.
const PARALLEL_FROM_SERVICES: usize = 1_000;

/// Every rule's diagnostics, in the registry's order.
pub fn lint(context: &Context<'_>) -> Vec<Diagnostic> {
  if context.model.services.len() < PARALLEL_FROM_SERVICES {
    in_order(context)
  } else {
    on_two_threads(context)
  }
}

fn checks() -> impl Iterator<Item = Check> {
  REGISTRY.iter().filter_map(|rule| rule.check)
}

fn in_order(context: &Context<'_>) -> Vec<Diagnostic> {
  let mut diagnostics = Vec::new();
  for check in checks() {
    check(context, &mut diagnostics);
  }
  diagnostics
}

/// The rules shared between two threads, each taking the next rule not
/// yet taken, and their diagnostics put back in the registry's order: the
/// same result as `in_order`.
fn on_two_threads(context: &Context<'_>) -> Vec<Diagnostic> {
  let checks: Vec<_> = checks().collect();
  let next = std::sync::atomic::AtomicUsize::new(0);
  let run = || {
    let mut found = Vec::new();
    loop {
      let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
      let Some(check) = checks.get(index) else {
        return found;
      };
      let mut diagnostics = Vec::new();
      check(context, &mut diagnostics);
      found.push((index, diagnostics));
    }
  };
  let mut found = std::thread::scope(|scope| {
    let other = scope.spawn(run);
    let mut found = run();
    match other.join() {
      Ok(theirs) => found.extend(theirs),
      Err(panic) => std::panic::resume_unwind(panic),
    }
    found
  });
  found.sort_by_key(|(index, _)| *index);
  found
    .into_iter()
    .flat_map(|(_, diagnostics)| diagnostics)
    .collect()
}

#[cfg(test)]
mod tests {
  use {
    super::*,
    crate::{check::parse, check::unreadable::Unreadable, check::validate, model::resolve},
    std::fmt::Write,
  };

  /// A stack whose services break many rules: unknown and cyclic
  /// dependencies, shared hosts and ports, bad images, unused and
  /// undeclared secrets.
  fn troubled_stack(services: usize) -> String {
    let mut text = String::from(
      "version = 1\n[stack]\nname = \"t\"\ndomain = \"example.com\"\n[secrets]\nunused = { generate = \"alnum\" }\n",
    );
    for index in 0..services {
      let _ = write!(
        text,
        "\n[services.app-{index}]\nimage = \"Bad Image:{index}\"\nport = 80\nhost_port = {}\nsubdomain = \"{}\"\ndepends_on = [\"app-{}\", \"ghost\"]\nenv = {{ X = \"{{{{ secrets.missing_{index} }}}}\\u0007\" }}\n",
        8000 + index % 7,
        if index % 3 == 0 { "same" } else { "Not A Host" },
        (index + 1) % services,
      );
    }
    text
  }

  #[test]
  fn two_threads_find_what_one_finds_in_the_same_order() {
    let (source, parsed) = parse::parse("stack.toml".as_ref(), troubled_stack(60).into_bytes());
    let document = parsed.expect("the stack parses");
    let mut unreadable = Unreadable::default();
    let config = validate::validate(&document, &mut Vec::new(), &mut unreadable);
    let model = resolve::resolve(&config, &document, &source);
    let context = Context::new(&source, &document, &model, None, &unreadable);
    let one = in_order(&context);
    let codes: std::collections::BTreeSet<_> = one.iter().map(|found| found.code).collect();
    assert!(codes.len() >= 6, "the stack breaks many rules: {codes:?}");
    assert_eq!(one, on_two_threads(&context));
  }
}
