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

mod word_chars {
    use breathflow::text::is_word_char;

    /// Where `is_word_char` may call a separator what Unicode counts as a letter or number:
    /// superscripts and subscripts, letterlike symbols, number forms, enclosed and dingbat
    /// alphanumerics, the vertical tilde.
    fn documented_symbol(u: u32) -> bool {
        matches!(u, 0x2070..=0x218F | 0x2460..=0x24FF | 0x2776..=0x2793 | 0x2E2F | 0x1F100..=0x1F189)
    }

    #[test]
    fn ascii_is_exactly_alphanumeric() {
        for c in (0u8..=127).map(char::from) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn every_letter_and_digit_of_every_script_is_a_word_char() {
        let missed: Vec<String> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| c.is_alphanumeric() && !is_word_char(c) && !documented_symbol(c as u32))
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        assert!(
            missed.is_empty(),
            "letters or digits taken for separators: {missed:?}"
        );
    }

    #[test]
    fn the_punctuation_texts_use_separates_words() {
        for c in "…—–·«»¿¡“”‘’„•→←°©®€£×÷ 。、！？「」（）：；😀🙂✓،؛؟۔।॥־׳".chars()
        {
            assert!(!is_word_char(c), "{c:?} ({:04X})", c as u32);
            assert!(!c.is_alphanumeric(), "{c:?} is alphanumeric: a bad sample");
        }
        for c in "éüßøñçÆœĳΩλжЯ中文かなカナ한글אבعربيहिन्द١٢३".chars()
        {
            assert!(is_word_char(c), "{c:?} ({:04X})", c as u32);
        }
    }
}
