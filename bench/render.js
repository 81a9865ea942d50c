// Render cost: the same frames drawn by the engine (Rust → wasm-bindgen → Canvas 2D) and by the
// JavaScript baseline (bench/baseline.js replaying the engine's display list), pair by pair.
//
// The frames are those of the "mobilize-ribs" flow's breathing step (rib cage, hands, glow, ring,
// title, wrapped cue, phase label, seconds and breath count) at 60 Hz session steps on a manual
// clock. The display lists are exported from the engine once, before timing; then for every frame i
// the Rust path runs `widget.tick(t_i)` (session sample + frame geometry + replay) and the JS path
// replays list i on a second canvas of the same size and devicePixelRatio. The order alternates
// (Rust first on even frames, JS first on odd ones), so drift and cache effects fall on both.
//
// The widget repaints only what changed (its default; `repaint: "whole"` for the like-for-like
// runs); the baseline replays each frame's whole list.
//
// raster: true  → a 1-pixel getImageData after each frame forces Chromium to rasterise it (what a
//                 reader's CPU pays); raster: false → our side alone (engine + canvas calls; the
//                 queued drawing is dropped by the next frame's full-canvas clear).
//
// Diagnostics beside the headline figures: with raster, each frame's time is also split into the
// drawing (tick / replay) and the getImageData that rasterises it; without raster, the frames are
// also timed in batches of BATCH (one performance.now() pair per batch, so the timer's 5 µs
// resolution no longer hides a few µs per frame).
import { ready, BreathFlow, expose, stats, yieldTask } from "./common.js";
import { createBaseline } from "./baseline.js";

const FLOW = "mobilize-ribs";
const STEP_MS = 1000 / 60;
const CHUNK = 40; // frames per task: yield between chunks so the page stays responsive
const BATCH = 50; // frames per timed batch (diagnostic of (b))

/** Session ms at which the flow's first breathing step begins (from its `step` event). */
function breathingStart() {
  const probe = document.createElement("canvas");
  probe.width = probe.height = 64;
  const w = new BreathFlow(probe, { flow: FLOW, clock: "manual" });
  let at = null;
  w.on("step", (d) => {
    if (at === null && d.kind === "breathe") at = d.atMs;
  });
  for (let t = 0; at === null && t < 3_600_000; t += 1000) w.tick(t);
  w.destroy();
  w.free();
  if (at === null) throw new Error(`${FLOW}: no breathing step`);
  return at;
}

let lists = null;
let times = null;
// Frames whose list equals the previous frame's (then `lists[i] === lists[i - 1]`, and the
// baseline skips them by reference; the widget's painter skips them too, by comparing the encoded
// calls, except the frame right after a text change, which it draws once more).
let repeats = null;

/** Export the display lists of at least `frames` frames once (cached for the page). */
function exportLists(frames) {
  if (lists && lists.length >= frames) return;
  const start = breathingStart();
  times = Array.from({ length: frames }, (_, i) => start + i * STEP_MS);
  const canvas = document.getElementById("rust");
  const w = new BreathFlow(canvas, { flow: FLOW, clock: "manual" });
  let last = "";
  repeats = new Uint8Array(frames);
  lists = [];
  for (const [i, t] of times.entries()) {
    w.tick(t);
    const cmds = w.drawCommands().cmds;
    const text = JSON.stringify(cmds);
    repeats[i] = i > 0 && text === last ? 1 : 0;
    lists.push(repeats[i] ? lists[i - 1] : cmds);
    last = text;
  }
  w.destroy();
  w.free();
}

/** Size the baseline canvas's backing store as the widget does (CSS size × DPR, rounded). */
function fitBaseline(canvas, dpr) {
  const r = canvas.getBoundingClientRect();
  canvas.width = Math.max(1, Math.round(r.width * dpr));
  canvas.height = Math.max(1, Math.round(r.height * dpr));
}

/** The widget's canvas, the baseline's (sized as the widget sizes its own) and the baseline. */
function canvases(elide) {
  const dpr = devicePixelRatio;
  const rc = document.getElementById("rust");
  const jc = document.getElementById("js");
  fitBaseline(jc, dpr);
  const base = createBaseline(jc, dpr, elide === undefined ? {} : { elide });
  return { dpr, rc, jc, rctx: rc.getContext("2d"), jctx: jc.getContext("2d"), base };
}

/**
 * Time `frames` pairs. Returns { rust: stats, js: stats, ratio, pairRatio, … } in ms per frame.
 */
