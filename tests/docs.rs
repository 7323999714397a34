//! The documentation: `README.md` (the front page) and the mdBook in
//! `docs/` (`docs/book.toml`, chapters in `docs/src/`, listed by
//! `docs/src/SUMMARY.md`).
//!
//! - The book builds: `mdbook build docs`, into a temporary folder. mdBook
//!   is a tool CI installs (`scripts/install-test-tools`); without it the
//!   test fails, as every test of a real tool does.
//! - Every internal link resolves: a relative link names a file that
//!   exists, and a `#fragment` a heading of the file it points to (its
//!   GitHub slug, which must also be an `id` mdBook gave that heading). A
//!   chapter's links stay inside `docs/src/`, so that they resolve in the
//!   built book too; `http(s)://` links are not followed.
//! - Every code `SCnnn` the documentation names is one `stackc explain`
//!   lists.
//! - Every example runs as shown. The convention: in a fenced ```` ```console ````
//!   block, a line beginning `$ ` is a command, and must be a `stackc`
//!   command; the lines under it, up to the next `$ ` line, are what it
//!   prints (stdout, then stderr): each line shown must be a line of that
//!   output, in that order; blank lines and `…` (lines left out) are not
//!   compared. A command exits 0 unless its line ends with a comment
//!   `# exit N`. Each block runs in a fresh temporary folder holding a copy
//!   of the bundled stacks (`stacks/*.toml`, as `stacks/`), its commands one
//!   after the other (a build is seen by the `--check` after it). A `stackc`
//!   command in a ```` ```sh ```` block would never be run, so there is
//!   none: commands of other tools go there. `docs/src/tests.md` says the
//!   same for those who write the docs.
//!
//! Nothing is written into the repository.

mod common;

use {
  common::root,
  std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::{Path, PathBuf},
    process::Command,
  },
};

/// README.md and every chapter, as (path relative to the root, text).
fn documents() -> Vec<(PathBuf, String)> {
  let mut paths = vec![PathBuf::from("README.md")];
  let mut chapters: Vec<PathBuf> = fs::read_dir(root().join("docs/src"))
    .unwrap()
    .map(|entry| entry.unwrap().path())
    .filter(|path| path.extension().is_some_and(|e| e == "md"))
    .map(|path| path.strip_prefix(root()).unwrap().to_path_buf())
    .collect();
  chapters.sort();
  paths.extend(chapters);
  paths
    .into_iter()
    .map(|path| {
      let text = fs::read_to_string(root().join(&path)).unwrap();
      (path, text)
    })
    .collect()
}

/// A fenced code block: its info string and its lines.
struct Block<'a> {
  info: &'a str,
  lines: Vec<&'a str>,
  /// The 1-based line of its opening fence.
  line: usize,
}

/// The text outside fenced code blocks (fences blanked, so line numbers
/// stay) and the blocks.
fn split_fences(text: &str) -> (String, Vec<Block<'_>>) {
  let mut prose = String::new();
  let mut blocks = Vec::new();
  // The open block and the length of its fence: a fence of four
  // backticks can hold a block of three.
  let mut open: Option<(Block<'_>, usize)> = None;
  for (index, line) in text.lines().enumerate() {
    let trimmed = line.trim_start();
    let ticks = trimmed.len() - trimmed.trim_start_matches('`').len();
    let info = trimmed[ticks..].trim();
    match &mut open {
      None if ticks >= 3 => {
        open = Some((
          Block {
            info,
            lines: Vec::new(),
            line: index + 1,
          },
          ticks,
        ));
        prose.push('\n');
      }
      Some((_, fence)) if ticks >= *fence && info.is_empty() => {
        blocks.push(open.take().unwrap().0);
        prose.push('\n');
      }
      Some((block, _)) => {
        block.lines.push(line);
        prose.push('\n');
      }
      None => {
        prose.push_str(line);
        prose.push('\n');
      }
    }
  }
  assert!(open.is_none(), "a code block is never closed");
  (prose, blocks)
}

/// `text` without HTML comments and inline code spans (a code span may
/// cross a line break inside its paragraph, so spans are matched over the
/// whole text; no span crosses a blank line).
fn without_code_and_comments(prose: &str) -> String {
  let mut text = String::new();
  let mut rest = prose;
  while let Some(start) = rest.find("<!--") {
    text.push_str(&rest[..start]);
    let end = rest[start..]
      .find("-->")
      .expect("an HTML comment is closed")
      + start
      + 3;
    text.push_str(&"\n".repeat(rest[start..end].matches('\n').count()));
    rest = &rest[end..];
  }
  text.push_str(rest);
  text
    .split("\n\n")
    .map(|paragraph| {
      let mut out = String::new();
      let mut rest = paragraph;
      while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let ticks = rest[start..].len() - rest[start..].trim_start_matches('`').len();
        let delimiter = &rest[start..start + ticks];
        match rest[start + ticks..].find(delimiter) {
          Some(end) => rest = &rest[start + ticks + end + ticks..],
          None => {
            out.push_str(delimiter);
            rest = &rest[start + ticks..];
          }
        }
      }
      out.push_str(rest);
      out
    })
    .collect::<Vec<_>>()
    .join("\n\n")
}

