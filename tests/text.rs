//! The plain-loop string helpers answer as the standard library's versions do.
use breathflow::text::{char_count, join};
use proptest::prelude::*;

proptest! {
    #[test]
    fn char_count_is_chars_count(s in "\\PC{0,40}|[a-zé…·😀 ]{0,20}") {
        prop_assert_eq!(char_count(&s), s.chars().count());
    }

    #[test]
    fn join_is_std_join(items in proptest::collection::vec("\\PC{0,8}", 0..6), sep in "\\PC{0,4}") {
        prop_assert_eq!(join(&items, &sep), items.join(&sep));
        let strs: Vec<&str> = items.iter().map(String::as_str).collect();
        prop_assert_eq!(join(&strs, &sep), strs.join(&sep));
    }
}

#[test]
fn counts_every_width_of_character() {
    for (s, n) in [
        ("", 0),
        ("a", 1),
        ("é", 1),
        ("…", 1),
        ("😀", 1),
        ("a é…😀 b", 7),
    ] {
        assert_eq!(char_count(s), n, "{s:?}");
    }
}
