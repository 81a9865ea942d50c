//! Embeds the built-in library (`library/**/*.json`) for `src/model/library/files.rs`: each file
//! is parsed with serde_json (a file that is not JSON fails the build, naming it) and written
//! without indentation into `OUT_DIR`, keys in their order. The files stay indented for people to
//! read and copy; the crate's tests validate every entry against the document rules.

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
                let value: serde_json::Value = serde_json::from_str(&text)
                    .unwrap_or_else(|e| panic!("{}: not valid JSON: {e}", path.display()));
                std::fs::write(dst.join(path.file_name().unwrap()), value.to_string())
                    .expect("write the library file");
            }
        }
    }
}
