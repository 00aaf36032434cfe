//! The import rules of `docs/architecture.md`, checked on the source: no
//! import circle between the library's top-level modules, and no module
//! importing one of a higher layer. Plain string processing over
//! `src/**/*.rs`: every `crate::a::...` path (and `super::` climbing out of
//! a module, and a `use a::...` in `lib.rs`) counts as an import of `a`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first, as `docs/architecture.md` draws them; a
/// module may import modules of its own layer and of the layers below.
/// `crate` is `src/lib.rs` (the `Linter` and the run in memory).
const LAYERS: &[(&str, &[&str])] = &[
    (
        "text",
        &[
            "span", "encoding", "docx", "pdf", "source", "snippet", "yaml", "literals", "timings",
        ],
    ),
    ("findings", &["finding", "suppress"]),
    ("parse", &["parse"]),
    ("model", &["family", "model"]),
    ("rules", &["rules"]),
    ("configuration", &["config"]),
    ("run", &["crate", "stream", "discover", "examples"]),
    ("session", &["session", "baseline", "fix", "annotate"]),
    ("output", &["render", "outline", "lsp"]),
];

/// The binary's modules: they may import anything of the library.
const BINARY: &[&str] = &["main", "cli"];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, modules)| modules.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to and how deep in it the file's
/// module sits (`src/a.rs` and `src/a/mod.rs` are 1, `src/a/b.rs` is 2).
fn module_of(relative: &Path) -> (String, usize) {
    let parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    let top = match parts.first().map(String::as_str) {
        Some("lib") => "crate".to_string(),
        Some(first) => first.to_string(),
        None => String::new(),
    };
    let depth = match parts.last().map(String::as_str) {
        Some("lib") => 0,
        Some("mod") => parts.len() - 1,
        _ => parts.len(),
    };
    (top, depth)
}

/// `text` without comments: what follows `//` on each line (doc links
/// name modules without importing them).
fn code(text: &str) -> String {
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The first names after each `prefix` in `code`: `crate::{a, b::c}` gives
/// `a` and `b`.
fn names_after(code: &str, prefix: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (at, _) in code.match_indices(prefix) {
        if code[..at].chars().next_back().is_some_and(is_ident) {
            continue;
        }
        let rest = &code[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            for item in inner.split(',') {
                let name: String = item.trim().chars().take_while(|c| is_ident(*c)).collect();
                names.push(name);
            }
        } else {
            names.push(rest.chars().take_while(|c| is_ident(*c)).collect());
        }
    }
    names
}

/// The top-level module a path's first name means: a lower-case name is a
/// module; a type or function of `lib.rs` (`crate::Linter`) is `crate`.
fn target(name: &str, modules: &BTreeSet<String>) -> Option<String> {
    if modules.contains(name) {
        Some(name.to_string())
    } else if name.starts_with(|c: char| c.is_ascii_uppercase()) {
        Some("crate".to_string())
    } else {
        None
    }
}

/// Imports between the top-level modules of the library and the binary.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|f| f.strip_prefix(&src).ok())
        .map(|f| module_of(f).0)
        .filter(|m| m != "crate")
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let Ok(relative) = file.strip_prefix(&src) else {
            continue;
        };
        let (from, depth) = module_of(relative);
        let text = std::fs::read_to_string(file).expect("source file");
        let code = code(&text);
        let mut names = names_after(&code, "crate::");
        // The binary names the library by its crate name.
        names.extend(names_after(&code, "reportlint::"));
        let mut modules_only = Vec::new();
        // `super::` climbing out of the top-level module names another
        // (only a module name counts: in a file's `mod tests`, `super` is
        // the file's own module).
        if depth > 0 {
            modules_only.extend(names_after(&code, &"super::".repeat(depth)));
        }
        if from == "crate" {
            modules_only.extend(names_after(&code, "use "));
        }
        let targets = graph.entry(from.clone()).or_default();
        let found = names
            .iter()
            .filter_map(|name| target(name, &modules))
            .chain(modules_only.into_iter().filter(|m| modules.contains(m)));
        for to in found {
            if to != from {
                targets.insert(to);
            }
        }
    }
    graph
}

#[test]
fn every_module_has_a_layer() {
    for module in imports().keys() {
        assert!(
            layer_of(module).is_some() || BINARY.contains(&module.as_str()),
            "`{module}` is in no layer: add it to docs/architecture.md and LAYERS"
        );
    }
}

#[test]
fn nothing_imports_upward() {
    let mut upward = Vec::new();
    for (from, targets) in imports() {
        let Some(own) = layer_of(&from) else {
            continue;
        };
        for to in targets {
            if layer_of(&to).is_some_and(|theirs| theirs > own) {
                upward.push(format!(
                    "{from} ({}) imports {to} ({})",
                    LAYERS[own].0,
                    LAYERS[layer_of(&to).unwrap_or(own)].0
                ));
            }
        }
    }
    assert!(upward.is_empty(), "upward imports:\n{}", upward.join("\n"));
}

/// A path from `from` back to itself, if the imports hold one.
fn circle_from(from: &str, graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    let mut stack: Vec<(String, Vec<String>)> = vec![(from.to_string(), vec![from.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((at, path)) = stack.pop() {
        for next in graph.get(&at).into_iter().flatten() {
            if next == from {
                let mut circle = path.clone();
                circle.push(next.clone());
                return Some(circle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

/// Every circle in `graph`, one per module on one, as `a -> b -> a`.
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    graph
        .keys()
        .filter_map(|module| circle_from(module, graph))
        .map(|circle| circle.join(" -> "))
        .collect()
}

#[test]
fn no_import_circle() {
    let circles = circles(&imports());
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}

#[test]
fn the_checker_sees_imports() {
    let graph = imports();
    let of = |m: &str| graph.get(m).cloned().unwrap_or_default();
    assert!(of("rules").contains("model"), "{:?}", of("rules"));
    assert!(of("session").contains("crate"), "{:?}", of("session"));
    assert!(of("crate").contains("rules"), "{:?}", of("crate"));
    assert!(of("main").contains("session"), "{:?}", of("main"));
}

/// The imports between the files of `src/rules/search`, tests left out:
/// `units` (what kinds use) sits on the searches, which share only the
/// `narrowing` contract, so that none of them needs another in a circle.
fn search_imports() -> BTreeMap<String, BTreeSet<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules/search");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    let names: BTreeSet<String> = files
        .iter()
        .filter_map(|f| f.file_stem())
        .map(|s| s.to_string_lossy().to_string())
        .filter(|s| s != "mod")
        .collect();
    let mut graph = BTreeMap::new();
    for file in &files {
        let from = file
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let code = std::fs::read_to_string(file).unwrap_or_default();
        let code = code.split("#[cfg(test)]").next().unwrap_or_default();
        let targets: &mut BTreeSet<String> = graph.entry(from.clone()).or_default();
        for prefix in ["super::", "crate::rules::search::"] {
            for (at, _) in code.match_indices(prefix) {
                let rest = &code[at + prefix.len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if names.contains(&name) && name != from {
                    targets.insert(name);
                }
            }
        }
    }
    graph
}

#[test]
fn no_import_circle_among_the_searches() {
    let graph = search_imports();
    assert!(
        graph.get("units").is_some_and(|t| t.contains("scope")),
        "{graph:?}"
    );
    let circles = circles(&graph);
    assert!(
        circles.is_empty(),
        "import circles in rules::search:\n{}",
        circles.join("\n")
    );
}
