//! Bakes every `src/catalog/*.toml` file, and `src/catalog/orchestratai.toml`, into
//! the binary as Rust statics: TOML is the authoring format, and a static is
//! free to read on every run (parsing the catalog was a third of a `check`).
//! Each file is read into the very types the program uses, included below,
//! and checked here, so a broken catalog file fails the build.
//!
//! On Linux with glibc it also links the functions an everyday run
//! executes into one block at the start of the code (`link/hot-text.ld`).

use {
  databake::{Bake, CrateEnv},
  std::{env, fs, path::Path},
};

// The catalog's types, shared with the program at the paths it names them
// by (`crate::catalog::text::Text`); much of their API is unused here.
#[allow(dead_code)]
#[path = "src/catalog/command.rs"]
mod catalog_command;
#[allow(dead_code)]
#[path = "src/catalog/healthcheck.rs"]
mod catalog_healthcheck;
#[allow(dead_code)]
#[path = "src/catalog/list.rs"]
mod catalog_list;
#[allow(dead_code)]
#[path = "src/catalog/map.rs"]
mod catalog_map;
#[allow(dead_code)]
#[path = "src/catalog/orchestratai.rs"]
mod catalog_orchestratai;
#[allow(dead_code)]
#[path = "src/catalog/service.rs"]
mod catalog_service;
#[allow(dead_code)]
#[path = "src/catalog/text.rs"]
mod catalog_text;
mod catalog {
  pub(crate) use crate::{
    catalog_command as command, catalog_healthcheck as healthcheck, catalog_list as list,
    catalog_map as map, catalog_orchestratai as orchestratai, catalog_service::*,
    catalog_text as text,
  };
}

/// The sources included above: the baked code must follow their types.
const TYPES: &[&str] = &[
  "src/catalog/command.rs",
  "src/catalog/healthcheck.rs",
  "src/catalog/list.rs",
  "src/catalog/map.rs",
  "src/catalog/orchestratai.rs",
  "src/catalog/service.rs",
  "src/catalog/text.rs",
];

/// OrchestratAI's own containers: beside the catalog's components, and not
/// one of them (`[orchestratai]` enables it, not `[services.orchestratai]`).
const ORCHESTRATAI: &str = "src/catalog/orchestratai.toml";

fn main() {
  bake_catalog();
  link_hot_text_first();
}

/// Writes the catalog and OrchestratAI's defaults into OUT_DIR as statics.
fn bake_catalog() {
  for source in TYPES {
    println!("cargo::rerun-if-changed={source}");
  }
  let directory = Path::new("src/catalog");
  println!("cargo::rerun-if-changed={}", directory.display());
  let mut names: Vec<String> = fs::read_dir(directory)
    .expect("src/catalog exists")
    .filter_map(|entry| {
      let path = entry.expect("readable catalog entry").path();
      (path.extension()? == "toml").then(|| path.file_stem()?.to_str().map(str::to_owned))?
    })
    .filter(|name| format!("src/catalog/{name}.toml") != ORCHESTRATAI)
    .collect();
  names.sort();
  let env = CrateEnv::default();
  let services = names.iter().map(|name| {
    let service: catalog::CatalogService = read(&directory.join(format!("{name}.toml")));
    if let Err(error) = service.check(name) {
      panic!("src/catalog/{name}.toml: {error}");
    }
    let service = service.bake(&env);
    databake::quote! { (#name, #service) }
  });
  let catalog = databake::quote! {
    /// Every catalog file, by component name, in name order.
    pub static CATALOG: Catalog = Catalog { services: &[#(#services),*] };
  };
  let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).to_owned();
  fs::write(out.join("catalog.rs"), catalog.to_string()).expect("OUT_DIR is writable");

  let orchestratai = Path::new(ORCHESTRATAI);
  println!("cargo::rerun-if-changed={}", orchestratai.display());
  let orchestratai = read::<catalog::orchestratai::OrchestratAiCatalog>(orchestratai).bake(&env);
  let orchestratai = databake::quote! {
    static ORCHESTRATAI: OrchestratAiCatalog = #orchestratai;
  };
  fs::write(out.join("orchestratai.rs"), orchestratai.to_string()).expect("OUT_DIR is writable");
}

/// Places the functions listed in `link/hot-text.ld` (written by
/// `scripts/hot-text`) together before the rest of the code. A run of stackc
/// lasts a few milliseconds, and every first touch of a code page is a page
/// fault that maps the 64 KiB around it, all unmapped again at exit: spread
/// over 9 MB, a `check` faulted in 77 blocks, gathered only about 25, for
/// about 15% less wall time. The script's `INSERT` keeps the linker's own
/// layout for everything else; GNU ld and lld read it alike. Set
/// `STACKC_HOT_TEXT=0` to link without it (mold, for one, cannot).
fn link_hot_text_first() {
  let script = Path::new("link/hot-text.ld");
  println!("cargo::rerun-if-changed={}", script.display());
  println!("cargo::rerun-if-env-changed=STACKC_HOT_TEXT");
  // Linux with glibc: the target `.cargo/config.toml` gives v0 symbol
  // names, which the script's patterns are written in.
  let target = |key: &str, value: &str| env::var(key).is_ok_and(|found| found == value);
  let glibc = target("CARGO_CFG_TARGET_OS", "linux") && target("CARGO_CFG_TARGET_ENV", "gnu");
  let wanted = env::var("STACKC_HOT_TEXT").map_or(true, |value| value != "0");
  if glibc && wanted {
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    // `-Xlinker` passes the path as it is, commas and all.
    for argument in ["-Xlinker", "-T", "-Xlinker"] {
      println!("cargo::rustc-link-arg-bins={argument}");
    }
    println!(
      "cargo::rustc-link-arg-bins={}",
      Path::new(&manifest).join(script).display()
    );
  }
}

fn read<T: serde::de::DeserializeOwned>(source: &Path) -> T {
  let text = fs::read_to_string(source).expect("readable catalog file");
  toml::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", source.display()))
}
