//! Embeds every `src/catalog/*.toml` file, so that a component is added by
//! adding its file and nothing else, and `src/orchestratai.toml`. Each file
//! is converted to JSON here, at compile time: TOML is the authoring format,
//! and JSON is several times faster to read back on every run, its strings
//! borrowed in place (`catalog_text::Text`).

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
  let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).to_owned();
  let mut code = String::from(
    "/// Every catalog file: (component name, its TOML converted to JSON).\npub static CATALOG_FILES: &[(&str, &str)] = &[\n",
  );
  for name in names {
    to_json(
      &directory.join(format!("{name}.toml")),
      &out.join(format!("catalog_{name}.json")),
    );
    code.push_str(&format!(
      "  ({name:?}, include_str!(concat!(env!(\"OUT_DIR\"), \"/catalog_{name}.json\"))),\n"
    ));
  }
  code.push_str("];\n");
  fs::write(out.join("catalog_files.rs"), code).expect("OUT_DIR is writable");
  let orchestratai = Path::new("src/orchestratai.toml");
  println!("cargo::rerun-if-changed={}", orchestratai.display());
  to_json(orchestratai, &out.join("orchestratai.json"));
}

fn to_json(source: &Path, destination: &Path) {
  let text = fs::read_to_string(source).expect("readable catalog file");
  let value: toml::Value =
    toml::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", source.display()));
  let json = serde_json::to_string(&value).expect("TOML converts to JSON");
  fs::write(destination, json).expect("OUT_DIR is writable");
}
