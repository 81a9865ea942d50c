// Frame-clock timing, idle frames and memory, measured on the live widget.
//
// The driver installs bench/frames.js as an init script: it wraps requestAnimationFrame to count
// callbacks, and `window.__setHidden(bool)` simulates a hidden page (headless Chromium never reports
// one): it overrides `document.hidden` / `visibilityState`, dispatches `visibilitychange`, and holds
// back every animation-frame callback while "hidden" (released on show), as a browser does.
import { ready, BreathFlow, Pacer, expose, makeCanvas, sleep, stats, yieldTask } from "./common.js";

const frames = () => window.__frames;

/** The phase boundaries a pacer schedules in [0, toMs]: [{ atMs, phaseIndex, breath }]. */
function expectedPhases(pattern, toMs) {
  const p = new Pacer(pattern);
  const list = p
    .schedule(0, toMs + 1)
    .filter((b) => b.kind === "phase")
    .map((b) => ({ atMs: b.atMs, phaseIndex: b.phaseIndex, breath: b.breath }));
  p.free();
  return list;
}

/** Compare delivered phase events with the schedule: lost, doubled and out-of-order boundaries. */
function compare(got, want) {
  const key = (e) => `${e.atMs}/${e.phaseIndex}/${e.breath}`;
  const counts = new Map();
  for (const e of got) counts.set(key(e), (counts.get(key(e)) ?? 0) + 1);
  const wantKeys = new Set(want.map(key));
  const lost = want.filter((e) => !counts.has(key(e))).map(key);
  const doubled = [...counts].filter(([, n]) => n > 1).map(([k]) => k);
  const unexpected = got.filter((e) => !wantKeys.has(key(e))).map(key);
  let outOfOrder = 0;
  for (let i = 1; i < got.length; i++) if (got[i].atMs < got[i - 1].atMs) outOfOrder++;
  return { expected: want.length, delivered: got.length, lost, doubled, unexpected, outOfOrder };
}

/** Wait until session time (the widget's last frame) reaches `ms`. */
async function untilSession(w, ms) {
  while (w.state().elapsedMs < ms) await sleep(20);
}

/**
 * Run a frame-clock session of `pattern` for `wallMs`. Every phase event: lateness =
 * performance.now() in the listener − (session start + atMs), and, when a frame callback fired
 * it, that split into parts (see `timing`).
 */
async function session({ pattern, wallMs }) {
  const canvas = makeCanvas("timing");
  const w = new BreathFlow(canvas, { pattern, clock: "frame" });
  const events = [];
  w.on("phase", (d) => events.push({ now: performance.now(), ts: frames().ts, at: frames().at, inFrame: frames().inFrame, atMs: d.atMs, phaseIndex: d.phaseIndex, breath: d.breath }));
  const cb0 = frames().callbacks;
  const t0 = performance.now(); // start() anchors session 0 at its own performance.now(), a few µs later
  w.start();
  await sleep(wallMs);
  w.pause();
  const wall = performance.now() - t0;
  const reached = w.state().elapsedMs;
  const fps = (frames().callbacks - cb0) / (wall / 1000);
  w.destroy();
  w.free();
  canvas.remove();
  const list = events.map((e) => ({
    atMs: e.atMs,
    phaseIndex: e.phaseIndex,
    breath: e.breath,
    lateMs: e.now - (t0 + e.atMs),
    // Fired in a frame callback, by start() itself (the event at 0) or by a timer.
    by: e.inFrame ? "frame" : e.atMs === 0 ? "start" : "timer",
    quantumMs: e.inFrame ? e.ts - (t0 + e.atMs) : null,
    browserMs: e.inFrame ? e.at - e.ts : null,
    widgetMs: e.inFrame ? e.now - e.at : null,
  }));
  return { t0, wallMs: wall, sessionMs: reached, fps, events: list, check: compare(events, expectedPhases(pattern, reached)) };
}

/**
 * Timing accuracy: a real-time `wallMs` session of `pattern` on the frame clock. For an event fired
 * in a frame callback, lateness is split into the frame quantum (a boundary is noticed by the first
 * frame at or after it: 0 to 16.7 ms at 60 Hz, by chance), the browser's delay (frame timestamp →
 * the widget's frame callback) and ours (callback → listener: advance, draw, event detail,
 * dispatch). Events can also come from start() itself (the one at 0) or from a timer.
 */
