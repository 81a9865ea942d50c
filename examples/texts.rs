//! Prints every text id with its English, as one JSON object: the table a translator fills to
//! make `library/locales/<tag>.json` (the words, safety texts and library from the crate, and
//! the element's texts from `library/locales/en.json`).
//!
//!     cargo run --example texts > /tmp/en-all.json

fn main() {
    let mut table = breathflow::locale::english_table();
    let element = include_str!("../library/locales/en.json");
    let element: breathflow::locale::Texts =
        serde_json::from_str(element).expect("library/locales/en.json is a JSON object of strings");
    table.extend(element);
    println!(
        "{}",
        serde_json::to_string_pretty(&table).expect("a table of strings serializes")
    );
}
