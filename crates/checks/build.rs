//! Registers every check file under `src/rules/`, so adding a check means adding its file (and
//! fixtures) and nothing else. Each file must define `pub(crate) static CHECK`.

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn main() {
    // Read at run time: a build script binary reused from another checkout (a shared target
    // directory) must still register this checkout's files.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let rules = Path::new(&manifest_dir).join("src/rules");
    println!("cargo::rerun-if-changed={}", rules.display());
    let mut files = Vec::new();
    collect(&rules, &mut files);
    files.sort();
    let mut modules = String::new();
    let mut registry = String::from(
        "/// Every check, in file order.\npub(crate) static ALL: &[&dyn crate::Check] = &[\n",
    );
    for (i, file) in files.iter().enumerate() {
        let name = format!("rule_{i}_{}", file.file_stem().unwrap().to_string_lossy());
        writeln!(
            modules,
            "#[path = {:?}]\nmod {name};",
            file.display().to_string()
        )
        .unwrap();
        writeln!(registry, "    &{name}::CHECK,").unwrap();
    }
    registry.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("registry.rs");
    std::fs::write(out, modules + &registry).unwrap();
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        println!("cargo::rerun-if-changed={}", path.display());
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}