async function timing({ pattern = "4-7-8", wallMs = 60_000 } = {}) {
  await ready;
  const r = await session({ pattern, wallMs });
  const byFrame = r.events.filter((e) => e.by === "frame");
  return {
    pattern,
    ...r,
    firedBy: Object.fromEntries(["frame", "timer", "start"].map((k) => [k, r.events.filter((e) => e.by === k).length])),
    lateness: stats(r.events.map((e) => e.lateMs)),
    quantum: stats(byFrame.map((e) => e.quantumMs)),
    browser: stats(byFrame.map((e) => e.browserMs)),
    widget: stats(byFrame.map((e) => e.widgetMs)),
  };
}

/**
 * Hide the page for `hiddenMs` at session time `hideAtMs`, show it, carry on until `wallMs`.
 * Checks the gap policy and that no phase boundary is lost or doubled:
 * - "pause": nothing is delivered while hidden, and session time resumes where it stopped
 *   (events after the gap are on the schedule shifted by the hidden span);
 * - "catch-up": the boundaries crossed while hidden are delivered on the first frame after show,
 *   and later events are on the original schedule.
 */
async function hidden({ policy = "pause", pattern = "4-7-8", hideAtMs = 9_500, hiddenMs = 5_000, wallMs = 25_000 } = {}) {
  await ready;
  const canvas = makeCanvas(`hidden-${policy}`);
  const w = new BreathFlow(canvas, { pattern, clock: "frame", gapPolicy: policy });
  const events = [];
  w.on("phase", (d) =>
    events.push({ now: performance.now(), atMs: d.atMs, phaseIndex: d.phaseIndex, breath: d.breath, frame: frames().callbacks }),
  );
  const t0 = performance.now();
  w.start();
  await untilSession(w, hideAtMs);
  const hideWall = performance.now();
  const sessionAtHide = w.state().elapsedMs;
  const req0 = frames().requests;
  const cb0 = frames().callbacks;
  window.__setHidden(true);
  await sleep(hiddenMs);
  const requestsWhileHidden = frames().requests - req0;
  const callbacksWhileHidden = frames().callbacks - cb0;
  const showWall = performance.now();
  const firstFrame = frames().callbacks + 1; // the counter is bumped before each callback runs
  window.__setHidden(false);
  const gap = showWall - hideWall;
  await sleep(100);
  const sessionAfterShow = w.state().elapsedMs;
  const rest = t0 + wallMs - performance.now();
  if (rest > 0) await sleep(rest);
  const endWall = performance.now();
  w.pause(); // pausing sets the session time to that of this instant: compare it with the wall clock
  const reached = w.state().elapsedMs;
  w.destroy();
  w.free();
  canvas.remove();

  const shift = policy === "pause" ? gap : 0;
  const hideSession = hideWall - t0; // session time at hide, by the wall clock
  const before = events.filter((e) => e.now < hideWall);
  const during = events.filter((e) => e.now >= hideWall && e.now < showWall);
  const after = events.filter((e) => e.now >= showWall);
  // Caught up (catch-up only): boundaries whose time fell inside the hidden span.
  const caught = policy === "catch-up" ? after.filter((e) => e.atMs <= showWall - t0) : [];
  const onTime = after.filter((e) => !caught.includes(e));
  const late = [...before.map((e) => e.now - (t0 + e.atMs)), ...onTime.map((e) => e.now - (t0 + shift + e.atMs))];
  const expectedEnd = endWall - t0 - shift; // session ms at the pause if the policy holds
  let policyHolds;
  let policyNote;
  if (policy === "pause") {
    policyHolds = during.length === 0 && Math.abs(reached - expectedEnd) < 20;
    policyNote = `nothing delivered while hidden (${during.length}); session time at the end ${reached.toFixed(1)} ms, wall − hidden span ${expectedEnd.toFixed(1)} ms`;
  } else {
    const crossed = expectedPhases(pattern, showWall - t0).filter((e) => e.atMs > hideSession);
    policyHolds =
      during.length === 0 &&
      caught.length === crossed.length &&
      caught.every((e) => e.frame === firstFrame) &&
      Math.abs(reached - expectedEnd) < 20;
    policyNote = `${caught.length} boundaries crossed while hidden, delivered on the first frame after show (expected ${crossed.length}); session time at the end ${reached.toFixed(1)} ms, wall ${expectedEnd.toFixed(1)} ms`;
  }
  return {
    policy,
    hiddenMs: gap,
    sessionAtHide,
    sessionAfterShow,
    requestsWhileHidden,
    callbacksWhileHidden,
    deliveredWhileHidden: during.length,
    caughtUp: caught.map((e) => ({ atMs: e.atMs, phaseIndex: e.phaseIndex, afterShowMs: e.now - showWall })),
    caughtDelay: stats(caught.map((e) => e.now - showWall)),
    lateness: stats(late),
    policyHolds,
    policyNote,
    check: compare(events, expectedPhases(pattern, reached)),
  };
}

