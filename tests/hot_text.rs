//! The functions an everyday run executes are linked into one block at the
//! start of the code (`build.rs`, `link/hot-text.ld`), so that a short run
//! faults in few pages. The script names functions without their hashes;
//! these tests notice when it has stopped matching what the program runs.
#![cfg(all(target_os = "linux", target_env = "gnu"))]

use object::{Object, ObjectSection, ObjectSymbol};

/// The pipeline's entry points, as substrings of their v0 symbol names:
/// a check or a build runs each (`check::pipeline::check` is the check's,
/// `write::write_all` the build's). The script is made from the optimised
/// build, where link-time optimisation inlines a step with one caller into
/// it; these have several callers or are too large, and stay functions of
/// their own there too.
const PIPELINE: &[&str] = &[
  "6stackc4main",
  "6stackc3cli3run3run",
  "6stackc5check8pipeline5check",
  "6stackc5check8validate8validate",
  "6stackc5model7resolve7resolve",
  "6stackc5check8pipeline6linted",
  "6stackc5write9write_all",
];

fn linked_with_script() -> bool {
  option_env!("STACKC_HOT_TEXT") != Some("0")
}

#[test]
fn the_hot_block_leads_the_code_and_holds_an_everyday_run() {
  if !linked_with_script() {
    return;
  }
  let binary = std::fs::read(env!("CARGO_BIN_EXE_stackc")).expect("the stackc binary is readable");
  let file = object::File::parse(&*binary).expect("stackc is an object file");
  let hot = file
    .section_by_name(".text.hot")
    .expect("stackc has a .text.hot section: build.rs links with link/hot-text.ld");
  let text = file
    .section_by_name(".text")
    .expect("stackc has a .text section");
  assert!(
    hot.address() < text.address(),
    ".text.hot at {:#x} should come before .text at {:#x}",
    hot.address(),
    text.address()
  );
  // An optimised check and build run about 1.3 MB of code; a script whose
  // names no longer match gathers far less.
  assert!(
    hot.size() > 1 << 20,
    ".text.hot holds only {} bytes: regenerate link/hot-text.ld with scripts/hot-text",
    hot.size()
  );
  let inside = hot.address()..hot.address() + hot.size();
  let symbols: Vec<_> = file.symbols().collect();
  // A stripped binary (the release profile) has no symbols to look up.
  if symbols.is_empty() {
    return;
  }
  for entry in PIPELINE {
    let placed: Vec<u64> = symbols
      .iter()
      .filter(|symbol| symbol.name().is_ok_and(|name| name.contains(entry)))
      .map(|symbol| symbol.address())
      .collect();
    assert!(!placed.is_empty(), "no symbol of stackc names {entry}");
    assert!(
      placed.iter().any(|address| inside.contains(address)),
      "{entry} lies outside .text.hot: regenerate link/hot-text.ld with scripts/hot-text \
       (if the optimised build now inlines {entry}, it no longer names the pipeline: pick another step)"
    );
  }
}
