//! Languages: every shipped locale has every text English has, tags resolve with fallbacks, a
//! partial table falls back per text, and the library, the safety texts and the canvas's words
//! come out in the locale asked for.

use breathflow::frame_state::{frame_input_in, state_in};
use breathflow::library;
use breathflow::locale::{
    english_table, fill, localize_flow, localize_pattern, normalize, Catalog, Lang, Texts, SHIPPED,
};
use breathflow::player::{Player, Status};
use breathflow::safety::{adapt_in, guidance_in, Condition};
use breathflow::scene::{Part, Scene};
use breathflow::words::Words;
use breathflow::{GapPolicy, Session};

fn read(tag: &str) -> Texts {
    let path = format!("{}/library/locales/{tag}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every id English has: the crate's (words, safety, library) and the element's (en.json).
fn english_ids() -> Texts {
    let mut all = english_table();
    all.extend(read("en"));
    all
}

/// The `{name}`s of a template, in order.
fn placeholders(s: &str) -> Vec<&str> {
    s.split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(n, _)| n))
        .collect()
}

#[test]
fn every_shipped_locale_has_every_text_english_has_and_no_other() {
    let en = english_ids();
    assert!(en.len() > 150, "{}", en.len());
    for tag in SHIPPED {
        let t = read(tag);
        let missing: Vec<_> = en.keys().filter(|k| !t.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{tag} lacks {missing:?}");
        let extra: Vec<_> = t.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(extra.is_empty(), "{tag} has ids English has not: {extra:?}");
        for (id, text) in &t {
            assert!(!text.trim().is_empty(), "{tag} {id} is blank");
            let mut want = placeholders(&en[id]);
            let mut got = placeholders(text);
            want.sort_unstable();
            got.sort_unstable();
            assert_eq!(got, want, "{tag} {id}: {text:?} against {:?}", en[id]);
        }
        // The registered table is accepted as a whole.
        Catalog::default().register(tag, t).unwrap();
    }
}

#[test]
fn a_missing_text_id_fails_the_completeness_check() {
    // The check above, on a table with one id taken out.
    let en = english_ids();
    let mut t = read("de");
    t.remove("canvas.inhale");
    assert!(en.keys().any(|k| !t.contains_key(k)));
}

#[test]
fn tags_fall_back_to_their_language_then_to_english_never_an_error() {
    let mut c = Catalog::default();
    c.register("de", read("de")).unwrap();
    assert_eq!(c.resolve("de"), "de");
    assert_eq!(c.resolve("de-AT"), "de");
    assert_eq!(c.resolve("DE_at"), "de");
    assert_eq!(c.resolve("xx"), "en");
    assert_eq!(c.resolve("fr"), "en", "not registered");
    assert_eq!(c.resolve(""), "en");
    assert_eq!(c.resolve("not a tag!"), "en");
    assert_eq!(c.resolve("en-GB"), "en");
    assert_eq!(normalize(" pt_BR "), Some("pt-br".into()));
    assert_eq!(
        c.lang("de-AT").t("canvas.inhale"),
        read("de")["canvas.inhale"]
    );
    assert_eq!(c.lang("xx").t("canvas.inhale"), "Inhale");
}

#[test]
fn a_partial_table_falls_back_per_text() {
    let mut c = Catalog::default();
    c.register("de", read("de")).unwrap();
    // A host's Austrian table with one text, and a German override of another.
    let one = |k: &str, v: &str| Texts::from([(k.to_string(), v.to_string())]);
    assert_eq!(
        c.register("de-AT", one("canvas.get-ready", "Auf geht's"))
            .unwrap(),
        "de-at"
    );
    c.register("de", one("canvas.hold", "Anhalten")).unwrap();
    // And a language with only one text.
    c.register("xx", one("canvas.inhale", "In")).unwrap();
    let at = c.lang("de-AT");
    assert_eq!(at.tag, "de-at");
    assert_eq!(at.t("canvas.get-ready"), "Auf geht's");
    assert_eq!(at.t("canvas.hold"), "Anhalten");
    assert_eq!(at.t("canvas.exhale"), read("de")["canvas.exhale"]);
    let xx = c.lang("xx");
    assert_eq!(xx.t("canvas.inhale"), "In");
    assert_eq!(xx.t("canvas.exhale"), "Exhale");
    // Bad tables name the field.
    let e = c.register("not a tag", Texts::new()).unwrap_err();
    assert_eq!(e.path, "tag");
    let e = c.register("de", one("canvas.inhale", "  ")).unwrap_err();
    assert_eq!(e.path, "texts[\"canvas.inhale\"]");
    assert!(e.rule.contains("blank"), "{}", e.rule);
}

#[test]
fn templates_fill_their_values_and_keep_unknown_names() {
    assert_eq!(
        fill("Spot {n} of {total}", &[("n", "2"), ("total", "3")]),
        "Spot 2 of 3"
    );
    assert_eq!(fill("{x} and {n", &[("n", "2")]), "{x} and {n");
    let mut s = Scene::new();
    let span = s.push_template("Punkt {n} von {total}", &[("n", 2), ("total", 13)]);
    assert_eq!(s.text(span), "Punkt 2 von 13");
}

fn german() -> Catalog {
    let mut c = Catalog::default();
    c.register("de", read("de")).unwrap();
    c
}

#[test]
fn the_library_comes_out_in_the_locale_with_english_where_a_text_is_missing() {
    let c = german();
    let de = read("de");
    let lang = c.lang("de");
    for p in library::patterns() {
        let id = p.id.as_deref().unwrap();
        let l = localize_pattern(p, &lang);
        assert_eq!(
            l.title.as_deref(),
            Some(de[&format!("pattern.{id}.title")].as_str())
        );
        assert_eq!(l.phases.len(), p.phases.len());
    }
    for f in library::flows() {
        let id = f.id.as_deref().unwrap();
        let l = localize_flow(f, &lang);
        assert_eq!(l.title, de[&format!("flow.{id}.title")]);
        assert_eq!(l.steps.len(), f.steps.len());
        for (a, b) in l.steps.iter().zip(&f.steps) {
            assert_eq!(a.id, b.id, "ids are never translated");
            assert_eq!(a.cues.len(), b.cues.len());
            assert_eq!(
                Session::from_flow(l.clone(), &[]).unwrap().total_ms(),
                Session::from_flow(f.clone(), &[]).unwrap().total_ms(),
                "same timing"
            );
        }
    }
    // A pressure hold's stop-on-pain cue is the locale's.
    let f = library::flow("pressure-point-release").unwrap();
    let l = localize_flow(f, &lang);
    assert!(l
        .steps
        .iter()
        .flat_map(|s| &s.cues)
        .any(|c| c == &de["cue.stop-on-pain"]));
    // A user's flow without an id keeps its own texts, but not English safety cues.
    let mut mine = f.clone();
    mine.id = None;
    let l = localize_flow(&mine, &lang);
    assert_eq!(l.title, f.title);
    assert!(l
        .steps
        .iter()
        .flat_map(|s| &s.cues)
        .all(|c| c != breathflow::flow::STOP_ON_PAIN_CUE));
    // With one text missing, that one is English.
    let mut c2 = Catalog::default();
    let mut partial = read("de");
    partial.remove("flow.mobilize-ribs.title");
    c2.register("de", partial).unwrap();
    let f = library::flow("mobilize-ribs").unwrap();
    let l = localize_flow(f, &c2.lang("de"));
    assert_eq!(l.title, "Mobilize the Ribs");
    assert_eq!(
        l.steps[0].title.as_deref(),
        Some(de["flow.mobilize-ribs.steps.lie-down.title"].as_str())
    );
}

#[test]
fn safety_texts_and_adaptation_reasons_come_out_in_the_locale() {
    let c = german();
    let de = read("de");
    let lang = c.lang("de");
    let g = guidance_in(&Condition::ALL, &lang);
    assert_eq!(g[0].title, de["guidance.stop-on-pain.title"]);
    assert_eq!(g[1].text, de["guidance.see-a-doctor.text"]);
    assert_eq!(
        g.last().unwrap().title,
        de["condition.lymph-nodes-or-chemo.title"]
    );
    assert_eq!(
        Condition::EyeCondition.info_in(&lang).advice,
        de["condition.eye-condition.advice"]
    );
    let f = localize_flow(library::flow("back-strengthening").unwrap(), &lang);
    let a = adapt_in(
        &f,
        &[Condition::EyeCondition, Condition::RecentSurgery],
        &lang,
    )
    .unwrap();
    assert!(!a.changes.is_empty());
    let describe = &de["condition.eye-condition.describe"];
    assert!(
        a.changes
            .iter()
            .any(|c| c.reason.contains(describe.as_str())),
        "{:?}",
        a.changes
    );
    for ch in &a.changes {
        assert!(!ch.reason.contains('{'), "unfilled: {}", ch.reason);
        assert!(
            !ch.reason.contains(" left out") && !ch.reason.contains(" replaced by "),
            "English: {}",
            ch.reason
        );
    }
    // The caution cue it adds is the locale's, and counts as a safety cue on the canvas.
    let cue = &de["cue.surgery-caution"];
    assert!(a.flow.steps.iter().any(|s| s.cues.first() == Some(cue)));
    assert!(Words::new(&lang).is_safety_cue(cue));
    assert!(!Words::new(&Lang::english()).is_safety_cue(cue));
    // Nothing safe left: the error is in the locale too.
    let only = breathflow::Flow {
        steps: f
            .steps
            .iter()
            .filter(|s| s.has_tag(breathflow::flow::Tag::Inversion))
            .take(1)
            .map(|s| breathflow::Step {
                alternative: None,
                ..s.clone()
            })
            .collect(),
        ..f.clone()
    };
    let e = adapt_in(&only, &[Condition::EyeCondition], &lang).unwrap_err();
    assert!(e.rule.contains(describe.as_str()), "{}", e.rule);
}

#[test]
fn the_canvas_draws_the_locales_words_and_state_says_which() {
    let c = german();
    let de = read("de");
    let lang = c.lang("de-CH");
    let words = Words::new(&lang);
    assert_eq!(words.tag, "de");
    let f = localize_flow(library::flow("pressure-point-release").unwrap(), &lang);
    let session = breathflow::session::Session::from_flow_in(f, &[], &lang).unwrap();
    let mut player = Player::new(session, GapPolicy::Pause);
    let mut out = vec![];
    player.start(0.0, &mut out);
    let mut texts = vec![];
    for t in (0..600_000).step_by(700) {
        player.tick(f64::from(t), &mut out);
        let s = player.session().sample(f64::from(t));
        let mut label = String::new();
        let input = frame_input_in(
            player.session(),
            &s,
            player.status(),
            (320.0, 320.0),
            false,
            &words,
            &mut label,
        );
        let mut scene = Scene::new();
        breathflow::ribcage::build_frame(&input, &mut scene);
        for part in [Part::Phase, Part::Detail, Part::Count, Part::Seconds] {
            texts.extend(scene.texts_of(part).map(str::to_string));
        }
        if player.status() == Status::Done {
            break;
        }
    }
    let get_ready = &de["canvas.get-ready"];
    assert!(texts.contains(get_ready), "{texts:?}");
    let spot = fill(&de["canvas.spot"], &[("n", "1"), ("total", "3")]);
    assert!(texts.iter().any(|t| t == &spot), "{spot} in {texts:?}");
    for english in [
        "Get ready",
        "Breathe",
        "Inhale",
        "Exhale",
        "Hold",
        "Spot 1 of 3",
    ] {
        assert!(!texts.iter().any(|t| t == english), "{english} drawn in de");
    }
    assert_eq!(state_in(&player, 0.0, (320.0, 320.0), &words).locale, "de");
    assert_eq!(
        breathflow::frame_state::state(&player, 0.0, 320.0, 320.0).locale,
        "en"
    );
}

#[test]
fn a_poses_second_side_swaps_the_locales_words_for_left_and_right() {
    use breathflow::flow::mirror_words;
    for tag in SHIPPED {
        let pairs = read(tag)["mirror.words"].clone();
        let words: Vec<&str> = pairs.split_whitespace().collect();
        assert!(words.len() >= 2 && words.len() % 2 == 0, "{tag}: {pairs}");
        for pair in words.chunks(2) {
            let text = format!("{} · {}.", pair[0], pair[1]);
            assert_eq!(
                mirror_words(&text, &pairs),
                format!("{} · {}.", pair[1], pair[0])
            );
        }
    }
    assert_eq!(
        mirror_words(
            "Die linke Hand auf das rechte Knie. Links!",
            "links rechts linke rechte"
        ),
        "Die rechte Hand auf das linke Knie. Rechts!"
    );
    assert_eq!(
        mirror_words("Main gauche, GAUCHE, Droite.", "gauche droite"),
        "Main droite, DROITE, Gauche."
    );
}

/// docs/text-ids.md as it should be: every text id with its English, by group.
fn text_ids_doc() -> String {
    let mut out = String::from(
        "# Text ids\n\n\
         Every text breathflow shows, by id, with its English (generated from the crate and \
         `library/locales/en.json` by `tests/locale.rs`; `UPDATE_FIXTURES=1 cargo test --test \
         locale` rewrites it). A table for `registerLocale(tag, texts)` or a file \
         `library/locales/<tag>.json` maps some or all of these ids to texts; a missing one \
         falls back to the language's, then to English. `{name}` is filled in by the widget. \
         `mirror.words` lists the words swapped on a pose's second side, two by two.\n",
    );
    let mut group = String::new();
    for (id, text) in english_ids() {
        let g = id.split('.').next().unwrap_or("").to_string();
        if g != group {
            out += &format!("\n## {g}\n\n| id | English |\n| --- | --- |\n");
            group = g;
        }
        out += &format!(
            "| `{id}` | {} |\n",
            text.replace('|', "\\|").replace('\n', " ")
        );
    }
    out
}

#[test]
fn the_table_of_text_ids_in_the_docs_is_up_to_date() {
    let path = format!("{}/docs/text-ids.md", env!("CARGO_MANIFEST_DIR"));
    let want = text_ids_doc();
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let got = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        got == want,
        "docs/text-ids.md is out of date: UPDATE_FIXTURES=1 cargo test --test locale"
    );
}

