//! Minifies the built-in library (`library/**/*.json`) into `OUT_DIR` for `src/library.rs` to
//! embed: the files stay indented for people to read and copy, the wasm carries them without
//! the whitespace between tokens (about 3 KB of its data). Strings are copied byte for byte.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=library");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for dir in ["patterns", "flows"] {
        let src = Path::new("library").join(dir);
        let dst = Path::new(&out).join(dir);
        std::fs::create_dir_all(&dst).expect("create OUT_DIR/library dir");
        for entry in std::fs::read_dir(&src).expect("library dir") {
            let path = entry.expect("library entry").path();
            if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path).expect("library file");
                std::fs::write(dst.join(path.file_name().unwrap()), minify(&text))
                    .expect("write minified library file");
            }
        }
    }
}

/// Drop whitespace outside strings (the document is checked by the crate's tests, not here).
fn minify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}