async function renderPairs({ frames = 2000, raster = true, warmup = 200, aa = false, elide, repaint = "changed" } = {}) {
  await ready;
  exportLists(frames);
  const { dpr, rc, jc, rctx, jctx, base } = canvases(elide);

  // Warm-up of both paths (JIT, glyph caches, allocator) on a throwaway widget.
  {
    const w = new BreathFlow(rc, { flow: FLOW, clock: "manual", repaint });
    for (let i = 0; i < Math.min(warmup, frames); i++) {
      w.tick(times[i]);
      base.replay(lists[i]);
      if (raster) {
        rctx.getImageData(0, 0, 1, 1);
        jctx.getImageData(0, 0, 1, 1);
      }
    }
    w.destroy();
    w.free();
  }
  if (rc.width !== jc.width || rc.height !== jc.height)
    throw new Error(`backing stores differ: rust ${rc.width}×${rc.height}, js ${jc.width}×${jc.height}`);

  const w = new BreathFlow(rc, { flow: FLOW, clock: "manual", repaint });
  w.tick(times[0] - STEP_MS); // arrive at the step (its events fire here, not in the timed frames)
  // A/A calibration: the baseline on both canvases (the "Rust" column is then JS on the widget's canvas).
  const other = aa ? createBaseline(rc, dpr, elide === undefined ? {} : { elide }) : null;
  const rt = new Float64Array(frames);
  const jt = new Float64Array(frames);
  // Drawing part of each frame (before getImageData), when raster.
  const rd = new Float64Array(frames);
  const jd = new Float64Array(frames);
  let cmds = 0;
  const now = performance.now.bind(performance);
  for (let i = 0; i < frames; i++) {
    const list = lists[i];
    cmds += list.length;
    for (let k = 0; k < 2; k++) {
      if ((k === 0) === (i % 2 === 0)) {
        const t0 = now();
        if (other) other.replay(list);
        else w.tick(times[i]);
        if (raster) {
          rd[i] = now() - t0;
          rctx.getImageData(0, 0, 1, 1);
        }
        rt[i] = now() - t0;
      } else {
        const t0 = now();
        base.replay(list);
        if (raster) {
          jd[i] = now() - t0;
          jctx.getImageData(0, 0, 1, 1);
        }
        jt[i] = now() - t0;
      }
    }
    if (i % CHUNK === CHUNK - 1) await yieldTask();
  }
  w.destroy();
  w.free();

  // (b) in batches: BATCH frames of one path between two clock reads, the paths alternating.
  let batch = null;
  if (!raster && !aa) {
    const wb = new BreathFlow(rc, { flow: FLOW, clock: "manual", repaint });
    wb.tick(times[0] - STEP_MS);
    const rb = [];
    const jb = [];
    for (let b = 0, k = 0; b + BATCH <= frames; b += BATCH, k++) {
      for (let side = 0; side < 2; side++) {
        const t0 = now();
        if ((side === 0) === (k % 2 === 0)) {
          for (let i = b; i < b + BATCH; i++) wb.tick(times[i]);
          rb.push((now() - t0) / BATCH);
        } else {
          for (let i = b; i < b + BATCH; i++) base.replay(lists[i]);
          jb.push((now() - t0) / BATCH);
        }
      }
      await yieldTask();
    }
    wb.destroy();
    wb.free();
    batch = { size: BATCH, rust: stats(rb), js: stats(jb), ratio: stats(rb).median / stats(jb).median };
  }

  const pair = Float64Array.from(rt, (r, i) => r / Math.max(jt[i], 1e-3)).sort();
  // 95 % confidence interval of the median pair ratio (order statistics, normal approximation).
  const half = (1.96 * Math.sqrt(frames)) / 2;
  const ci = [pair[Math.max(0, Math.floor(frames / 2 - half))], pair[Math.min(frames - 1, Math.ceil(frames / 2 + half))]];
  const rust = stats(rt);
  const js = stats(jt);
  return {
    frames,
    raster,
    aa,
    repaint,
    dpr,
    backing: [rc.width, rc.height],
    cmdsPerFrame: cmds / frames,
    // Timed frames that repeat the previous picture (the baseline does not draw them; see `repeats`).
    repeats: repeats.subarray(0, frames).reduce((a, b) => a + b, 0),
    rust,
    js,
    ratio: rust.median / js.median,
    pairRatio: stats(pair).median,
    pairRatioCi95: ci,
    split: raster ? { rustDraw: stats(rd), jsDraw: stats(jd), rustRead: stats(rt.map((t, i) => t - rd[i])), jsRead: stats(jt.map((t, i) => t - jd[i])) } : null,
    batch,
  };
}

