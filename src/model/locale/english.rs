//! English, built in: the canvas's words, the safety texts and the adaptation reasons, by text
//! id (the library's English is its own JSON).

use crate::model::flow::{SOFT_TWIST_CUE, STOP_ON_PAIN_CUE, SURGERY_CAUTION_CUE};

/// The words and safety texts in English, by id. Templates name their values in braces
/// (`{n}`); [`fill`] puts them in.
pub const ENGLISH_TEXTS: &[(&str, &str)] = &[
    // The canvas.
    ("canvas.inhale", "Inhale"),
    ("canvas.exhale", "Exhale"),
    ("canvas.hold", "Hold"),
    ("canvas.nose", "nose"),
    ("canvas.mouth", "mouth"),
    ("canvas.phase-route", "{phase} · {route}"),
    ("canvas.get-ready", "Get ready"),
    ("canvas.press-start", "Press Start"),
    ("canvas.complete", "Complete"),
    ("canvas.rest", "Rest"),
    ("canvas.roll", "Roll"),
    ("canvas.pose", "Hold the pose"),
    ("canvas.note", "Continue when ready"),
    ("canvas.breathe", "Breathe"),
    ("canvas.left-side", "Left side"),
    ("canvas.right-side", "Right side"),
    ("canvas.spot", "Spot {n} of {total}"),
    ("canvas.seconds", "{n} s"),
    ("canvas.breath-of", "breath {n} / {total}"),
    ("canvas.breath", "breath {n}"),
    // Conditions: in a sentence, the advice, and the heading of the advice.
    (
        "condition.eye-condition.describe",
        "glaucoma, cataracts or another major eye condition",
    ),
    (
        "condition.high-blood-pressure.describe",
        "high blood pressure that is not under control",
    ),
    (
        "condition.recent-surgery.describe",
        "recent surgery or a major physical limitation",
    ),
    (
        "condition.lymph-nodes-or-chemo.describe",
        "lymph nodes removed or during chemotherapy",
    ),
    (
        "condition.eye-condition.advice",
        "With glaucoma, cataracts or another major eye condition, keep your head above your \
         heart: poses that put it lower are left out or swapped for a gentler one.",
    ),
    (
        "condition.high-blood-pressure.advice",
        "If your blood pressure is high and not under control, ask your physician before you \
         start. Poses that put your head below your heart are left out or swapped.",
    ),
    (
        "condition.recent-surgery.advice",
        "After recent surgery, or with a major physical limitation, take your time: start every \
         pose with very small movements so you know you can move in and out of it \
         comfortably, and never push.",
    ),
    (
        "condition.lymph-nodes-or-chemo.advice",
        "If you have had lymph nodes removed or are on chemotherapy, ask your doctor whether \
         self-massage could interfere with your treatment before you try it. Ball massage steps \
         are left out.",
    ),
    ("condition.eye-condition.title", "Eye conditions"),
    (
        "condition.high-blood-pressure.title",
        "Uncontrolled high blood pressure",
    ),
    (
        "condition.recent-surgery.title",
        "Recent surgery or a physical limitation",
    ),
    (
        "condition.lymph-nodes-or-chemo.title",
        "Lymph nodes removed or chemotherapy",
    ),
    // Guidance every practice shows.
    ("guidance.stop-on-pain.title", "Pain means stop"),
    (
        "guidance.stop-on-pain.text",
        "Pressing a tight spot can bring a strong sensation that still feels good; breathe into \
         that one, deeply and softly, and keep breathing. Pain is different: if anything hurts, \
         stop and rest. Never hold your breath.",
    ),
    ("guidance.see-a-doctor.title", "When to call a doctor"),
    (
        "guidance.see-a-doctor.text",
        "Call your doctor if the pain is constant instead of coming in waves, or if it has not \
         eased after a few hours or days: something other than a muscle spasm may be going on. \
         Pain that feels deep and internal, on one or both sides of the low back just under the \
         lower ribs, can come from the kidneys, a stone or an infection and needs a doctor soon.",
    ),
    ("guidance.blood-pressure.title", "High blood pressure"),
    (
        "guidance.blood-pressure.text",
        "If you have high blood pressure that is not under control, ask your physician before \
         you start.",
    ),
    // Cues the safety rules add.
    ("cue.stop-on-pain", STOP_ON_PAIN_CUE),
    ("cue.surgery-caution", SURGERY_CAUTION_CUE),
    ("cue.soft-twist", SOFT_TWIST_CUE),
    // Why a flow was adapted (each a sentence, or the end of one).
    (
        "reason.head-below-heart",
        "putting the head below the heart is not safe with {who}",
    ),
    (
        "reason.massage",
        "with {who}, ask your doctor before any massage, a ball massage included",
    ),
    ("reason.replaced", "{title} replaced by {other}: {why}."),
    ("reason.removed", "{title} left out: {why}."),
    ("reason.cautioned", "{title}: after {who}, {what}."),
    (
        "reason.go-slowly",
        "go slowly and start with tiny movements",
    ),
    (
        "reason.small-twist",
        "keep the twist small, well inside your range",
    ),
    (
        "reason.nothing-safe",
        "nothing in \"{title}\" is safe with {who}: every step was left out. Ask your doctor \
         which practice suits you.",
    ),
    // The words swapped on a pose's second side, two by two (every form: "left right").
    ("mirror.words", "left right"),
    ("join.and-with", ", and with "),
    ("join.and", ", and "),
    ("join.or", ", or "),
    ("join.reasons", "; "),
];

/// The English text for `id` among the words and safety texts, if it is one of them.
pub fn english(id: &str) -> Option<&'static str> {
    ENGLISH_TEXTS
        .iter()
        .find(|(k, _)| *k == id)
        .map(|&(_, v)| v)
}
