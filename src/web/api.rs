//! Module-level exports: `library()`, `validateFlow()`, `validatePattern()`, `adaptFlow()`,
//! `conditions()`, `guidance()` and the `Pacer` class. Each reads JS values into the engine and
//! returns plain objects; every error is a JS `Error` naming the path and the rule.

use super::convert::{err, to_js, to_json};
use super::panic;
use crate::flow::Flow;
use crate::json::{self, Value};
use crate::pacer::{Bound, BoundaryKind};
use crate::safety::{self, Condition};
use crate::{doc, library, pattern, ValidationError};
use wasm_bindgen::prelude::*;

/// The built-in patterns and flows, in exactly the JSON shape users author.
#[wasm_bindgen(unchecked_return_type = "LibraryJson")]
pub fn library() -> Result<JsValue, JsError> {
    panic::check()?;
    let patterns = library::patterns().iter().map(crate::Pattern::to_json);
    let flows = library::flows().iter().map(Flow::to_json);
    to_js(
        &json::object()
            .field("patterns", Value::Array(patterns.collect()))
            .field("flows", Value::Array(flows.collect()))
            .build(),
    )
}

/// A flow given as an id or an object: a built-in id, or a document to validate.
fn flow_from(v: &Value, path: &str) -> Result<Flow, JsError> {
    match v {
        Value::String(id) => library::flow(id).cloned().ok_or_else(|| {
            JsError::new(&format!(
                "{path}: unknown flow id {}; built-in ids are {}",
                doc::quote(id),
                crate::text::join(&library::flow_ids(), ", ")
            ))
        }),
        other => Flow::from_json(other)
            .map_err(|e| err(ValidationError::new(doc::join(path, &e.path), e.rule))),
    }
}

/// Validate a flow document; returns it normalised (ids filled in) or throws.
#[wasm_bindgen(js_name = validateFlow, unchecked_return_type = "FlowJson")]
pub fn validate_flow(
    #[wasm_bindgen(unchecked_param_type = "FlowJson")] flow: JsValue,
) -> Result<JsValue, JsError> {
    panic::check()?;
    let v = to_json(&flow, "flow")?;
    let flow = Flow::from_json(&v).map_err(err)?;
    to_js(&flow.to_json())
}

/// Validate a pattern (object, id or shorthand); returns it normalised or throws.
#[wasm_bindgen(js_name = validatePattern, unchecked_return_type = "PatternJson")]
pub fn validate_pattern(
    #[wasm_bindgen(unchecked_param_type = "PatternSpec")] pattern: JsValue,
) -> Result<JsValue, JsError> {
    panic::check()?;
    let v = to_json(&pattern, "pattern")?;
    let p = pattern::resolve(&v, "").map_err(err)?;
    to_js(&p.to_json())
}

fn conditions_from(v: &JsValue) -> Result<Vec<Condition>, JsError> {
    let v = to_json(v, "conditions")?;
    if v.is_null() {
        return Ok(vec![]);
    }
    Condition::list_from_json(&v, "conditions").map_err(err)
}

/// `adaptFlow(flowIdOrObject, conditions)` → `{ flow, changes: [{ stepId, action, reason }] }`.
#[wasm_bindgen(js_name = adaptFlow, unchecked_return_type = "Adapted")]
pub fn adapt_flow(
    #[wasm_bindgen(unchecked_param_type = "string | FlowJson")] flow: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ConditionName[]")] conditions: JsValue,
) -> Result<JsValue, JsError> {
    panic::check()?;
    let flow = flow_from(&to_json(&flow, "flow")?, "flow")?;
    let conditions = conditions_from(&conditions)?;
    let adapted = safety::adapt(&flow, &conditions).map_err(err)?;
    to_js(&adapted.to_json())
}

/// Planned length in ms of a flow (id or object) as practised with `conditions` (countdown and
/// notes' reading time included), without creating a widget.
#[wasm_bindgen(js_name = flowDurationMs)]
pub fn flow_duration_ms(
    #[wasm_bindgen(unchecked_param_type = "string | FlowJson")] flow: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ConditionName[] | undefined")] conditions: JsValue,
) -> Result<f64, JsError> {
    panic::check()?;
    let flow = flow_from(&to_json(&flow, "flow")?, "flow")?;
    let conditions = conditions_from(&conditions)?;
    let session = crate::Session::from_flow(flow, &conditions).map_err(err)?;
    Ok(session.total_ms().unwrap_or(0) as f64)
}

/// The health conditions a flow adapts to: `[{ id, describe, advice }]`.
#[wasm_bindgen(unchecked_return_type = "ConditionInfo[]")]
pub fn conditions() -> Result<JsValue, JsError> {
    panic::check()?;
    let list = Condition::ALL.iter().map(|c| {
        json::object()
            .field("id", c.as_str())
            .field("describe", c.describe())
            .field("advice", c.advice())
            .build()
    });
    to_js(&Value::Array(list.collect()))
}

