//! The layout `ARCHITECTURE.md` describes, held by the code's own imports:
//! `lib.rs` declares the stages in pipeline order, a stage imports only the
//! stages before it, no file of `src/` imports a file that imports it back,
//! and none is over 400 lines.
//!
//! The imports are read with `syn`: every `use` and every path in the code,
//! resolved against the module tree `lib.rs` declares (`crate::`, `super::`,
//! `self::` and a child module's bare name), to the file that defines the
//! module it names. A path into another crate is no import of ours.

use {
  std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::{Path, PathBuf},
  },
  syn::visit::Visit,
};

/// The stages, in pipeline order: each may import those before it only.
const STAGES: &[&str] = &[
  "document",
  "diagnostic",
  "catalog",
  "config",
  "files",
  "model",
  "targets",
  "check",
  "secrets",
  "write",
  "import",
  "review",
  "lsp",
  "cli",
];

const LINE_LIMIT: usize = 400;

fn src() -> PathBuf {
  Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every module of the library, by path from the crate root, with the file
/// that holds it (an inline module is held by its file).
struct ModuleTree {
  files: BTreeMap<Vec<String>, PathBuf>,
  /// Each file's own module path.
  module_of: BTreeMap<PathBuf, Vec<String>>,
}

impl ModuleTree {
  fn read() -> Self {
    let mut tree = Self {
      files: BTreeMap::new(),
      module_of: BTreeMap::new(),
    };
    tree.add(Vec::new(), src().join("lib.rs"), true);
    tree
  }

  fn add(&mut self, module: Vec<String>, file: PathBuf, owns_directory: bool) {
    let text = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let syntax = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    self.files.insert(module.clone(), file.clone());
    self.module_of.insert(file.clone(), module.clone());
    let directory = if owns_directory {
      file.parent().unwrap().to_owned()
    } else {
      file.with_extension("")
    };
    for item in &syntax.items {
      let syn::Item::Mod(declared) = item else {
        continue;
      };
      let name = declared.ident.to_string();
      let mut child = module.clone();
      child.push(name.clone());
      if declared.content.is_some() {
        self.files.insert(child, file.clone());
        continue;
      }
      let explicit = declared.attrs.iter().find_map(|attribute| {
        let syn::Meta::NameValue(pair) = &attribute.meta else {
          return None;
        };
        let syn::Expr::Lit(syn::ExprLit {
          lit: syn::Lit::Str(path),
          ..
        }) = &pair.value
        else {
          return None;
        };
        pair.path.is_ident("path").then(|| path.value())
      });
      let (child_file, owns) = match explicit {
        Some(path) => (file.parent().unwrap().join(path), false),
        None if directory.join(format!("{name}.rs")).exists() => {
          (directory.join(format!("{name}.rs")), false)
        }
        None => (directory.join(&name).join("mod.rs"), true),
      };
      self.add(child, child_file, owns);
    }
  }

  /// The file that defines the module `path` names, or the module holding
  /// the item it names.
  fn file_of(&self, path: &[String]) -> Option<&PathBuf> {
    (0..=path.len())
      .rev()
      .find_map(|length| self.files.get(&path[..length]))
  }

  fn relative(&self, file: &Path) -> String {
    file.strip_prefix(src()).unwrap().display().to_string()
  }
}

/// The files one file imports from.
struct Imports<'t> {
  tree: &'t ModuleTree,
  /// The module being read: the file's, then any inline module inside it.
  module: Vec<String>,
  /// Child modules declared in each module read so far.
  children: BTreeMap<Vec<String>, BTreeSet<String>>,
  found: BTreeSet<PathBuf>,
}