/**
 * Animation-frame callbacks per second while paused, done, off-screen and hidden (each for
 * `spanMs`, after a short settle), and while running: breathing (expected ≈ 60) and through a
 * hold (a still picture: a few around each change of the seconds shown). The widget runs a
 * frame-clock session between the states.
 */
async function idle({ spanMs = 1500 } = {}) {
  await ready;
  const canvas = makeCanvas("idle");
  const out = {};
  const measure = async (name, extra = {}) => {
    await sleep(50); // a frame already in flight may land
    const c0 = frames().callbacks;
    const r0 = frames().requests;
    const t0 = performance.now();
    await sleep(extra.spanMs ?? spanMs);
    const s = (performance.now() - t0) / 1000;
    out[name] = { callbacksPerS: (frames().callbacks - c0) / s, requests: frames().requests - r0, seconds: s, ...extra };
  };
  // Running, as a reference (expected ≈ 60).
  let w = new BreathFlow(canvas, { pattern: "4-7-8", clock: "frame" });
  w.start();
  await measure("running");
  // Running through a still picture: 4-7-8's 7-s hold (4–11 s), 6 s of it. The widget naps
  // between the changes of the seconds shown instead of taking frames.
  w.stop();
  w.start();
  while (w.state().elapsedMs < 4_300) await sleep(20);
  await measure("runningStill", { spanMs: 6_000 });
  w.pause();
  await measure("paused", { status: w.state().status });
  // Done: a 2-s pattern of one breath, run to its end.
  w.destroy();
  w.free();
  w = new BreathFlow(canvas, { pattern: { phases: [{ phase: "inhale", seconds: 1 }, { phase: "exhale", seconds: 1 }] }, breaths: 1, clock: "frame" });
  w.start();
  while (w.state().status !== "done") await sleep(50);
  await measure("done", { status: w.state().status });
  w.destroy();
  w.free();
  // Off-screen: running, with the canvas moved out of the viewport (IntersectionObserver).
  w = new BreathFlow(canvas, { pattern: "4-7-8", clock: "frame" });
  w.start();
  await sleep(300);
  canvas.classList.add("away");
  await sleep(200); // the observer reports on the next rendering update
  await measure("offScreen", { status: w.state().status });
  canvas.classList.remove("away");
  await sleep(300);
  // Hidden: running, page hidden (simulated).
  window.__setHidden(true);
  await measure("hidden", { status: w.state().status });
  window.__setHidden(false);
  await sleep(200);
  out.afterShow = { status: w.state().status, elapsedMs: w.state().elapsedMs };
  w.destroy();
  w.free();
  canvas.remove();
  return out;
}

/** Wasm memory and JS heap after a forced GC (a few rounds, letting finalizers run). */
async function snapshot() {
  const exports = await ready;
  for (let i = 0; i < 3; i++) {
    gc();
    await yieldTask();
  }
  return { wasm: exports.memory.buffer.byteLength, heap: performance.memory.usedJSHeapSize };
}

/**
 * Memory: 200 create/start/destroy cycles (after 20 of warm-up), then a manual-clock 60-minute
 * session ticked at 60 Hz session steps (216,000 ticks; warm-up: its first minute).
 */