#[test]
fn a_hosts_edit_of_a_library_flow_is_kept_and_moved_cues_are_not_mistranslated() {
    let c = german();
    let de = read("de");
    let lang = c.lang("de");
    let mut f = library::flow("mobilize-ribs").unwrap().clone();
    // Edited: the first cue of the first step; moved: a cue put before the second step's.
    f.steps[0].cues[0] = "My own words.".into();
    f.steps[1].cues.insert(0, "An extra cue.".into());
    let l = localize_flow(&f, &lang);
    assert_eq!(l.steps[0].cues[0], "My own words.");
    assert_eq!(
        l.steps[0].cues[1],
        de["flow.mobilize-ribs.steps.lie-down.cues.1"]
    );
    assert_eq!(l.steps[1].cues[0], "An extra cue.");
    // The cue now at index 1 was cue 0: its English is not cue 1's, so it stays English.
    assert_eq!(l.steps[1].cues[1], f.steps[1].cues[1]);
    assert_eq!(
        l.steps[2].title.as_deref(),
        Some(de["flow.mobilize-ribs.steps.rib-breaths.title"].as_str())
    );
}

#[test]
fn an_untranslated_cue_still_swaps_left_and_right_on_the_second_side() {
    let c = german();
    let lang = c.lang("de");
    let flow = breathflow::Flow::from_value(
        &serde_json::json!({"title": "Mine", "steps": [{"kind": "pose", "title": "Twist",
            "seconds": 10, "sides": "both", "cues": ["Turn to the left."]}]}),
        "flow",
    )
    .unwrap();
    let s = breathflow::session::Session::from_flow_in(localize_flow(&flow, &lang), &[], &lang)
        .unwrap();
    let cues: Vec<String> = (0..20_000)
        .step_by(1000)
        .filter_map(|t| {
            s.sample(f64::from(t))
                .step
                .and_then(|st| st.cue().map(str::to_string))
        })
        .collect();
    assert!(cues.iter().any(|c| c == "Turn to the left."), "{cues:?}");
    assert!(cues.iter().any(|c| c == "Turn to the right."), "{cues:?}");
}