impl Imports<'_> {
  fn resolve(&mut self, segments: &[String]) {
    let Some(first) = segments.first() else {
      return;
    };
    let absolute = match first.as_str() {
      "crate" => segments[1..].to_vec(),
      "self" => [&self.module[..], &segments[1..]].concat(),
      "super" => {
        let mut base = self.module.clone();
        let mut rest = segments;
        while rest.first().is_some_and(|segment| segment == "super") {
          base.pop();
          rest = &rest[1..];
        }
        [&base[..], rest].concat()
      }
      name
        if segments.len() > 1
          && self
            .children
            .get(&self.module)
            .is_some_and(|children| children.contains(name)) =>
      {
        [&self.module[..], segments].concat()
      }
      _ => return,
    };
    if let Some(file) = self.tree.file_of(&absolute) {
      self.found.insert(file.clone());
    }
  }

  fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
    match tree {
      syn::UseTree::Path(path) => {
        prefix.push(path.ident.to_string());
        self.use_tree(prefix, &path.tree);
        prefix.pop();
      }
      syn::UseTree::Name(name) => {
        let mut path = prefix.clone();
        if name.ident != "self" {
          path.push(name.ident.to_string());
        }
        self.resolve(&path);
      }
      syn::UseTree::Rename(rename) => {
        prefix.push(rename.ident.to_string());
        self.resolve(&prefix.clone());
        prefix.pop();
      }
      syn::UseTree::Glob(_) => self.resolve(&prefix.clone()),
      syn::UseTree::Group(group) => {
        for tree in &group.items {
          self.use_tree(prefix, tree);
        }
      }
    }
  }
}

impl<'ast> Visit<'ast> for Imports<'_> {
  fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
    self.use_tree(&mut Vec::new(), &item.tree);
  }

  fn visit_path(&mut self, path: &'ast syn::Path) {
    // A one-segment path names a local or an item in scope, not a module.
    if path.leading_colon.is_none() && path.segments.len() > 1 {
      let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
      self.resolve(&segments);
    }
    syn::visit::visit_path(self, path);
  }

  /// `pub(super)` says who may see an item: no import.
  fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}

  fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
    if let Some((_, items)) = &module.content {
      self.module.push(module.ident.to_string());
      self.declare_children(items);
      for item in items {
        self.visit_item(item);
      }
      self.module.pop();
    }
  }
}

impl Imports<'_> {
  fn declare_children(&mut self, items: &[syn::Item]) {
    let children = items.iter().filter_map(|item| match item {
      syn::Item::Mod(module) => Some(module.ident.to_string()),
      _ => None,
    });
    self
      .children
      .entry(self.module.clone())
      .or_default()
      .extend(children);
  }
}

/// Every file of the library, with the files it imports from.
fn import_graph(tree: &ModuleTree) -> BTreeMap<String, BTreeSet<String>> {
  let mut graph = BTreeMap::new();
  for (file, module) in &tree.module_of {
    let text = fs::read_to_string(file).unwrap();
    let syntax = syn::parse_file(&text).unwrap();
    let mut imports = Imports {
      tree,
      module: module.clone(),
      children: BTreeMap::new(),
      found: BTreeSet::new(),
    };
    imports.declare_children(&syntax.items);
    imports.visit_file(&syntax);
    let found = imports
      .found
      .iter()
      .filter(|imported| *imported != file)
      .map(|imported| tree.relative(imported))
      .collect();
    graph.insert(tree.relative(file), found);
  }
  graph
}

fn stage_of(file: &str) -> &str {
  file.split('/').next().unwrap().trim_end_matches(".rs")
}

/// The groups of files that reach each other through their imports.
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
  // Two files are in one circle when each reaches the other.
  let reach = |from: &String| {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.clone()];
    while let Some(file) = stack.pop() {
      for next in graph.get(&file).into_iter().flatten() {
        if seen.insert(next.clone()) {
          stack.push(next.clone());
        }
      }
    }
    seen
  };
  let reached: BTreeMap<&String, BTreeSet<String>> =
    graph.keys().map(|file| (file, reach(file))).collect();
  let mut circles: Vec<Vec<String>> = Vec::new();
  for (file, reaches) in &reached {
    if !reaches.contains(*file) || circles.iter().any(|circle| circle.contains(file)) {
      continue;
    }
    let circle = reaches
      .iter()
      .filter(|other| reached[other].contains(*file))
      .cloned()
      .collect();
    circles.push(circle);
  }
  circles
}

