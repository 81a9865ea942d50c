//! The layout shows the architecture, and keeps it: dependencies point one way
//! (web → draw → engine → model, with `text` a leaf every layer may use), there is no cycle
//! between modules, and no source file grows past ~500 lines.
//!
//! A module is a file under `src/`; it depends on every module it names by a `crate::…`,
//! `super::…` or (in a `mod.rs`/`lib.rs`) child path. The crate-root re-exports (`crate::pacer`
//! for `crate::engine::pacer`) are resolved to their files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Longest source file allowed, in lines.
const MAX_LINES: usize = 560;

/// Every `.rs` file under `dir`.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The module path of a file: `src/engine/pacer.rs` → `engine::pacer`, `src/model/flow/mod.rs`
/// → `model::flow`, `src/lib.rs` → ``.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod") | Some("lib")) {
        parts.pop();
    }
    parts.join("::")
}

/// The crate root's `pub use a::{b, c}` module aliases: `b` → `a::b`.
fn root_aliases(lib: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in lib.lines() {
        let Some(rest) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let Some((layer, list)) = rest.split_once("::{") else {
            continue;
        };
        for name in list.trim_end_matches("};").split(',') {
            let name = name.trim();
            if !name.is_empty() && name.chars().next().unwrap().is_lowercase() {
                out.insert(name.to_string(), format!("{layer}::{name}"));
            }
        }
    }
    out
}

/// The module paths named in `code` (as written, `crate::` and `super::` resolved against `me`).
fn references(code: &str, me: &str, is_dir_module: bool) -> Vec<String> {
    let mut out = Vec::new();
    // `super` is the parent module, whether `me` is a file (`a/b.rs`) or a folder (`a/b/mod.rs`).
    let _ = is_dir_module;
    let mut parent: Vec<&str> = if me.is_empty() {
        vec![]
    } else {
        me.split("::").collect()
    };
    parent.pop();
    let text: String = code
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let bytes = text.as_bytes();
    for (prefix, base) in [("crate::", String::new()), ("super::", parent.join("::"))] {
        let mut from = 0;
        while let Some(i) = text[from..].find(prefix) {
            let start = from + i;
            from = start + prefix.len();
            if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
                continue;
            }
            // Read `a::b::{c, d}` or `a::b::C`.
            let rest = &text[from..];
            let path: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let mut full = if base.is_empty() {
                path.clone()
            } else {
                format!("{base}::{path}")
            };
            full = full.trim_end_matches(':').to_string();
            let after = &rest[path.len()..];
            if let Some(group) = after.strip_prefix('{') {
                for item in group.split('}').next().unwrap_or("").split(',') {
                    let item = item.trim().split(' ').next().unwrap_or("");
                    if !item.is_empty() && item != "self" {
                        out.push(format!("{full}::{item}"));
                    }
                }
            }
            out.push(full);
        }
    }
    out
}

/// The module a path lands in: its longest prefix that is a module file.
fn resolve(
    path: &str,
    modules: &BTreeSet<String>,
    aliases: &BTreeMap<String, String>,
) -> Option<String> {
    let mut parts: Vec<String> = path.split("::").map(str::to_string).collect();
    if let Some(real) = parts.first().and_then(|p| aliases.get(p)) {
        let mut new: Vec<String> = real.split("::").map(str::to_string).collect();
        new.extend(parts.drain(1..));
        parts = new;
    }
    while !parts.is_empty() {
        let m = parts.join("::");
        if modules.contains(&m) {
            return Some(m);
        }
        parts.pop();
    }
    None
}

/// The layer of a module: its top folder (`engine`, `model`…), or the file at the root.
fn layer(module: &str) -> &str {
    module.split("::").next().unwrap_or("")
}

/// Layers a layer may use, besides itself and the leaf `text`.
fn may_use(layer: &str) -> &'static [&'static str] {
    match layer {
        "model" => &[],
        "engine" => &["model"],
        "draw" => &["engine", "model"],
        "web" => &["draw", "engine", "model"],
        _ => &["web", "draw", "engine", "model"],
    }
}

