//! The layering rule of flowsim-core: a module uses only its own layer and the layers below it.
//! Layers, lowest first, are the folders of `src/` listed in `LAYERS`; a `crate::<layer>` path anywhere in a
//! layer's files that names a higher layer fails this test, so import cycles between layers cannot come back.

use std::fs;
use std::path::Path;

const LAYERS: [&str; 7] = ["base", "wire", "net", "expr", "flow", "interp", "sim"];

fn rank(layer: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == layer)
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `crate::<name>` in `source`, with `crate::{a, b}` groups expanded.
fn crate_paths(source: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                found.push(name);
            }
        } else {
            found.push(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
        }
    }
    found
}

#[test]
fn every_module_uses_only_its_layer_and_those_below() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    let mut checked = 0;
    for entry in fs::read_dir(&src).expect("src/ exists").flatten() {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else { continue };
        if !path.is_dir() {
            assert!(name == "lib.rs", "{name}: every module of flowsim-core lives in a layer folder, not at the root");
            continue;
        }
        let own = rank(&name).unwrap_or_else(|| panic!("src/{name}/ is not a layer named in LAYERS"));
        let mut files = Vec::new();
        rust_files(&path, &mut files);
        for file in files {
            let text = fs::read_to_string(&file).expect("readable source");
            checked += 1;
            for used in crate_paths(&text) {
                match rank(&used) {
                    Some(r) if r > own => violations.push(format!(
                        "{} ({name}) uses crate::{used}, a higher layer",
                        file.strip_prefix(&src).unwrap_or(&file).display()
                    )),
                    Some(_) => {}
                    None => violations.push(format!(
                        "{} uses crate::{used}, which is not a layer",
                        file.strip_prefix(&src).unwrap_or(&file).display()
                    )),
                }
            }
        }
    }
    assert!(checked > 10, "the walk found the sources ({checked} files)");
    assert!(violations.is_empty(), "layering violations:\n{}", violations.join("\n"));
}
