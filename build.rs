//! Embeds every `templates/*.toml` as a built-in template: writes the `(name, include_str!)`
//! list that `src/annex/template.rs` includes, so adding a table vocabulary is adding a file.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // The manifest directory of this build, read when the script runs: `env!` would freeze the
    // directory the script was first compiled in (a copied target directory would then embed
    // another checkout's templates).
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("templates");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut templates: Vec<(String, String)> = Vec::new();
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the built-in templates: {}: {e}", dir.display()));
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_else(|| panic!("{}: the name must be UTF-8", path.display()));
        let full = path
            .to_str()
            .unwrap_or_else(|| panic!("{}: the path must be UTF-8", path.display()));
        templates.push((name.to_string(), full.to_string()));
    }
    templates.sort();
    let mut list = String::from("&[\n");
    for (name, path) in &templates {
        let _ = writeln!(list, "    ({name:?}, include_str!({path:?})),");
    }
    list.push_str("]\n");
    let out = Path::new(&std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("built_in_templates.rs");
    std::fs::write(&out, list).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
