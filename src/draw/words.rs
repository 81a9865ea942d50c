//! The words a frame draws, in one locale: looked up once (when the widget's locale is set), not
//! per frame. Templates keep their `{n}` and `{total}` for [`crate::scene::Scene::push_template`],
//! which writes the numbers into the frame's text without allocating.

use crate::locale::{Lang, SAFETY_CUES};
use std::sync::OnceLock;

/// The canvas's words (text ids `canvas.*`) and the locale's safety cues.
#[derive(Debug, Clone, PartialEq)]
pub struct Words {
    /// The locale these are in (normalized tag).
    pub tag: String,
    pub inhale: String,
    pub exhale: String,
    pub hold: String,
    pub nose: String,
    pub mouth: String,
    /// `{phase} · {route}`.
    pub phase_route: String,
    pub get_ready: String,
    pub press_start: String,
    pub complete: String,
    pub rest: String,
    pub roll: String,
    pub pose: String,
    pub note: String,
    pub breathe: String,
    pub left_side: String,
    pub right_side: String,
    /// `Spot {n} of {total}`.
    pub spot: String,
    /// `{n} s`.
    pub seconds: String,
    /// `breath {n} / {total}`.
    pub breath_of: String,
    /// `breath {n}`.
    pub breath: String,
    /// The stop-on-pain, surgery and twist cues in this locale (shown whole sentences only).
    pub safety_cues: [String; 3],
}

impl Words {
    /// The words of `lang`.
    pub fn new(lang: &Lang) -> Words {
        let t = |id| lang.t(id).to_string();
        Words {
            tag: lang.tag.clone(),
            inhale: t("canvas.inhale"),
            exhale: t("canvas.exhale"),
            hold: t("canvas.hold"),
            nose: t("canvas.nose"),
            mouth: t("canvas.mouth"),
            phase_route: t("canvas.phase-route"),
            get_ready: t("canvas.get-ready"),
            press_start: t("canvas.press-start"),
            complete: t("canvas.complete"),
            rest: t("canvas.rest"),
            roll: t("canvas.roll"),
            pose: t("canvas.pose"),
            note: t("canvas.note"),
            breathe: t("canvas.breathe"),
            left_side: t("canvas.left-side"),
            right_side: t("canvas.right-side"),
            spot: t("canvas.spot"),
            seconds: t("canvas.seconds"),
            breath_of: t("canvas.breath-of"),
            breath: t("canvas.breath"),
            safety_cues: SAFETY_CUES.map(t),
        }
    }

    /// English (built once).
    pub fn english() -> &'static Words {
        static EN: OnceLock<Words> = OnceLock::new();
        EN.get_or_init(|| Words::new(&Lang::english()))
    }

    /// Whether `cue` is a safety cue, in English or in this locale: shown in whole sentences.
    pub fn is_safety_cue(&self, cue: &str) -> bool {
        crate::safety::is_safety_cue(cue) || self.safety_cues.iter().any(|c| c == cue)
    }
}
