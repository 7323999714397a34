//! Fuzzing parse → check → build on arbitrary bytes, with bolero on stable
//! Rust (`cargo fuzz` needs nightly): each input is either raw bytes or a
//! seed (every stack of `tests/corpus/` and `stacks/`) with byte-level and
//! token-level mutations, run in-process. Nothing may panic; every
//! diagnostic must point inside the file; every output format must render;
//! a file the fast section reader takes must give the document `toml` gives
//! for the whole file; a stack that checks clean must render the same bytes
//! twice and write them. `cargo test` runs it for 10 s;
//! `BOLERO_RANDOM_TEST_TIME_MS` (as `.ci/run` sets) or
//! `BOLERO_RANDOM_ITERATIONS` bound it otherwise, and `BOLERO_RANDOM_SEED`,
//! printed on a failure, replays one input.

mod common;

use {
  common::{root, sections},
  stackc::{
    check::pipeline,
    cli::report::{self, FileReport, Format},
    targets::{self, RenderOptions, Target},
    write,
  },
  std::{collections::BTreeMap, fs, path::Path, time::Duration},
};

/// Tokens a mutation may insert: the pieces of the format where bugs hide.
const TOKENS: &[&str] = &[
  "[",
  "]",
  "[[",
  "=",
  "\"",
  "'''",
  "\"\"\"",
  "{",
  "}",
  "{{ ",
  " }}",
  "{{ secrets.x }}",
  "{{ services.n8n.url }}",
  "\n[services.x]\n",
  "\n[secrets]\n",
  "\n[profiles.p]\nexpose_ports = true\n",
  "\n[orchestratai.agents.billing]\n",
  "port = 3000.0\n",
  "port = 99999\n",
  "host_port = 80\n",
  "depends_on = [\"x\", \"postgresql\"]\n",
  "image = \"a/b:1\"\n",
  "prompt_file = \"prompts/billing.md\"\n",
  "prompt_file = \"/etc/passwd\"\n",
  "prompt_file = \"../x\"\n",
  "generate = \"password\"\n",
  "from_env = \"X\"\n",
  "manual = \"m\"\n",
  "length = 8\n",
  "tls = \"off\"\n",
  "\\u001b[2J",
  "\u{1b}",
  "\r\n",
  "\u{0}",
  "é",
  "${X}",
  "#",
  ".",
  "-1",
  "1e999",
  "nan",
  "inf",
  "true",
  "1979-05-27T07:32:00Z",
];

/// One edit: `(kind, position, byte, length)`.
type Mutation = (u8, u16, u8, u16);

fn seeds() -> Vec<Vec<u8>> {
  let mut seeds = Vec::new();
  for folder in ["tests/corpus", "stacks"] {
    let mut paths: Vec<_> = fs::read_dir(root().join(folder))
      .unwrap()
      .map(|entry| entry.unwrap().path())
      .filter(|path| path.extension().is_some_and(|e| e == "toml"))
      .collect();
    paths.sort();
    seeds.extend(paths.iter().map(|path| fs::read(path).unwrap()));
  }
  assert!(seeds.len() > 40, "the corpus seeds the fuzzer");
  seeds
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
  for &(kind, position, byte, length) in mutations {
    let at = usize::from(position) % (bytes.len() + 1);
    let length = usize::from(length) % 64;
    match kind % 5 {
      0 if at < bytes.len() => bytes[at] = byte,
      1 => bytes.insert(at, byte),
      2 => {
        let end = (at + length).min(bytes.len());
        bytes.drain(at..end);
      }
      3 => {
        let token = TOKENS[usize::from(byte) % TOKENS.len()].as_bytes();
        bytes.splice(at..at, token.iter().copied());
      }
      _ => {
        let end = (at + length).min(bytes.len());
        let copy = bytes[at..end].to_vec();
        let to = usize::from(byte) * bytes.len() / 256;
        bytes.splice(to..to, copy);
      }
    }
  }
  bytes
}

/// The properties, for one stack file's bytes, in `directory`.
fn check_and_build(directory: &Path, bytes: &[u8]) {
  if let Ok(text) = std::str::from_utf8(bytes) {
    sections::agree(text);
  }
  let stack = directory.join("stack.toml");
  let out = directory.join("out");
  fs::write(&stack, bytes).unwrap();
  let checked = pipeline::check(&stack, bytes.to_vec(), Some(&out));
  let length = checked.source.text.len();
  for diagnostic in &checked.diagnostics {
    let span = diagnostic.span;
    assert!(
      span.start <= span.end && span.end <= length,
      "{diagnostic:?} outside a file of {length} bytes"
    );
  }
  let files = [FileReport {
    source: &checked.source,
    diagnostics: &checked.diagnostics,
  }];
  for format in [Format::Human, Format::Json, Format::Sarif, Format::Github] {
    let rendered = report::render(&files, format, false);
    if format == Format::Json {
      serde_json::from_str::<serde_json::Value>(&rendered).expect("JSON output parses");
    }
  }
  if checked.has_errors() {
    return;
  }
  let Some(model) = checked.model() else {
    return;
  };
  let values = BTreeMap::new();
  let options = RenderOptions {
    stack_file: "stack.toml",
    profile: None,
    values: &values,
    directory,
    output: &out,
    kept_env: &[],
  };
  let Ok(first) = targets::render(Target::Compose, &model, &options) else {
    return;
  };
  let second =
    targets::render(Target::Compose, &model, &options).expect("a second render succeeds too");
  assert_eq!(first, second, "the same input gives the same bytes");
  write::write_all(&out, &first).expect("a valid stack is written");
  let _ = fs::remove_dir_all(&out);
}

fn scratch() -> tempfile::TempDir {
  let directory = tempfile::tempdir().unwrap();
  // The corpus' prompt files, so that seeds reading them still read them.
  fs::create_dir(directory.path().join("prompts")).unwrap();
  for entry in fs::read_dir(root().join("tests/corpus/prompts")).unwrap() {
    let path = entry.unwrap().path();
    fs::copy(
      &path,
      directory
        .path()
        .join("prompts")
        .join(path.file_name().unwrap()),
    )
    .unwrap();
  }
  directory
}

#[test]
fn every_seed_passes_unchanged() {
  let directory = scratch();
  for seed in seeds() {
    check_and_build(directory.path(), &seed);
  }
}

#[test]
fn parse_check_build_never_panics_on_arbitrary_bytes() {
  let seeds = seeds();
  let directory = scratch();
  bolero::check!()
    .with_type::<(u8, Vec<Mutation>, Vec<u8>)>()
    .with_test_time(Duration::from_secs(10))
    .for_each(|(choice, mutations, raw)| {
      // One input in eight is raw bytes; the others are mutated seeds.
      let bytes = if choice % 8 == 0 {
        raw.clone()
      } else {
        mutate(seeds[usize::from(*choice) % seeds.len()].clone(), mutations)
      };
      check_and_build(directory.path(), &bytes);
    });
}