/**
 * Diagnostic: the drawing of a frame right after the other canvas was rasterised ("cold": the
 * rasteriser has just run through the CPU's caches) and of the next frame at once ("warm"), for
 * each path. Rounds that would involve a repeated picture (which a path may skip drawing) are
 * left out. Returns medians in ms.
 */
async function coldWarm({ frames = 600 } = {}) {
  await ready;
  exportLists(2 * frames + 2);
  const { rc, rctx, jctx, base } = canvases();
  const w = new BreathFlow(rc, { flow: FLOW, clock: "manual" });
  w.tick(times[0] - STEP_MS);
  const now = performance.now.bind(performance);
  const t = { rustCold: [], rustWarm: [], jsCold: [], jsWarm: [] };
  for (let pass = 0; pass < 2; pass++) {
    for (let k = 0; k < frames; k++) {
      const rust = k % 2 === 1;
      const i = 2 * k; // frames i and i + 1 here; the next round starts at i + 2
      const fresh = !repeats[i] && !repeats[i + 1];
      // Rasterise a frame of the other path first.
      if (rust) {
        base.replay(lists[i]);
        jctx.getImageData(0, 0, 1, 1);
      } else {
        w.tick(times[i]);
        rctx.getImageData(0, 0, 1, 1);
      }
      const t0 = now();
      if (rust) w.tick(times[i]);
      else base.replay(lists[i]);
      const t1 = now();
      if (rust) w.tick(times[i + 1]);
      else base.replay(lists[i + 1]);
      const t2 = now();
      (rust ? rctx : jctx).getImageData(0, 0, 1, 1);
      if (pass === 1 && fresh) {
        t[rust ? "rustCold" : "jsCold"].push(t1 - t0);
        t[rust ? "rustWarm" : "jsWarm"].push(t2 - t1);
      }
      if (k % CHUNK === CHUNK - 1) await yieldTask();
    }
  }
  w.destroy();
  w.free();
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, stats(v).median]));
}

/** The timer's resolution as seen by the page (smallest non-zero step of performance.now()). */
function timerResolution() {
  let best = Infinity;
  for (let k = 0; k < 50; k++) {
    const a = performance.now();
    let b = a;
    while (b === a) b = performance.now();
    best = Math.min(best, b - a);
  }
  return { ms: best, crossOriginIsolated: self.crossOriginIsolated };
}

/** Whether the two canvases hold the same picture (checks the baseline really draws the same). */
async function samePicture() {
  await ready;
  exportLists(lists?.length ?? 2000);
  const rc = document.getElementById("rust");
  const jc = document.getElementById("js");
  const dpr = devicePixelRatio;
  fitBaseline(jc, dpr);
  const w = new BreathFlow(rc, { flow: FLOW, clock: "manual" });
  const i = Math.floor(lists.length / 3);
  w.tick(times[i]);
  createBaseline(jc, dpr).replay(lists[i]);
  const a = rc.getContext("2d").getImageData(0, 0, rc.width, rc.height).data;
  const b = jc.getContext("2d").getImageData(0, 0, jc.width, jc.height).data;
  w.destroy();
  w.free();
  let differ = 0;
  let maxDiff = 0;
  for (let k = 0; k < a.length; k++) {
    const d = Math.abs(a[k] - b[k]);
    if (d > 0) differ++;
    if (d > maxDiff) maxDiff = d;
  }
  return { channels: a.length, differ, maxDiff };
}

/**
 * For profiles (bench/run.mjs --profile): one path alone, `frames` frames in one synchronous loop.
 * Returns ms per frame.
 */
async function loop({ path = "rust", raster = true, frames = 1000, run = frames } = {}) {
  await ready;
  if (!lists || lists.length < frames) exportLists(frames);
  const dpr = devicePixelRatio;
  const canvas = document.getElementById(path === "rust" ? "rust" : "js");
  if (path !== "rust") fitBaseline(canvas, dpr);
  const ctx = canvas.getContext("2d");
  const w = path === "rust" ? new BreathFlow(canvas, { flow: FLOW, clock: "manual" }) : null;
  const base = path === "rust" ? null : createBaseline(canvas, dpr);
  w?.tick(times[0] - STEP_MS);
  const t0 = performance.now();
  for (let i = 0; i < run; i++) {
    if (w) w.tick(times[i]);
    else base.replay(lists[i]);
    if (raster) ctx.getImageData(0, 0, 1, 1);
  }
  const t = (performance.now() - t0) / run;
  w?.destroy();
  w?.free();
  return t;
}

expose({ renderPairs, timerResolution, samePicture, loop, coldWarm });
