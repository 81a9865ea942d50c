// Times and durations as people read them.

/** 95 000 → "1:35" (clock style, for time left). */
export function clock(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, "0")}`;
}

/** 95 000 → "about 2 min"; under a minute → "45 s" (for cards). */
export function roughly(ms) {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  return `about ${Math.round(s / 60)} min`;
}

/** 95 000 → "1 minute 35 seconds" (for screen readers and the status line). */
export function spoken(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(s / 60);
  const r = s % 60;
  const parts = [];
  if (m) parts.push(`${m} minute${m === 1 ? "" : "s"}`);
  if (r || !m) parts.push(`${r} second${r === 1 ? "" : "s"}`);
  return parts.join(" ");
}

/** Seconds with at most one decimal: 5.5 → "5.5", 4 → "4". */
export function secs(n) {
  return String(Math.round(n * 10) / 10);
}

const PHASE_WORDS = { inhale: "in", "hold-in": "hold", exhale: "out", "hold-out": "hold" };

/** A pattern's rhythm: "In 4 · hold 7 · out 8 s". */
export function rhythm(pattern) {
  const parts = pattern.phases.filter((p) => p.seconds > 0).map((p) => `${PHASE_WORDS[p.phase]} ${secs(p.seconds)}`);
  const text = parts.join(" · ") + " s";
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The word to say or show for a phase. */
export function phaseWord(phase) {
  return { inhale: "Breathe in", "hold-in": "Hold", exhale: "Breathe out", "hold-out": "Hold" }[phase] ?? "";
}

/** Short spoken form for speech at phase changes. */
export function phaseShort(phase) {
  return PHASE_WORDS[phase] ?? "";
}

// Made on first use: the page's first Intl formatter loads the locale data (~30 ms on a cold
// load here), which a first visit, with nothing logged yet, never needs.
let WHEN = null;

/** A log entry's time: "Tue 21 Nov, 09:12". */
export function when(iso) {
  WHEN ??= new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  return WHEN.format(new Date(iso));
}

/** Step kinds as people say them. */
export const KIND_LABEL = {
  breathe: "Breathing",
  pose: "Pose",
  "pressure-hold": "Pressure points",
  roll: "Ball massage",
  rest: "Rest",
  note: "Read first",
};
