// Init script for the timing / idle pages (installed by bench/run.mjs with page.addInitScript, so it
// runs before any page script).
//
// - Counts animation-frame requests and callbacks: `window.__frames.{requests, callbacks}`, and
//   keeps the timestamp of the frame being run and when its callback began: `window.__frames.ts`,
//   `window.__frames.at` (performance.now()); `window.__frames.inFrame` is true inside a callback.
// - `window.__setHidden(bool)` simulates a hidden page, which headless Chromium never reports:
//   it overrides `document.hidden` / `document.visibilityState`, dispatches `visibilitychange`, and
//   while "hidden" holds back every animation-frame callback (a browser runs none for a hidden
//   page); held callbacks are scheduled again on show. Ids stay valid for cancelAnimationFrame.
(() => {
  const raf = window.requestAnimationFrame.bind(window);
  const caf = window.cancelAnimationFrame.bind(window);
  const s = (window.__frames = { requests: 0, callbacks: 0, hidden: false, ts: 0, at: 0, inFrame: false });
  const real = new Map(); // our id → native id (in flight)
  const held = new Map(); // our id → callback (held while hidden)
  let next = 1;
  function schedule(id, cb) {
    real.set(
      id,
      raf((ts) => {
        real.delete(id);
        if (s.hidden) {
          held.set(id, cb);
          return;
        }
        s.callbacks++;
        s.ts = ts;
        s.at = performance.now();
        s.inFrame = true;
        try {
          cb(ts);
        } finally {
          s.inFrame = false;
        }
      }),
    );
  }
  window.requestAnimationFrame = function requestAnimationFrame(cb) {
    s.requests++;
    const id = next++;
    schedule(id, cb);
    return id;
  };
  window.cancelAnimationFrame = function cancelAnimationFrame(id) {
    const r = real.get(id);
    if (r !== undefined) caf(r);
    real.delete(id);
    held.delete(id);
  };
  window.__setHidden = (hidden) => {
    Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (hidden ? "hidden" : "visible") });
    s.hidden = hidden;
    document.dispatchEvent(new Event("visibilitychange"));
    if (!hidden) {
      const list = [...held];
      held.clear();
      for (const [id, cb] of list) schedule(id, cb);
    }
  };
})();
