//! The document built section by section (`Document::from_sections`, the
//! fast path) is the document `toml` gives for the whole file: the same
//! JSON, keys in the same order, and the same place for every node. Where
//! the fast path gives up, the whole file must be parsed instead, so it may
//! give up on anything, but never on a stack it should take.

mod common;

use common::{root, sections::agree};

/// Variants of `text` that move, repeat, drop and indent its lines: each
/// header lands before or after other headers, twice, or inside values.
fn mutations(text: &str) -> Vec<String> {
  let lines: Vec<&str> = text.lines().collect();
  let mut found = Vec::new();
  for index in 0..lines.len() {
    let mut without = lines.clone();
    without.remove(index);
    found.push(without.join("\n"));
    let mut twice = lines.clone();
    twice.insert(index, lines[index]);
    found.push(twice.join("\n"));
    let mut indented = lines.clone();
    let line = format!("\t {}", lines[index]);
    indented[index] = &line;
    found.push(indented.join("\n"));
    if index + 1 < lines.len() {
      let mut swapped = lines.clone();
      swapped.swap(index, index + 1);
      found.push(swapped.join("\n"));
    }
  }
  found
}

const TRICKY: &[&str] = &[
  "",
  "a = 1",
  "\u{feff}[a]\nb = 1\n",
  "[a]\r\nb = 1\r\n[c]\r\nd = 2\r\n",
  "[ a . b ] # comment\nc = 1\n\t[a . d]\n",
  "[a.b]\n[a]\nx = 1\n",
  "[a]\nb.c = 1\n[a.b]\n",
  "[a]\nb.c = 1\n[a.b.d]\n",
  "[a]\nb = 1\n[a.b]\n",
  "[a]\n[a]\n",
  "[a.b]\nc = 1\n[a.b.d]\ne = 2\n[a.f]\n",
  "[a.b.d]\n[a.b]\n",
  "[[a]]\nx = 1\n[[a]]\nx = 2\n[b]\n[[a]]\n",
  "[[a]]\n[a.b]\n",
  "[[a.b]]\n[[a.b]]\n[a.c]\n",
  "[a]\n[[a]]\n",
  "a = [{ x = 1 }]\n[[a]]\n",
  "[b]\na = [{ x = 1 }]\n[[b.a]]\n",
  "[[a]]\n[a]\n",
  "x.y = 1\n[x.z]\n",
  "x = { y = 1 }\n[x.z]\n",
  "x = 1\n[x.y]\n",
  "a = [\n[1],\n  [2],\n]\n[b]\n",
  "s = \"\"\"\n[not.a.header]\n\"\"\"\n[b]\n",
  "s = '''\n [not.a.header]\n'''\n",
  "t = {\n[x] = 1 }\n",
  "[services.\"my.app\"]\nimage = \"x\"\n[\"a/b~c\".d]\ne = [1, 2, { f = 3 }]\n",
  "[a]\nb = 1\n[a]\nc = 2\n",
  "[a]\n x = 1\n [b]\n y = 2\n",
  "[a]] \n",
  "[a\n",
  "[a.b]\n[a.b.c]\n[a.b]\n",
  // Values the section reader takes from toml_parser's events itself.
  r#"[a]
s = "tab\there \u00e9 \"q\""
l = 'C:\path'
m = """
line\
  joined"""
n = '''
raw
'''
"#,
  "[a]\ni = 1_000\nh = 0xDEAD_beef\no = 0o17\nb = 0b101\nneg = -7\npos = +7\nbig = 9223372036854775807\n",
  "[a]\nf = 6.02e+23\ng = -1_0.5\ninf = inf\nnan = -nan\nz = 0.0\n",
  "[a]\nt = true\nf = false\nd = 1979-05-27T07:32:00Z\nl = 1979-05-27 07:32:00\ndate = 1979-05-27\ntime = 07:32:00.5\n",
  "[a]\nx = { }\ny = []\nz = [ [ ], { }, [ { a = [1] } ] ]\n",
  "[a]\nx = { b = 1, c = { d = [1, 2,], e = 'f' } }\n",
  "[a]\nx = [\n  1, # one\n  2,\n  # nothing\n]\n",
  r#"[a]
"quoted key" = 1
'lit/key~' = 2
"" = 3
"\u0041" = 4
"#,
  "[a]\nx = { b = 1, b = 2 }\n",
  "[a]\nx = { b.c = 1 }\n",
  "[a]\nx = 1\nx = 2\n",
  "[a]\nx = 1\nx = { }\n",
  "[a]\nx = { }\nx = 1\n",
  "[a]\nx = [1, 2]\nx = 3\n",
  "[a]\nb.c = 1\nb.d = 2\n",
  "[a]\nx = 1 # comment\r\ny = 2\r\n",
  "[a]\nx = \"bad \\q escape\"\n",
  "[a]\nx = 1979-13-45\n",
  "[a]\nx = 08\n",
  "[a]\nx = 1__0\n",
  "[a]\nx = [1 2]\n",
  "[a]\nx = { y = 1\n",
  "[a]\nx =\n",
  "[a]\n= 1\n",
  "[a] x = 1\n",
  "[a]\nx = 1 y = 2\n",
  "[a]\n# a comment with a control character: \u{7}\n",
  "[\"a\".'b'.c]\nx = 1\n[ \"a\" . 'b' . d ]\n",
  "[[a.b]]\nx = [{ y = 1 }]\n[[a.b]]\nx = []\n",
  "x = 1\ny = { z = [true] }\n[a]\n",
  "[a]\n[a.b]\nc = 1\n",
  "[a]\nb = { c = 1 }\n[a.b.d]\n",
  "[a]\nb = [ { c = 1 } ]\n[[a.b]]\n",
];

