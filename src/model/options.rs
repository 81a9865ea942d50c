//! Options of `new BreathFlow(canvas, options)`, read and validated in the core so every mistake is
//! reported with the option's name and the rule (`options.breaths: must be 1–10000 breaths, got 0`).

use crate::clock::GapPolicy;
use crate::doc::Obj;
use crate::error::{Result, ValidationError};
use crate::json::Value;

/// Where session time comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockMode {
    /// Animation frames drive the session (the default).
    Frame,
    /// The host moves time with `tick(ms)`; no frames are requested.
    Manual,
}

/// How much of the canvas a new frame repaints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Repaint {
    /// Only the rectangle around what changed (the default; see [`crate::damage`]).
    #[default]
    Changed,
    /// The whole canvas, for a host that draws on the canvas itself after each frame.
    Whole,
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
    /// Health conditions, validated names (see `safety`).
    pub conditions: Vec<String>,
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

/// Option names accepted, in the order the docs list them.
pub const OPTION_NAMES: &[&str] = &[
    "pattern",
    "flow",
    "breaths",
    "seconds",
    "conditions",
    "clock",
    "reducedMotion",
    "sound",
    "haptics",
    "countdown",
    "gapPolicy",
    "repaint",
];

impl Options {
    /// Read the options object (`undefined`/`null` is not allowed: a pattern or flow is required).
    pub fn from_json(v: &Value) -> Result<Options> {
        let o = Obj::new(v, "options")?;
        o.only(OPTION_NAMES)?;
        let practice = match (o.get("pattern"), o.get("flow")) {
            (Some(p), None) => Practice::Pattern(p.clone()),
            (None, Some(f)) => Practice::Flow(f.clone()),
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
        let breaths = o.opt_int("breaths", 1, 10_000, "breaths")?.map(u64::from);
        let seconds = o.opt_num("seconds", 1.0, 86_400.0, "s")?;
        if breaths.is_some() && seconds.is_some() {
            return Err(ValidationError::new(
                "options",
                "give either breaths or seconds, not both",
            ));
        }
        if matches!(practice, Practice::Flow(_)) {
            for name in ["breaths", "seconds"] {
                if o.get(name).is_some() {
                    return Err(ValidationError::new(
                        o.at(name),
                        "applies to a pattern only; a flow sets the length of each step",
                    ));
                }
            }
        }
        let conditions = o.opt_str_list("conditions", 16)?.unwrap_or_default();
        let clock = match o.get("clock") {
            None => ClockMode::Frame,
            Some(Value::String(s)) if s == "frame" => ClockMode::Frame,
            Some(Value::String(s)) if s == "manual" => ClockMode::Manual,
            Some(other) => {
                return Err(ValidationError::new(
                    o.at("clock"),
                    format!("must be \"frame\" or \"manual\", got {other}"),
                ))
            }
        };
        let reduced_motion = match o.get("reducedMotion") {
            None => None,
            Some(Value::String(s)) if s == "auto" => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(other) => {
                return Err(ValidationError::new(
                    o.at("reducedMotion"),
                    format!("must be \"auto\", true or false, got {other}"),
                ))
            }
        };
        let sound = o.opt_bool("sound")?.unwrap_or(false);
        let haptics = o.opt_bool("haptics")?.unwrap_or(false);
        let countdown = o.opt_num("countdown", 0.0, 60.0, "s")?;
        let gap_policy = match o.get("gapPolicy") {
            None => GapPolicy::default(),
            Some(Value::String(s)) if s == "pause" => GapPolicy::Pause,
            Some(Value::String(s)) if s == "catch-up" => GapPolicy::CatchUp,
            Some(other) => {
                return Err(ValidationError::new(
                    o.at("gapPolicy"),
                    format!("must be \"pause\" or \"catch-up\", got {other}"),
                ))
            }
        };
        let repaint = match o.get("repaint") {
            None => Repaint::default(),
            Some(Value::String(s)) if s == "changed" => Repaint::Changed,
            Some(Value::String(s)) if s == "whole" => Repaint::Whole,
            Some(other) => {
                return Err(ValidationError::new(
                    o.at("repaint"),
                    format!("must be \"changed\" or \"whole\", got {other}"),
                ))
            }
        };
        Ok(Options {
            practice,
            breaths,
            seconds,
            conditions,
            clock,
            reduced_motion,
            sound,
            haptics,
            countdown,
            gap_policy,
            repaint,
        })
    }
}
