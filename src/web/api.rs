//! Module-level exports: `library()`, `validateFlow()`, `validatePattern()`, `adaptFlow()`,
//! `flowDurationMs()`, `conditions()`, `guidance()` and the `Pacer` class. Each reads JS values
//! into the core and returns plain objects; every error is a JS `Error` naming the path and the
//! rule.

use super::js::{err, from_js, to_js};
use super::locale::with_lang;
use crate::engine::options::PacerOptions;
use crate::engine::pacer::ScheduledBoundary;
use crate::locale::{localize_flow, localize_pattern};
use crate::model::flow::Flow;
use crate::model::library;
use crate::model::safety::{self, Condition};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// `library()`'s result: every built-in, in exactly the JSON shape users author.
#[derive(Serialize)]
struct Library<'a> {
    patterns: &'a [crate::Pattern],
    flows: &'a [Flow],
}

/// The built-in patterns and flows, in exactly the JSON shape users author; with `locale`, their
/// texts in that language (as registered: `registerLocale`).
#[wasm_bindgen(unchecked_return_type = "LibraryJson")]
pub fn library(locale: Option<String>) -> Result<JsValue, JsError> {
    super::enter()?;
    with_lang(locale.as_deref(), |lang| {
        if lang.is_plain_english() {
            return to_js(&Library {
                patterns: library::patterns(),
                flows: library::flows(),
            });
        }
        let patterns: Vec<_> = library::patterns()
            .iter()
            .map(|p| localize_pattern(p, lang))
            .collect();
        let flows: Vec<_> = library::flows()
            .iter()
            .map(|f| localize_flow(f, lang))
            .collect();
        to_js(&Library {
            patterns: &patterns,
            flows: &flows,
        })
    })
}

/// Validate a flow document; returns it normalised (ids filled in) or throws.
#[wasm_bindgen(js_name = validateFlow, unchecked_return_type = "FlowDoc")]
pub fn validate_flow(
    #[wasm_bindgen(unchecked_param_type = "FlowDoc")] flow: JsValue,
) -> Result<JsValue, JsError> {
    super::enter()?;
    let flow = Flow::from_value(&from_js(&flow, "flow")?, "flow").map_err(err)?;
    to_js(&flow)
}

/// Validate a pattern (object, id or shorthand); returns it normalised or throws.
#[wasm_bindgen(js_name = validatePattern, unchecked_return_type = "Pattern")]
pub fn validate_pattern(
    #[wasm_bindgen(unchecked_param_type = "PatternSpec")] pattern: JsValue,
) -> Result<JsValue, JsError> {
    super::enter()?;
    let p = library::resolve_value(&from_js(&pattern, "pattern")?, "pattern").map_err(err)?;
    to_js(&p)
}

/// Condition names given to a call (`undefined` or `null` for none).
fn conditions_from(v: &JsValue) -> Result<Vec<Condition>, JsError> {
    let v = from_js(v, "conditions")?;
    if v.is_null() {
        return Ok(vec![]);
    }
    Condition::list_from_value(&v, "conditions").map_err(err)
}

/// A flow given to a call: a built-in id or a document.
fn flow_from(v: &JsValue) -> Result<Flow, JsError> {
    library::flow_from(&from_js(v, "flow")?, "flow").map_err(err)
}

/// `adaptFlow(flowIdOrObject, conditions, locale?)` → `{ flow, changes: [{ stepId, action,
/// reason }] }`; with `locale`, the flow's texts, the reasons and the added cues in that language.
#[wasm_bindgen(js_name = adaptFlow, unchecked_return_type = "Adapted")]
pub fn adapt_flow(
    #[wasm_bindgen(unchecked_param_type = "string | FlowDoc")] flow: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ConditionName[]")] conditions: JsValue,
    locale: Option<String>,
) -> Result<JsValue, JsError> {
    super::enter()?;
    let flow = flow_from(&flow)?;
    let conditions = conditions_from(&conditions)?;
    with_lang(locale.as_deref(), |lang| {
        let flow = localize_flow(&flow, lang);
        let adapted = safety::adapt_in(&flow, &conditions, lang).map_err(err)?;
        to_js(&adapted)
    })
}

/// Planned length in ms of a flow (id or object) as practised with `conditions` (countdown and
/// notes' reading time included), without creating a widget.
#[wasm_bindgen(js_name = flowDurationMs)]
pub fn flow_duration_ms(
    #[wasm_bindgen(unchecked_param_type = "string | FlowDoc")] flow: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ConditionName[] | undefined")] conditions: JsValue,
) -> Result<f64, JsError> {
    super::enter()?;
    let flow = flow_from(&flow)?;
    let conditions = conditions_from(&conditions)?;
    let session = crate::Session::from_flow(flow, &conditions).map_err(err)?;
    Ok(session.total_ms().unwrap_or(0) as f64)
}

/// The health conditions a flow adapts to: `[{ id, describe, advice }]`, in `locale` when given.
#[wasm_bindgen(unchecked_return_type = "ConditionInfo[]")]
pub fn conditions(locale: Option<String>) -> Result<JsValue, JsError> {
    super::enter()?;
    with_lang(locale.as_deref(), |lang| {
        let list: Vec<_> = Condition::ALL.iter().map(|c| c.info_in(lang)).collect();
        to_js(&list)
    })
}

