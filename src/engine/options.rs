//! Options of `new BreathFlow(canvas, options)`, read and validated in the core so every mistake is
//! reported with the option's name and the rule (`options.breaths: must be 1–10000 breaths, got 0`).

use crate::engine::clock::GapPolicy;
use crate::engine::pacer::{Bound, Pacer};
use crate::engine::session::Session;
use crate::error::{Result, ValidationError};
use crate::locale::{localize_flow, localize_pattern, Lang};
use crate::model::flow::{Flow, Length, PatternRef, Step, StepBody};
use crate::model::library;
use crate::model::read::{self, check_integer, check_number, check_text};
use crate::model::safety::Condition;
use serde::de::{Deserializer, Unexpected, Visitor};
use serde::Deserialize;
use serde_json::Value;
use tsify::Tsify;

/// Where session time comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Tsify)]
#[serde(rename_all = "kebab-case")]
#[serde(try_from = "serde_json::Value")]
pub enum ClockMode {
    /// Animation frames drive the session (the default).
    #[default]
    Frame,
    /// The host moves time with `tick(ms)`; no frames are requested.
    Manual,
}

/// How much of the canvas a new frame repaints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Tsify)]
#[serde(rename_all = "kebab-case")]
#[serde(try_from = "serde_json::Value")]
pub enum Repaint {
    /// Only the rectangle around what changed (the default; see [`crate::damage`]).
    #[default]
    Changed,
    /// The whole canvas, for a host that draws on the canvas itself after each frame.
    Whole,
}

crate::named_enum!(ClockMode { Frame => "frame", Manual => "manual" });
crate::named_enum!(Repaint { Changed => "changed", Whole => "whole" });
crate::named_enum!(GapPolicy { Pause => "pause", CatchUp => "catch-up" });

/// `reducedMotion`: `"auto"` (follow `prefers-reduced-motion`), `true` or `false`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Tsify)]
#[tsify(type = "\"auto\" | boolean")]
pub struct ReducedMotion(pub Option<bool>);

