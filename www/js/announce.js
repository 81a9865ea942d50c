// One polite ARIA live region for the page. Step changes are announced; phase words only when the
// person asks for them, and never closer together than a screen reader can say them.

const MIN_PHASE_GAP_MS = 2500;

export function createAnnouncer(region) {
  let lastPhaseAt = -Infinity;
  let timer = 0;
  const say = (text) => {
    // Clear first so the same words twice (two "Rest" steps) are announced twice.
    clearTimeout(timer);
    region.textContent = "";
    timer = setTimeout(() => {
      region.textContent = text;
    }, 60);
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
