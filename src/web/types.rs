//! TypeScript declarations for the plain objects the API takes and returns, emitted into
//! `breathflow.d.ts` so hosts get real types instead of `any`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Which way the breath goes. */
export type PhaseName = "inhale" | "hold-in" | "exhale" | "hold-out";
/** Health conditions a flow adapts to. */
export type ConditionName = "eye-condition" | "high-blood-pressure" | "recent-surgery" | "lymph-nodes-or-chemo";

/** One phase of a breath pattern. Durations in seconds: breathing phases 0.5–120, holds 0–120. */
export interface PhaseJson {
  phase: PhaseName;
  seconds: number;
  route?: "nose" | "mouth";
  /** Zones filled (inhale) or emptied (exhale), in order. */
  focus?: ("belly" | "ribs" | "chest" | "back")[];
  cue?: string;
  /** Change the duration linearly from `seconds` (breath 1) to `to` (breath `breaths` and later). */
  ramp?: { to: number; breaths: number };
}

/** A breath pattern as authored (library entries have this exact shape). */
export interface PatternJson {
  id?: string;
  title?: string;
  description?: string;
  phases: PhaseJson[];
}

/** A built-in id (`"ujjayi"`), a shorthand (`"4-7-8"`: seconds of in-hold-out-hold), or a pattern object. */
export type PatternSpec = string | PatternJson;

/** A step of a flow. See the README for each kind's fields. */
export interface StepJson {
  kind: "breathe" | "pose" | "pressure-hold" | "roll" | "rest" | "note";
  id?: string;
  title?: string;
  cues?: string[];
  tags?: ("inversion" | "twist" | "massage" | "prone" | "supine" | "standing" | "seated" | "side-lying" | "kneeling")[];
  pattern?: PatternSpec;
  breaths?: number;
  seconds?: number;
  sides?: "both";
  spots?: number;
  text?: string;
  alternative?: StepJson;
}

/** A flow as authored (library entries have this exact shape). */
export interface FlowJson {
  id?: string;
  title: string;
  description?: string;
  /** Seconds before the first step, 0–60. */
  countdown?: number;
  steps: StepJson[];
}

export interface LibraryJson {
  patterns: PatternJson[];
  flows: FlowJson[];
}

export interface Change {
  stepId: string;
  action: "removed" | "replaced" | "cautioned";
  /** Why, in plain words a person can read. */
  reason: string;
}

export interface Adapted {
  flow: FlowJson;
  changes: Change[];
}

export interface ConditionInfo { id: ConditionName; describe: string; advice: string }
export interface Guidance { id: string; title: string; text: string }

export interface PacerOptions { breaths?: number; seconds?: number }

export interface PacerSample {
  phase: PhaseName;
  phaseIndex: number;
  /** 0..=1 within the phase. */
  phaseProgress: number;
  phaseRemainingMs: number;
  /** 0 (empty) ..= 1 (full), eased and continuous across phases. */
  expansion: number;
  /** Breaths completed. */
  breath: number;
  done: boolean;
}

export interface ScheduledBoundary {
  atMs: number;
  kind: "phase" | "breath" | "complete";
  phase?: PhaseName;
  phaseIndex?: number;
  breath: number;
}

export interface BreathFlowOptions {
  /** Exactly one of `pattern` or `flow`. */
  pattern?: PatternSpec;
  flow?: string | FlowJson;
  /** Pattern only: end after this many breaths (1–10000) … */
  breaths?: number;
  /** … or after the first breath that ends at or after this many seconds (1–86400). */
  seconds?: number;
  conditions?: ConditionName[];
  /** "frame" (default): animation frames drive time. "manual": the host calls `tick(ms)`. */
  clock?: "frame" | "manual";
  reducedMotion?: "auto" | boolean;
  sound?: boolean;
  haptics?: boolean;
  /** Seconds of "get ready" before the first breath or step, 0–60. */
  countdown?: number;
  /** While the page is hidden: "pause" (default) or "catch-up" (time runs on, events are reported on return). */
  gapPolicy?: "pause" | "catch-up";
  /** A changed frame repaints "changed" (default): only the rectangle around what moved; or "whole":
   *  the whole canvas (for a host that draws on the canvas itself after each frame). */
  repaint?: "changed" | "whole";
}

export interface StepState {
  index: number; count: number; id: string; kind: StepJson["kind"]; title: string; cues: string[];
  side: "left" | "right" | null; remainingMs: number; text?: string; awaitsPerson: boolean;
}

export interface BreathFlowState {
  status: "idle" | "running" | "paused" | "done";
  elapsedMs: number;
  totalMs: number | null;
  /** 0..=1 of the whole session. */
  progress: number;
  phase: PhaseName | null;
  phaseIndex: number | null;
  phaseRemainingMs: number | null;
  expansion: number;
  breath: number;
  step: StepState | null;
  upNext: { index: number; id: string; kind: StepJson["kind"]; title: string; side: "left" | "right" | null; atMs: number } | null;
  changes: Change[];
}

export interface BreathFlowEvents {
  phase: { phase: PhaseName; phaseIndex: number; atMs: number; breath: number; step?: number };
  breath: { breath: number; atMs: number; step: number | null };
  step: { index: number; id: string; title: string; atMs: number; kind: StepJson["kind"]; side: "left" | "right" | null; spot: number | null; awaitsPerson: boolean };
  complete: { atMs: number; breaths: number };
  status: { status: BreathFlowState["status"] };
  countdown: { atMs: number; durationMs: number };
}
"#;