/// The targets of the inline links `[text](target)` in `prose`.
fn links(prose: &str) -> Vec<String> {
  let text = without_code_and_comments(prose);
  let mut targets = Vec::new();
  let mut rest = text.as_str();
  while let Some(start) = rest.find("](") {
    let after = &rest[start + 2..];
    let end = after.find(')').expect("a link's target is closed");
    targets.push(after[..end].trim().to_string());
    rest = &after[end..];
  }
  targets
}

/// A heading's slug as GitHub makes it (and mdBook, for these headings:
/// checked against the built book): lower case, punctuation other than `-`
/// and `_` dropped, spaces as `-`.
fn slug(heading: &str) -> String {
  heading
    .chars()
    .filter_map(|c| {
      if c.is_alphanumeric() || c == '-' || c == '_' {
        Some(c.to_lowercase().next().unwrap())
      } else if c == ' ' {
        Some('-')
      } else {
        None
      }
    })
    .collect()
}

/// The slugs of the headings of a Markdown text, a repeated one numbered
/// (`-1`, `-2`) as GitHub and mdBook both do.
fn anchors(text: &str) -> BTreeSet<String> {
  let (prose, _) = split_fences(text);
  let mut seen: BTreeMap<String, usize> = BTreeMap::new();
  let mut anchors = BTreeSet::new();
  for line in prose.lines() {
    let hashes = line.len() - line.trim_start_matches('#').len();
    if !(1..=6).contains(&hashes) || !line[hashes..].starts_with(' ') {
      continue;
    }
    let base = slug(line[hashes..].trim());
    let count = seen.entry(base.clone()).or_insert(0);
    anchors.insert(if *count == 0 {
      base
    } else {
      format!("{base}-{count}")
    });
    *count += 1;
  }
  anchors
}

/// The chapters `SUMMARY.md` lists, in order (commented-out lines aside).
fn chapters() -> Vec<String> {
  let summary = fs::read_to_string(root().join("docs/src/SUMMARY.md")).unwrap();
  links(&split_fences(&summary).0)
}

/// Builds the book into a temporary folder, which is returned.
fn build_book() -> tempfile::TempDir {
  let out = tempfile::tempdir().unwrap();
  let output = Command::new("mdbook")
    .arg("build")
    .arg(root().join("docs"))
    .arg("--dest-dir")
    .arg(out.path())
    .output()
    .expect("mdbook is installed: run scripts/install-test-tools");
  assert!(
    output.status.success(),
    "mdbook build docs failed:\n{}{}",
    String::from_utf8_lossy(&output.stdout),
    String::from_utf8_lossy(&output.stderr)
  );
  out
}

#[test]
fn the_book_builds_with_every_chapter() {
  let book = build_book();
  let listed: BTreeSet<String> = chapters().into_iter().collect();
  for chapter in &listed {
    let page = book.path().join(Path::new(chapter).with_extension("html"));
    assert!(page.is_file(), "the book has no page for {chapter}");
  }
  // Every chapter file is in the book: none is left out of SUMMARY.md.
  for (path, _) in documents() {
    if let Ok(chapter) = path.strip_prefix("docs/src") {
      let chapter = chapter.to_str().unwrap();
      assert!(
        chapter == "SUMMARY.md" || listed.contains(chapter),
        "docs/src/SUMMARY.md does not list {chapter}"
      );
    }
  }
}

/// `stackc lsp` links each diagnostic's code to the codes chapter at
/// `#scNNN` (`lsp::diagnostics::code_url`): every code has that anchor in
/// the built book.
#[test]
fn every_code_has_its_anchor_in_the_codes_chapter() {
  let book = build_book();
  let page = fs::read_to_string(book.path().join("codes.html")).unwrap();
  for rule in stackc::check::rules::REGISTRY {
    let anchor = format!("id=\"{}\"", rule.meta.code.to_ascii_lowercase());
    assert!(page.contains(&anchor), "codes.html lacks {anchor}");
  }
}