struct Graph {
    edges: BTreeMap<String, BTreeSet<String>>,
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let modules: BTreeSet<String> = all.iter().map(|f| module_of(&src, f)).collect();
    let aliases = root_aliases(&std::fs::read_to_string(src.join("lib.rs")).unwrap());
    let mut edges = BTreeMap::new();
    for f in &all {
        let me = module_of(&src, f);
        let is_dir = matches!(
            f.file_stem().and_then(|s| s.to_str()),
            Some("mod") | Some("lib")
        );
        let code = std::fs::read_to_string(f).unwrap();
        let mut deps = BTreeSet::new();
        for r in references(&code, &me, is_dir) {
            if let Some(m) = resolve(&r, &modules, &aliases) {
                // A module's own children and ancestors are its structure, not a dependency.
                let structural = m.is_empty()
                    || m == me
                    || me.starts_with(&format!("{m}::"))
                    || m.starts_with(&format!("{me}::"))
                    || (me.is_empty());
                if !structural {
                    deps.insert(m);
                }
            }
        }
        edges.insert(me, deps);
    }
    Graph { edges }
}

#[test]
fn dependencies_point_one_way() {
    let g = graph();
    let mut wrong = Vec::new();
    for (m, deps) in &g.edges {
        for d in deps {
            let (lm, ld) = (layer(m), layer(d));
            if lm != ld && ld != "text" && !may_use(lm).contains(&ld) {
                wrong.push(format!("{m} → {d}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "dependencies against the layering (web → draw → engine → model): {wrong:#?}"
    );
    // The check sees real edges (it would pass vacuously on an empty graph).
    assert!(
        g.edges["engine::session"].contains("model::flow"),
        "{:?}",
        g.edges["engine::session"]
    );
    assert!(g.edges["web::widget"].iter().any(|d| layer(d) == "draw"));
}

#[test]
fn no_module_cycles() {
    let g = graph();
    // Depth-first search with colours; report the first cycle found.
    fn visit<'a>(
        m: &'a str,
        g: &'a Graph,
        state: &mut BTreeMap<&'a str, u8>,
        stack: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        state.insert(m, 1);
        stack.push(m);
        for d in g.edges.get(m).into_iter().flatten() {
            match state.get(d.as_str()) {
                Some(1) => {
                    let at = stack.iter().position(|s| *s == d).unwrap();
                    let mut cycle: Vec<String> =
                        stack[at..].iter().map(|s| s.to_string()).collect();
                    cycle.push(d.clone());
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(d, g, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(m, 2);
        None
    }
    let mut state = BTreeMap::new();
    for m in g.edges.keys() {
        if !state.contains_key(m.as_str()) {
            let mut stack = Vec::new();
            if let Some(cycle) = visit(m, &g, &mut state, &mut stack) {
                panic!("module cycle: {}", cycle.join(" → "));
            }
        }
    }
}

#[test]
fn the_checker_finds_a_cycle_and_a_layer_violation() {
    // The resolver on made-up code: a model file naming the engine is seen.
    let modules: BTreeSet<String> = ["model::flow", "engine::pacer", "engine"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let refs = references(
        "use crate::engine::pacer::{Bound, Pacer};",
        "model::flow",
        false,
    );
    let deps: BTreeSet<_> = refs
        .iter()
        .filter_map(|r| resolve(r, &modules, &BTreeMap::new()))
        .collect();
    assert!(deps.contains("engine::pacer"), "{deps:?}");
    assert!(!may_use("model").contains(&"engine"));
}

#[test]
fn source_files_stay_small() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut long: Vec<String> = all
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).unwrap().lines().count();
            (n > MAX_LINES).then(|| format!("{} ({n} lines)", f.display()))
        })
        .collect();
    long.sort();
    assert!(long.is_empty(), "files over {MAX_LINES} lines: {long:#?}");
}