impl<'de> Deserialize<'de> for ReducedMotion {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ReducedMotion;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("\"auto\", true or false")
            }
            fn visit_bool<E: serde::de::Error>(
                self,
                b: bool,
            ) -> std::result::Result<Self::Value, E> {
                Ok(ReducedMotion(Some(b)))
            }
            fn visit_str<E: serde::de::Error>(
                self,
                s: &str,
            ) -> std::result::Result<Self::Value, E> {
                match s {
                    "auto" => Ok(ReducedMotion(None)),
                    _ => Err(E::invalid_value(Unexpected::Str(s), &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// The options object as a host writes it. Exactly one of `pattern` or `flow`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Tsify)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct BreathFlowOptions {
    /// A built-in id (`"ujjayi"`), a shorthand (`"4-7-8"`) or a pattern object.
    #[tsify(optional, type = "PatternSpec")]
    pub pattern: Option<Value>,
    /// A built-in flow id or a flow object.
    #[tsify(optional, type = "string | FlowDoc")]
    pub flow: Option<Value>,
    /// Pattern only: end after this many breaths (1–10000) …
    #[tsify(optional)]
    pub breaths: Option<f64>,
    /// … or after the first breath that ends at or after this many seconds (1–86400).
    #[tsify(optional)]
    pub seconds: Option<f64>,
    /// Health conditions (see `conditions()`); a flow leaves out or changes what is not safe for the person.
    #[tsify(optional, type = "ConditionName[]")]
    pub conditions: Option<Vec<String>>,
    /// The language of the canvas's words and of the practice's texts: a BCP 47 tag (`"de"`,
    /// `"de-AT"`). A tag with no registered texts falls back to its language, then to English
    /// (`registerLocale`); `state().locale` says which is in use.
    #[tsify(optional)]
    pub locale: Option<String>,
    /// `"frame"` (default): animation frames drive time. `"manual"`: the host calls `tick(ms)`.
    #[tsify(optional)]
    pub clock: Option<ClockMode>,
    #[tsify(optional)]
    pub reduced_motion: Option<ReducedMotion>,
    #[tsify(optional)]
    pub sound: Option<bool>,
    #[tsify(optional)]
    pub haptics: Option<bool>,
    /// Seconds of "get ready" before the first breath or step, 0–60.
    #[tsify(optional)]
    pub countdown: Option<f64>,
    /// While the page is hidden: `"pause"` (default) or `"catch-up"` (time runs on, events are
    /// reported on return).
    #[tsify(optional)]
    pub gap_policy: Option<GapPolicy>,
    /// A changed frame repaints `"changed"` (default): only the rectangle around what moved; or
    /// `"whole"`: the whole canvas (for a host that draws on the canvas itself after each frame).
    #[tsify(optional)]
    pub repaint: Option<Repaint>,
}

/// What to practise: a pattern or a flow reference, as given (resolved by the session).
#[derive(Debug, Clone, PartialEq)]
pub enum Practice {
    Pattern(Value),
    Flow(Value),
}

/// Validated widget options.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub practice: Practice,
    /// Breath count bound for a pattern, 1..=10000.
    pub breaths: Option<u64>,
    /// Duration bound for a pattern in seconds, 1..=86400.
    pub seconds: Option<f64>,
    /// Health conditions, names as given (the session validates them).
    pub conditions: Vec<String>,
    /// The locale asked for (as given; resolved against the registered ones when a session is
    /// built).
    pub locale: Option<String>,
    pub clock: ClockMode,
    /// `None` = follow `prefers-reduced-motion`.
    pub reduced_motion: Option<bool>,
    pub sound: bool,
    pub haptics: bool,
    /// Seconds of countdown before the first breath or step, 0..=60.
    pub countdown: Option<f64>,
    /// What happens while the page is hidden.
    pub gap_policy: GapPolicy,
    pub repaint: Repaint,
}

/// Most condition names accepted.
pub const MAX_CONDITIONS: usize = 16;

impl Options {
    /// Read the options object (`undefined`/`null` is not allowed: a pattern or flow is required).
    pub fn from_value(v: &Value) -> Result<Options> {
        let o: BreathFlowOptions = read::read_object(v, "options")?;
        let practice = match (o.pattern, o.flow) {
            (Some(p), None) => Practice::Pattern(p),
            (None, Some(f)) => Practice::Flow(f),
            (Some(_), Some(_)) => {
                return Err(ValidationError::new("options", "give either pattern or flow, not both"))
            }
            (None, None) => {
                return Err(ValidationError::new(
                    "options",
                    "needs a pattern (an id such as \"ujjayi\", a shorthand such as \"4-7-8\", or an object) or a flow",
                ))
            }
        };
        let breaths = o
            .breaths
            .map(|n| check_integer(n, "options.breaths", 1, 10_000, "breaths"))
            .transpose()?
            .map(u64::from);
        let seconds = o
            .seconds
            .map(|s| check_number(s, "options.seconds", 1.0, 86_400.0, "s"))
            .transpose()?;
        if breaths.is_some() && seconds.is_some() {
            return Err(ValidationError::new(
                "options",
                "give either breaths or seconds, not both",
            ));
        }
        if matches!(practice, Practice::Flow(_)) {
            for (name, given) in [
                ("breaths", breaths.is_some()),
                ("seconds", seconds.is_some()),
            ] {
                if given {
                    return Err(ValidationError::new(
                        format!("options.{name}"),
                        "applies to a pattern only; a flow sets the length of each step",
                    ));
                }
            }
        }
        let conditions = o.conditions.unwrap_or_default();
        if conditions.len() > MAX_CONDITIONS {
            return Err(ValidationError::new(
                "options.conditions",
                format!(
                    "must have at most {MAX_CONDITIONS} items, got {}",
                    conditions.len()
                ),
            ));
        }
        for (i, c) in conditions.iter().enumerate() {
            check_text(c, &read::index("options.conditions", i))?;
        }
        let countdown = o
            .countdown
            .map(|c| check_number(c, "options.countdown", 0.0, 60.0, "s"))
            .transpose()?;
        Ok(Options {
            practice,
            breaths,
            seconds,
            conditions,
            locale: o.locale,
            clock: o.clock.unwrap_or_default(),
            reduced_motion: o.reduced_motion.unwrap_or_default().0,
            sound: o.sound.unwrap_or(false),
            haptics: o.haptics.unwrap_or(false),
            countdown,
            gap_policy: o.gap_policy.unwrap_or_default(),
            repaint: o.repaint.unwrap_or_default(),
        })
    }
}

impl Options {
    /// The session these options ask for: the pattern with its bound (a countdown makes it a
    /// one-step flow, so the timeline has a part before the breathing), or the flow adapted to the
    /// conditions (its countdown replaced by the option's when given). Errors name the option.
    pub fn session(&self) -> Result<Session> {
        self.session_in(&Lang::english())
    }

    /// [`Options::session`] with the practice's texts in `lang` ([`crate::locale`]).
    pub fn session_in(&self, lang: &Lang) -> Result<Session> {
        let conditions = Condition::list_from_names(&self.conditions, "options.conditions")?;
        match &self.practice {
            Practice::Pattern(v) => {
                let pattern = library::resolve_value(v, "options.pattern")?;
                let pattern = localize_pattern(&pattern, lang);
                let bound = match (self.breaths, self.seconds) {
                    (Some(n), _) => Bound::Breaths(n),
                    (None, Some(s)) => Bound::Seconds(s),
                    (None, None) => Bound::Open,
                };
                match self.countdown {
                    Some(c) if c > 0.0 => {
                        let length = match bound {
                            Bound::Breaths(n) => Length::Breaths(n as u32),
                            Bound::Seconds(s) => Length::Seconds(s),
                            Bound::Open => {
                                return Err(ValidationError::new(
                                    "options.countdown",
                                    "needs breaths or seconds with a pattern (an open-ended \
                                     pattern has no timeline to count down to)",
                                ))
                            }
                        };
                        let title = pattern
                            .title
                            .clone()
                            .unwrap_or_else(|| lang.t("canvas.breathe").into());
                        let flow = Flow {
                            id: None,
                            title,
                            description: None,
                            countdown: Some(c),
                            steps: vec![Step {
                                id: "breathe".into(),
                                title: None,
                                body: StepBody::Breathe {
                                    pattern: PatternRef::inline(pattern),
                                    length,
                                },
                                cues: vec![],
                                tags: vec![],
                                alternative: None,
                            }],
                            texts: Default::default(),
                        };
                        Session::from_flow_in(flow, &conditions, lang)
                    }
                    _ => Pacer::new(pattern, bound)
                        .map(Session::from_pattern)
                        .map_err(|e| ValidationError::new(read::join("options", &e.path), e.rule)),
                }
            }
            Practice::Flow(v) => {
                let flow = library::flow_from(v, "options.flow")?;
                let mut flow = localize_flow(&flow, lang);
                if let Some(c) = self.countdown {
                    flow.countdown = Some(c);
                }
                Session::from_flow_in(flow, &conditions, lang)
            }
        }
    }
}

/// `new Pacer(pattern, options)`: end after `breaths` (1–10000) or `seconds` (1–86400); neither
/// runs open-ended.
#[derive(Debug, Clone, Copy, PartialEq, Default, Deserialize, Tsify)]
#[serde(default, deny_unknown_fields)]
pub struct PacerOptions {
    #[tsify(optional)]
    pub breaths: Option<f64>,
    #[tsify(optional)]
    pub seconds: Option<f64>,
}

impl PacerOptions {
    /// Read `options` (`null` for none) into a bound; errors name `options.…`.
    pub fn bound_from(v: &Value) -> Result<Bound> {
        if v.is_null() {
            return Ok(Bound::Open);
        }
        let o: PacerOptions = read::read_object(v, "options")?;
        let breaths = o
            .breaths
            .map(|n| check_integer(n, "options.breaths", 1, 10_000, "breaths"))
            .transpose()?;
        let seconds = o
            .seconds
            .map(|s| check_number(s, "options.seconds", 1.0, 86_400.0, "s"))
            .transpose()?;
        match (breaths, seconds) {
            (Some(_), Some(_)) => Err(ValidationError::new(
                "options",
                "give either breaths or seconds, not both",
            )),
            (Some(n), None) => Ok(Bound::Breaths(n as u64)),
            (None, Some(s)) => Ok(Bound::Seconds(s)),
            (None, None) => Ok(Bound::Open),
        }
    }
}