#[test]
fn every_internal_link_resolves() {
  let book = build_book();
  let docs = root().join("docs/src");
  let mut problems = Vec::new();
  for (path, text) in documents() {
    let (prose, _) = split_fences(&text);
    let in_book = path.starts_with("docs/src");
    for target in links(&prose) {
      if target.starts_with("http://") || target.starts_with("https://") {
        continue;
      }
      let (file, fragment) = match target.split_once('#') {
        Some((file, fragment)) => (file, Some(fragment)),
        None => (target.as_str(), None),
      };
      let linked = if file.is_empty() {
        root().join(&path)
      } else {
        root().join(&path).parent().unwrap().join(file)
      };
      let Ok(linked) = linked.canonicalize() else {
        problems.push(format!("{}: `{target}`: no such file", path.display()));
        continue;
      };
      if in_book && !linked.starts_with(docs.canonicalize().unwrap()) {
        problems.push(format!(
          "{}: `{target}` leaves docs/src/, so the built book cannot follow it",
          path.display()
        ));
        continue;
      }
      let Some(fragment) = fragment else { continue };
      let text = fs::read_to_string(&linked).unwrap_or_default();
      if !anchors(&text).contains(fragment) {
        problems.push(format!(
          "{}: `{target}`: no heading with that anchor",
          path.display()
        ));
        continue;
      }
      // The same anchor in the book mdBook built.
      if let Ok(chapter) = linked.strip_prefix(docs.canonicalize().unwrap()) {
        let page = book.path().join(chapter.with_extension("html"));
        let html = fs::read_to_string(&page).unwrap();
        if !html.contains(&format!(" id=\"{fragment}\"")) {
          problems.push(format!(
            "{}: `{target}`: mdBook gave {} no id `{fragment}`",
            path.display(),
            page.display()
          ));
        }
      }
    }
  }
  assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_front_page_links_to_every_chapter() {
  let readme = fs::read_to_string(root().join("README.md")).unwrap();
  let linked: BTreeSet<String> = links(&split_fences(&readme).0)
    .into_iter()
    .map(|target| target.split('#').next().unwrap().to_string())
    .collect();
  for chapter in chapters() {
    let target = format!("docs/src/{chapter}");
    assert!(
      linked.contains(&target),
      "README.md has no link to {target}"
    );
  }
  let lines = readme.lines().count();
  assert!(
    lines <= 250,
    "README.md is {lines} lines: a front page is at most 250"
  );
}

/// The text of the first fenced block of `info` in `text`.
fn first_block(text: &str, info: &str) -> String {
  let (_, blocks) = split_fences(text);
  let block = blocks.iter().find(|block| block.info == info).unwrap();
  block.lines.join("\n")
}

#[test]
fn the_front_pages_example_is_the_format_chapters() {
  // tests/databases.rs builds the front page's example and provisions its
  // database: the format chapter shows the same one.
  let readme = fs::read_to_string(root().join("README.md")).unwrap();
  let format = fs::read_to_string(root().join("docs/src/format.md")).unwrap();
  assert_eq!(first_block(&readme, "toml"), first_block(&format, "toml"));
}

/// The rows of the first table whose header row starts with `header`.
fn table(text: &str, header: &str) -> Vec<String> {
  text
    .lines()
    .skip_while(|line| !line.starts_with(header))
    .take_while(|line| line.starts_with('|'))
    .map(str::to_string)
    .collect()
}

#[test]
fn the_front_pages_commands_table_is_the_commands_chapters() {
  let readme = fs::read_to_string(root().join("README.md")).unwrap();
  let commands = fs::read_to_string(root().join("docs/src/commands.md")).unwrap();
  let header = "| command | what it does | exit |";
  let front: Vec<String> = table(&readme, header)
    .iter()
    .map(|row| row.replace("](docs/src/", "]("))
    .collect();
  assert!(front.len() > 2, "README.md has no commands table");
  assert_eq!(front, table(&commands, header));
}

#[test]
fn every_code_named_is_a_real_code() {
  let output = Command::new(env!("CARGO_BIN_EXE_stackc"))
    .arg("explain")
    .output()
    .unwrap();
  assert!(output.status.success());
  let known: BTreeSet<String> = String::from_utf8(output.stdout)
    .unwrap()
    .lines()
    .filter_map(|line| line.split_whitespace().next().map(str::to_string))
    .collect();
  assert!(known.contains("SC101"), "{known:?}");
  let mut unknown = Vec::new();
  for (path, text) in documents() {
    let bytes = text.as_bytes();
    for (index, _) in text.match_indices("SC") {
      let digits = &bytes[index + 2..(index + 5).min(bytes.len())];
      let boundary_before = index == 0 || !bytes[index - 1].is_ascii_alphanumeric();
      let boundary_after = bytes
        .get(index + 5)
        .is_none_or(|b| !b.is_ascii_alphanumeric());
      if digits.len() == 3
        && digits.iter().all(u8::is_ascii_digit)
        && boundary_before
        && boundary_after
      {
        let code = &text[index..index + 5];
        if !known.contains(code) {
          unknown.push(format!("{}: {code}", path.display()));
        }
      }
    }
  }
  assert!(
    unknown.is_empty(),
    "codes stackc does not have:\n{}",
    unknown.join("\n")
  );
}

/// A command of a `console` block: its arguments, the status it must exit
/// with, the lines it must print, and where it is.
struct Example {
  arguments: Vec<String>,
  status: i32,
  shown: Vec<String>,
  place: String,
}

/// The `console` blocks of the documentation, each as its commands.
fn examples() -> Vec<Vec<Example>> {
  let mut sessions = Vec::new();
  for (path, text) in documents() {
    let (_, blocks) = split_fences(&text);
    for block in blocks {
      if block.info == "sh" {
        for line in &block.lines {
          assert!(
            !line.trim_start().starts_with("stackc "),
            "{}:{}: `{line}`: a stackc command in an sh block is never run; write it in a \
             console block, as `$ stackc …`",
            path.display(),
            block.line
          );
        }
      }
      if block.info != "console" {
        continue;
      }
      let mut session: Vec<Example> = Vec::new();
      for (offset, line) in block.lines.iter().enumerate() {
        let place = format!("{}:{}", path.display(), block.line + offset + 1);
        if let Some(command) = line.strip_prefix("$ ") {
          let (command, status) = match command.split_once(" # exit ") {
            Some((command, status)) => (command, status.trim().parse().unwrap()),
            None => (command, 0),
          };
          let words = shlex::split(command).unwrap_or_else(|| panic!("{place}: cannot split"));
          assert_eq!(
            words.first().map(String::as_str),
            Some("stackc"),
            "{place}: a console block runs stackc commands only"
          );
          session.push(Example {
            arguments: words[1..].to_vec(),
            status,
            shown: Vec::new(),
            place,
          });
        } else {
          let example = session
            .last_mut()
            .unwrap_or_else(|| panic!("{place}: output before any `$ stackc` command"));
          if !line.trim().is_empty() && line.trim() != "…" {
            example.shown.push(line.trim_end().to_string());
          }
        }
      }
      sessions.push(session);
    }
  }
  sessions
}

/// A temporary folder holding a copy of the bundled stacks, as `stacks/`
/// (the stack files only: not a secrets store a local build left there).
fn copy_of_the_stacks() -> tempfile::TempDir {
  let directory = tempfile::tempdir().unwrap();
  let stacks = directory.path().join("stacks");
  fs::create_dir(&stacks).unwrap();
  for entry in fs::read_dir(root().join("stacks")).unwrap() {
    let path = entry.unwrap().path();
    if path.extension().is_some_and(|e| e == "toml") {
      fs::copy(&path, stacks.join(path.file_name().unwrap())).unwrap();
    }
  }
  directory
}

#[test]
fn every_example_runs_as_shown() {
  let sessions = examples();
  let commands: Vec<&Example> = sessions.iter().flatten().collect();
  // The docs show each everyday command at work.
  for name in ["check", "build", "explain"] {
    assert!(
      commands
        .iter()
        .any(|c| c.arguments.first().map(String::as_str) == Some(name)),
      "no example runs `stackc {name}`"
    );
  }
  let mut problems = Vec::new();
  for session in &sessions {
    let directory = copy_of_the_stacks();
    for example in session {
      let mut command = Command::new(env!("CARGO_BIN_EXE_stackc"));
      command
        .args(&example.arguments)
        .current_dir(directory.path())
        .env("NO_COLOR", "1");
      for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("STACKC_") {
          command.env_remove(key);
        }
      }
      let output = command.output().unwrap();
      let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
      );
      let place = &example.place;
      if output.status.code() != Some(example.status) {
        problems.push(format!(
          "{place}: exited {:?}, the docs say {}:\n{printed}",
          output.status.code(),
          example.status
        ));
        continue;
      }
      let mut lines = printed.lines().map(str::trim_end);
      for shown in &example.shown {
        if !lines.any(|line| line == shown) {
          problems.push(format!(
            "{place}: `{shown}` is not printed (or not in that order):\n{printed}"
          ));
          break;
        }
      }
    }
  }
  assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
