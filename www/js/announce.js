// One polite ARIA live region for the page. Step changes are announced; phase words only when the
// person asks for them, and never closer together than a screen reader can say them.

const MIN_PHASE_GAP_MS = 2500;
/** Appended to repeat the same words: a live region only speaks when its text changes. */
const REPEAT_MARK = "\u00a0";

export function createAnnouncer(region) {
  let lastPhaseAt = -Infinity;
  const say = (text) => {
    region.textContent = region.textContent === text ? text + REPEAT_MARK : text;
  };
  return {
    /** Something a person needs to hear now: a new step, paused, complete. */
    say,
    /** A breath phase: dropped if one was said too recently. */
    phase(text) {
      const now = performance.now();
      if (now - lastPhaseAt < MIN_PHASE_GAP_MS) return;
      lastPhaseAt = now;
      say(text);
    },
  };
}
