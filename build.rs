//! Embeds every `src/catalog/*.toml` file, so that a component is added by
//! adding its file and nothing else.

use std::{env, fs, path::Path};

fn main() {
  let directory = Path::new("src/catalog");
  println!("cargo::rerun-if-changed={}", directory.display());
  let mut names: Vec<String> = fs::read_dir(directory)
    .expect("src/catalog exists")
    .filter_map(|entry| {
      let path = entry.expect("readable catalog entry").path();
      (path.extension()? == "toml").then(|| path.file_stem()?.to_str().map(str::to_owned))?
    })
    .collect();
  names.sort();
  let mut code = String::from(
    "/// Every catalog file: (component name, TOML text).\npub const CATALOG_FILES: &[(&str, &str)] = &[\n",
  );
  for name in names {
    code.push_str(&format!(
      "  ({name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/src/catalog/{name}.toml\"))),\n"
    ));
  }
  code.push_str("];\n");
  let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalog_files.rs");
  fs::write(out, code).expect("OUT_DIR is writable");
}