async function memory({ cycles = 200, warmCycles = 400, hourTicks = 216_000 } = {}) {
  await ready;
  const canvas = makeCanvas("memory");
  const cycle = () => {
    // What a host does: create, subscribe, start, draw a few frames, tear down (as www/js/player.js).
    const w = new BreathFlow(canvas, { flow: "mobilize-ribs", clock: "frame" });
    const off = w.on("phase", () => {});
    w.start();
    w.pause();
    off();
    w.destroy();
    w.free();
  };
  for (let i = 0; i < warmCycles; i++) cycle();
  const before = await snapshot();
  for (let i = 0; i < cycles; i++) {
    cycle();
    if (i % 20 === 19) await yieldTask();
  }
  const after = await snapshot();

  // The hour: 4-7-8 for 3600 s on a manual clock.
  const w = new BreathFlow(canvas, { pattern: "4-7-8", seconds: 3600, clock: "manual" });
  let phases = 0;
  w.on("phase", () => phases++);
  const step = 1000 / 60;
  const warmTicks = 3600; // the first minute
  let k = 0;
  const t0 = performance.now();
  for (; k < warmTicks; k++) {
    w.tick(k * step);
    if (k % 2000 === 1999) await yieldTask();
  }
  const hourBefore = await snapshot();
  const t1 = performance.now();
  for (; k <= hourTicks; k++) {
    w.tick(k * step);
    if (k % 2000 === 1999) await yieldTask();
  }
  const t2 = performance.now();
  const status = w.state().status;
  const hourAfter = await snapshot();
  w.destroy();
  w.free();
  canvas.remove();
  const lastMs = hourTicks * step;
  const p = new Pacer("4-7-8", { seconds: 3600 });
  const expectedPhasesCount = p.schedule(0, Math.min(lastMs, p.durationMs) + 1).filter((b) => b.kind === "phase").length;
  const durationMs = p.durationMs;
  p.free();
  return {
    cycles: { count: cycles, warmCycles, before, after, wasmGrowth: after.wasm - before.wasm, heapGrowth: after.heap - before.heap },
    hour: {
      ticks: hourTicks + 1,
      sessionMs: hourTicks * step,
      msPerTick: (t2 - t0) / (hourTicks + 1),
      totalMs: t2 - t0,
      warmTicks,
      before: hourBefore,
      after: hourAfter,
      wasmGrowth: hourAfter.wasm - hourBefore.wasm,
      heapGrowth: hourAfter.heap - hourBefore.heap,
      phases,
      expectedPhases: expectedPhasesCount,
      status,
      expectedStatus: lastMs >= durationMs ? "done" : "running",
      timedMs: t2 - t1,
    },
  };
}

/**
 * Frames drawn against frames ticked when every built-in flow (and, for patterns with holds, ten
 * breaths of 4-7-8 and box) runs at 60 Hz on a manual clock: the widget does not draw a frame
 * that would look like the one on its canvas. Counts the frames' fillRect calls (one per drawn
 * frame: its background, whole or partial). Returns [{ name, ticks, drawn }].
 */
async function repeats() {
  await ready;
  const canvas = makeCanvas("repeats");
  const proto = CanvasRenderingContext2D.prototype;
  const fillRect = proto.fillRect;
  let drawn = 0;
  proto.fillRect = function (...a) {
    if (this.canvas === canvas) drawn++;
    return fillRect.apply(this, a);
  };
  const out = [];
  try {
    const flows = ["mobilize-ribs", "back-strengthening", "pressure-point-release", "spasm-relief", "daily-prevention"];
    const runs = [...flows.map((f) => [f, { flow: f }]), ...["4-7-8", "box"].map((p) => [`${p} ×10`, { pattern: p, breaths: 10 }])];
    for (const [name, opts] of runs) {
      const w = new BreathFlow(canvas, { ...opts, clock: "manual" });
      const total = w.state().totalMs;
      drawn = 0;
      let ticks = 0;
      for (let t = 0; t <= total; t += 1000 / 60) {
        w.tick(t);
        if (++ticks % 2000 === 0) await yieldTask();
      }
      out.push({ name, ticks, drawn });
      w.destroy();
      w.free();
    }
  } finally {
    proto.fillRect = fillRect;
    canvas.remove();
  }
  return out;
}

expose({ timing, hidden, idle, memory, snapshot, repeats });