#[test]
fn lib_declares_the_stages_in_pipeline_order_and_nothing_else() {
  let tree = ModuleTree::read();
  let declared: Vec<&str> = tree
    .files
    .keys()
    .filter(|module| module.len() == 1)
    .map(|module| module[0].as_str())
    .collect();
  let mut expected = STAGES.to_vec();
  expected.sort_unstable();
  assert_eq!(declared, expected);
  let lib = fs::read_to_string(src().join("lib.rs")).unwrap();
  let in_order: Vec<String> = syn::parse_file(&lib)
    .unwrap()
    .items
    .iter()
    .filter_map(|item| match item {
      syn::Item::Mod(module) => Some(module.ident.to_string()),
      _ => None,
    })
    .collect();
  assert_eq!(
    in_order, STAGES,
    "lib.rs declares the stages in pipeline order"
  );
  assert!(STAGES.len() <= 15);
}

#[test]
fn a_stage_imports_only_the_stages_before_it() {
  let tree = ModuleTree::read();
  let rank = |stage: &str| STAGES.iter().position(|s| *s == stage);
  let mut wrong = Vec::new();
  for (file, imports) in import_graph(&tree) {
    let Some(from) = rank(stage_of(&file)) else {
      continue;
    };
    // `lib.rs` holds only the macros every stage may call.
    for imported in imports.into_iter().filter(|imported| imported != "lib.rs") {
      let to = rank(stage_of(&imported)).unwrap();
      if to > from {
        wrong.push(format!("{file} imports {imported}"));
      }
    }
  }
  assert!(wrong.is_empty(), "upward imports:\n{}", wrong.join("\n"));
}

#[test]
fn no_file_imports_a_file_that_imports_it_back() {
  let tree = ModuleTree::read();
  let graph = import_graph(&tree);
  let circles: Vec<Vec<String>> = circles(&graph)
    .into_iter()
    .map(|circle| {
      // Each file with what it imports inside the circle: the edges to cut.
      let imports = |file: &String| {
        let inside: Vec<&str> = graph[file]
          .iter()
          .filter(|imported| circle.contains(imported))
          .map(String::as_str)
          .collect();
        format!("{file} imports {}", inside.join(", "))
      };
      circle.iter().map(imports).collect()
    })
    .collect();
  assert!(circles.is_empty(), "import circles: {circles:#?}");
}

#[test]
fn the_reader_of_imports_sees_a_circle_when_there_is_one() {
  let mut graph = BTreeMap::new();
  graph.insert("a.rs".to_owned(), BTreeSet::from(["b.rs".to_owned()]));
  graph.insert("b.rs".to_owned(), BTreeSet::from(["c.rs".to_owned()]));
  graph.insert("c.rs".to_owned(), BTreeSet::from(["a.rs".to_owned()]));
  graph.insert("d.rs".to_owned(), BTreeSet::from(["a.rs".to_owned()]));
  assert_eq!(circles(&graph), [["a.rs", "b.rs", "c.rs"]]);
  // And reads this crate's imports: the pipeline imports the rules.
  let tree = ModuleTree::read();
  let imports = &import_graph(&tree)["check/lint.rs"];
  assert!(imports.contains("check/rules/mod.rs"), "{imports:?}");
  assert!(imports.contains("check/context.rs"), "{imports:?}");
}

#[test]
fn no_source_file_is_over_400_lines() {
  let tree = ModuleTree::read();
  let long: Vec<String> = tree
    .module_of
    .keys()
    .filter_map(|file| {
      let lines = fs::read_to_string(file).unwrap().lines().count();
      (lines > LINE_LIMIT).then(|| format!("{}: {lines} lines", tree.relative(file)))
    })
    .collect();
  assert!(
    long.is_empty(),
    "split these along their concerns:\n{}",
    long.join("\n")
  );
}