/// Safety guidance to show before a practice (stop on pain, when to see a doctor, and advice for
/// each declared condition): `[{ id, title, text }]`, in `locale` when given.
#[wasm_bindgen(unchecked_return_type = "Guidance[]")]
pub fn guidance(
    #[wasm_bindgen(unchecked_param_type = "ConditionName[] | undefined")] conditions: JsValue,
    locale: Option<String>,
) -> Result<JsValue, JsError> {
    super::enter()?;
    let c = conditions_from(&conditions)?;
    with_lang(locale.as_deref(), |lang| {
        to_js(&safety::guidance_in(&c, lang))
    })
}

thread_local! {
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Once per module: calls on a freed `Pacer` say so ("Pacer: this instance was freed") instead
/// of wasm-bindgen's "null pointer passed to rust" (see `guardClass` in `src/web/dom.js`).
fn guard_class_once() {
    if GUARDED.with(|g| g.replace(true)) {
        return;
    }
    let probe: JsValue = Pacer {
        inner: crate::Pacer::new(
            library::pattern("box").cloned().unwrap_or_else(|| {
                crate::Pattern::from_shorthand("4-4", "").expect("a valid shorthand")
            }),
            crate::Bound::Open,
        )
        .expect("a valid pacer"),
    }
    .into();
    super::dom::guard_class(&probe, "Pacer");
}

/// A breath pacer for hosts that draw their own visuals: a pure function of session time.
#[wasm_bindgen]
pub struct Pacer {
    inner: crate::Pacer,
}

#[wasm_bindgen]
impl Pacer {
    /// `new Pacer(pattern, { breaths } | { seconds })`: `pattern` is a built-in id, a shorthand
    /// such as `"4-7-8"`, or a pattern object; without a bound the pacer runs open-ended.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "PatternSpec")] pattern: JsValue,
        #[wasm_bindgen(unchecked_param_type = "PacerOptions | undefined")] options: JsValue,
    ) -> Result<Pacer, JsError> {
        super::enter()?;
        let p = library::resolve_value(&from_js(&pattern, "pattern")?, "pattern").map_err(err)?;
        let bound = PacerOptions::bound_from(&from_js(&options, "options")?).map_err(err)?;
        let inner = crate::Pacer::new(p, bound).map_err(err)?;
        guard_class_once();
        Ok(Pacer { inner })
    }

    /// Never busy: a pacer has no listeners, so `free()` is always allowed (see `guardClass` in
    /// `src/web/dom.js`). Not part of the API.
    #[wasm_bindgen(js_name = __inUse, skip_typescript)]
    pub fn in_use(&self) -> bool {
        false
    }

    /// The state at session time `ms`: `{ phase, phaseIndex, phaseProgress, phaseRemainingMs,
    /// expansion, breath, done }`.
    #[wasm_bindgen(unchecked_return_type = "Sample")]
    pub fn sample(&self, ms: f64) -> Result<JsValue, JsError> {
        super::enter()?;
        if ms.is_nan() {
            return Err(JsError::new("sample: ms must be a number, got NaN"));
        }
        to_js(&self.inner.sample(ms))
    }

    /// The boundaries with `fromMs <= atMs < toMs`, in order: `[{ atMs, kind, phase, phaseIndex,
    /// breath }]` (for hosts that pre-schedule audio; consecutive windows never repeat one).
    #[wasm_bindgen(unchecked_return_type = "ScheduledBoundary[]")]
    pub fn schedule(
        &self,
        #[wasm_bindgen(js_name = fromMs)] from_ms: f64,
        #[wasm_bindgen(js_name = toMs)] to_ms: f64,
    ) -> Result<JsValue, JsError> {
        super::enter()?;
        if !from_ms.is_finite() || !to_ms.is_finite() {
            return Err(JsError::new(
                "schedule: fromMs and toMs must be finite numbers",
            ));
        }
        if to_ms - from_ms > 86_400_000.0 {
            return Err(JsError::new(
                "schedule: the span must be at most 24 hours (86400000 ms)",
            ));
        }
        // Boundaries are whole ms: [from, to) is (ceil(from) - 1, ceil(to) - 1].
        let list: Vec<ScheduledBoundary> = self
            .inner
            .boundaries(from_ms.ceil() - 1.0, to_ms.ceil() - 1.0)
            .into_iter()
            .map(ScheduledBoundary::from)
            .collect();
        to_js(&list)
    }

    /// Planned length in ms, or `null` when open-ended.
    #[wasm_bindgen(getter, js_name = durationMs)]
    pub fn duration_ms(&self) -> Option<f64> {
        self.inner.duration_ms().map(|d| d as f64)
    }

    /// The pattern this pacer follows, normalised.
    #[wasm_bindgen(getter, unchecked_return_type = "Pattern")]
    pub fn pattern(&self) -> Result<JsValue, JsError> {
        to_js(self.inner.pattern())
    }
}
