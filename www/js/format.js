// Times and durations as people read them, in the page's language (js/i18n.js: numbers, units
// and dates through Intl).
import { language, number, quantity, t } from "./i18n.js";

/** 95 000 → "1:35" (clock style, for time left). */
export function clock(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, "0")}`;
}

/** 95 000 → "about 2 min" ("etwa 2 Min."); under a minute → "45 s" (for cards). */
export function roughly(ms) {
  const s = Math.round(ms / 1000);
  if (s < 60) return quantity(s, "second", "short");
  return t("format.about", { time: quantity(Math.round(s / 60), "minute", "short") });
}

/** 95 000 → "1 minute 35 seconds" (for screen readers and the status line). */
export function spoken(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(s / 60);
  const r = s % 60;
  const parts = [];
  if (m) parts.push(quantity(m, "minute"));
  if (r || !m) parts.push(quantity(r, "second"));
  return parts.join(" ");
}

/** Seconds with at most one decimal: 5.5 → "5.5" ("5,5" in es/de/fr), 4 → "4". */
export function secs(n) {
  return number(Math.round(n * 10) / 10);
}

const PHASE_WORDS = { inhale: t("format.in"), "hold-in": t("format.hold"), exhale: t("format.out"), "hold-out": t("format.hold") };

/** A pattern's rhythm: "In 4 · hold 7 · out 8 s". */
export function rhythm(pattern) {
  const parts = pattern.phases.filter((p) => p.seconds > 0).map((p) => `${PHASE_WORDS[p.phase]} ${secs(p.seconds)}`);
  const text = parts.join(" · ") + " s";
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The word to say or show for a phase. */
export function phaseWord(phase) {
  return { inhale: t("format.breathe-in"), "hold-in": t("format.hold-phase"), exhale: t("format.breathe-out"), "hold-out": t("format.hold-phase") }[phase] ?? "";
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
  WHEN ??= new Intl.DateTimeFormat(language, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  return WHEN.format(new Date(iso));
}

/** Step kinds as people say them. */
export const KIND_LABEL = Object.fromEntries(["breathe", "pose", "pressure-hold", "roll", "rest", "note"].map((k) => [k, t(`format.kind-${k}`)]));