#[test]
fn a_users_own_flow_carries_its_texts_per_language() {
    let doc = serde_json::json!({
        "title": "Evening",
        "description": "A short wind-down.",
        "steps": [
            {"kind": "pose", "id": "child", "title": "Child's pose", "seconds": 20,
             "cues": ["Knees wide, forehead down."]},
            {"kind": "note", "id": "end", "text": "That is all for today."}
        ],
        "texts": {
            "de": {"title": "Abend", "steps.child.title": "Kindhaltung",
                   "steps.child.cues.0": "Knie weit, Stirn ablegen.", "steps.end.text": "Das war's für heute."},
            "de-CH": {"title": "Abig"}
        }
    });
    let flow = breathflow::Flow::from_value(&doc, "flow").unwrap();
    // It round-trips, its tags kept normalized.
    let back = serde_json::to_value(&flow).unwrap();
    assert_eq!(back["texts"]["de"]["title"], "Abend");
    assert_eq!(back["texts"]["de-ch"]["title"], "Abig");
    assert_eq!(breathflow::Flow::from_value(&back, "flow").unwrap(), flow);
    // Its own texts for the language asked, even with no table registered for it; a region
    // falls back to its language per text; the rest as written.
    let none = Catalog::default();
    let de = localize_flow(&flow, &none.lang("de-AT"));
    assert_eq!(de.title, "Abend");
    assert_eq!(de.steps[0].title.as_deref(), Some("Kindhaltung"));
    assert_eq!(de.steps[0].cues[0], "Knie weit, Stirn ablegen.");
    assert_eq!(de.description.as_deref(), Some("A short wind-down."));
    let ch = localize_flow(&flow, &none.lang("de-CH"));
    assert_eq!(
        (ch.title.as_str(), ch.steps[0].title.as_deref()),
        ("Abig", Some("Kindhaltung"))
    );
    assert_eq!(localize_flow(&flow, &none.lang("fr")).title, "Evening");
    // The note keeps its English reading time.
    let s = |f| breathflow::Session::from_flow(f, &[]).unwrap().total_ms();
    assert_eq!(s(de.clone()), s(flow.clone()));
    // Bad texts name the field and the rule.
    for (texts, path, rule) in [
        (
            serde_json::json!({"not a tag": {}}),
            "flow.texts[\"not a tag\"]",
            "language tag",
        ),
        (
            serde_json::json!({"de": {"steps.nope.title": "x"}}),
            "flow.texts[\"de\"][\"steps.nope.title\"]",
            "is not a text of this flow; its texts are description, steps.child.cues.0",
        ),
        (
            serde_json::json!({"de": {"title": " "}}),
            "flow.texts[\"de\"][\"title\"]",
            "must not be empty",
        ),
        (
            serde_json::json!({"de": {"title": 3}}),
            "flow.texts.de.title",
            "string",
        ),
    ] {
        let mut d = doc.clone();
        d["texts"] = texts;
        let e = breathflow::Flow::from_value(&d, "flow").unwrap_err();
        assert_eq!(e.path, path, "{e}");
        assert!(e.rule.contains(rule), "{e}");
    }
}