#[test]
fn the_fast_path_and_the_whole_file_give_one_document() {
  let mut texts: Vec<String> = TRICKY.iter().map(|text| text.to_string()).collect();
  let mut files: Vec<std::path::PathBuf> = [
    "stacks/borgstack.toml",
    "stacks/orchestratai.toml",
    "stacks/minimal.toml",
  ]
  .iter()
  .map(|stack| root().join(stack))
  .collect();
  for entry in std::fs::read_dir(root().join("tests/corpus")).unwrap() {
    files.push(entry.unwrap().path());
  }
  for file in files {
    if let Ok(text) = std::fs::read_to_string(&file) {
      texts.extend(mutations(&text));
      texts.push(text);
    }
  }
  let mut taken = 0;
  for text in &texts {
    taken += usize::from(agree(text));
  }
  // Most variants are valid TOML and go the fast way; a fast path that gave
  // up on everything would pass the assertions above and help nobody.
  assert!(
    taken * 2 > texts.len(),
    "fast path took {taken} of {}",
    texts.len()
  );
}

/// The stacks operators write, and the benchmark's, take the fast path.
#[test]
fn bundled_stacks_take_the_fast_path() {
  for stack in [
    "stacks/borgstack.toml",
    "stacks/orchestratai.toml",
    "stacks/minimal.toml",
  ] {
    let text = std::fs::read_to_string(root().join(stack)).unwrap();
    assert!(agree(&text), "{stack} was parsed as a whole");
  }
  for text in [
    "[[a]]\nx = 1\n[[a]]\nx = 2\n",
    "[services.a]\n[services.b]\nx = 1\n[services.a.env]\n",
    // Every kind of value, read from the parser's events.
    "[a]\ns = \"tab\\t \\u00e9 \\\"q\\\"\"\nl = 'C:\\path'\nm = \"\"\"\nline\\\n  joined\"\"\"\n",
    "[a]\ni = 0xDEAD_beef\nf = -1_0.5e3\ninf = inf\nt = true\nd = 1979-05-27 07:32:00\n",
    "[a]\nx = { }\ny = []\nz = [ [ ], { }, [ { a = [1, 'b'] } ] ] # done\n",
    "x = 1\ny = { z = [true] }\n[\"a.b\".'c/d~']\n\"\" = 3\n",
  ] {
    assert!(agree(text), "{text} was parsed as a whole");
  }
}