/// Safety guidance to show before a practice (stop on pain, when to see a doctor, and advice for
/// each declared condition): `[{ id, title, text }]`.
#[wasm_bindgen(unchecked_return_type = "Guidance[]")]
pub fn guidance(
    #[wasm_bindgen(unchecked_param_type = "ConditionName[] | undefined")] conditions: JsValue,
) -> Result<JsValue, JsError> {
    panic::check()?;
    let c = conditions_from(&conditions)?;
    to_js(&safety::guidance_to_json(&safety::guidance(&c)))
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
        panic::check()?;
        let p = pattern::resolve(&to_json(&pattern, "pattern")?, "pattern").map_err(err)?;
        let o = to_json(&options, "options")?;
        let bound = if o.is_null() {
            Bound::Open
        } else {
            let obj = doc::Obj::new(&o, "options").map_err(err)?;
            obj.only(&["breaths", "seconds"]).map_err(err)?;
            match (
                obj.opt_int("breaths", 1, 10_000, "breaths").map_err(err)?,
                obj.opt_num("seconds", 1.0, 86_400.0, "s").map_err(err)?,
            ) {
                (Some(_), Some(_)) => {
                    return Err(JsError::new(
                        "options: give either breaths or seconds, not both",
                    ))
                }
                (Some(n), None) => Bound::Breaths(n as u64),
                (None, Some(s)) => Bound::Seconds(s),
                (None, None) => Bound::Open,
            }
        };
        let inner = crate::Pacer::new(p, bound).map_err(err)?;
        Ok(Pacer { inner })
    }

    /// The state at session time `ms`: `{ phase, phaseIndex, phaseProgress, phaseRemainingMs,
    /// expansion, breath, done }`.
    #[wasm_bindgen(unchecked_return_type = "PacerSample")]
    pub fn sample(&self, ms: f64) -> Result<JsValue, JsError> {
        panic::check()?;
        if ms.is_nan() {
            return Err(JsError::new("sample: ms must be a number, got NaN"));
        }
        let s = self.inner.sample(ms);
        // Called every frame by hosts: set the fields directly rather than through JSON text.
        let o = js_sys::Object::new();
        let set = |k: &str, v: JsValue| {
            let _ = js_sys::Reflect::set(&o, &k.into(), &v);
        };
        set("phase", s.phase.as_str().into());
        set("phaseIndex", (s.phase_index as f64).into());
        set("phaseProgress", s.phase_progress.into());
        set("phaseRemainingMs", s.phase_remaining_ms.into());
        set("expansion", s.expansion.into());
        set("breath", (s.breath as f64).into());
        set("done", s.done.into());
        Ok(o.into())
    }

    /// The boundaries with `fromMs <= atMs < toMs`, in order: `[{ atMs, kind, phase, phaseIndex,
    /// breath }]` (for hosts that pre-schedule audio; consecutive windows never repeat one).
    #[wasm_bindgen(unchecked_return_type = "ScheduledBoundary[]")]
    pub fn schedule(
        &self,
        #[wasm_bindgen(js_name = fromMs)] from_ms: f64,
        #[wasm_bindgen(js_name = toMs)] to_ms: f64,
    ) -> Result<JsValue, JsError> {
        panic::check()?;
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
        let list = self
            .inner
            .boundaries(from_ms.ceil() - 1.0, to_ms.ceil() - 1.0);
        // `{ atMs, kind: "phase" | "breath" (a breath completed) | "complete", phase?, phaseIndex?,
        // breath }`.
        let out = list.into_iter().map(|b| {
            let o = json::object().field("atMs", b.at_ms);
            match b.kind {
                BoundaryKind::Phase {
                    phase,
                    phase_index,
                    breath,
                } => o
                    .field("kind", "phase")
                    .field("phase", phase.as_str())
                    .field("phaseIndex", phase_index)
                    .field("breath", breath),
                BoundaryKind::Breath { breath } => {
                    o.field("kind", "breath").field("breath", breath)
                }
                BoundaryKind::Complete { breaths } => {
                    o.field("kind", "complete").field("breath", breaths)
                }
            }
            .build()
        });
        to_js(&Value::Array(out.collect()))
    }

    /// Planned length in ms, or `null` when open-ended.
    #[wasm_bindgen(getter, js_name = durationMs)]
    pub fn duration_ms(&self) -> Option<f64> {
        self.inner.duration_ms().map(|d| d as f64)
    }

    /// The pattern this pacer follows, normalised.
    #[wasm_bindgen(getter, unchecked_return_type = "PatternJson")]
    pub fn pattern(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.pattern().to_json())
    }
}
