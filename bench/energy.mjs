// Energy (issue 18): how much CPU a reader's machine spends per minute on a page with one widget,
// above the same browser showing an empty page, against a CSS-keyframes animation of the same
// size. Part of `make bench` (bench/run.mjs, section "energy"); runs alone too, printing its
// markdown:
//
//   node bench/energy.mjs [--quick] [--window=SECONDS] [--reps=N] [--floor] [--dpr=1|2]
//
// Method. Chromium headless (CPU raster, --disable-gpu), one page open at a time, each in a fresh
// context with a 640×640 CSS-px viewport at DPR 1 or 2 (deviceScaleFactor). The pages:
//   - bench/energy-empty.html: nothing (the baseline subtracted from every other page);
//   - bench/energy-widget.html?pattern=4-4, ?pattern=4-7-8, ?flow=mobilize-ribs (countdown 0):
//     `new BreathFlow(canvas, …).start()` on a 480×480 CSS-px canvas (www/pkg/);
//   - bench/css-breath.html: a 480×480 box with a circle scaled 0.6 → 1 → 0.6 over 8 s by
//     @keyframes (transform only: the compositor animates it, no main-thread work).
//   - with --floor (not in `make bench`), at DPR 2 only, bench/energy-floor.html: what the browser
//     itself costs per canvas frame, at the widget's 4-4 frame rate and damage rectangle with the
//     cheapest raster there is (one fillRect), drawn on the page's main thread and (?worker=1)
//     from a worker's OffscreenCanvas. It says how much of the widget's cost is left to its own
//     drawing: docs/performance.md, "Energy: the browser's floor".
// For each page: open it, wait WARMUP_MS, then read the CPU time (utime + stime of
// /proc/<pid>/stat, in clock ticks) of every process of the browser's process tree (the launched
// browser's pid and all its descendants, found by walking /proc/*/stat ppids from this node
// process, which launched it (not counting node itself): browser, zygotes,
// renderers, GPU/viz, utility/network processes), wait the window, and read it again. A process
// present at both reads counts its difference; one that appeared in the window counts all its time
// (it started in it); one that ended in the window loses its time in it (counted and reported; the
// previous page's context is closed before the warm-up so that should not happen). CPU s per
// minute = ticks / CLK_TCK × 60 / window (wall time between the two reads). Every page is
// measured `reps` times per DPR in alternating order (forward, backward, forward…, the DPRs too), and each
// repetition's figure for a page is taken minus the same repetition's empty page at the same DPR:
// the table gives the median and the range of those differences.
// Frames drawn: an init script wraps CanvasRenderingContext2D.prototype.clearRect and fillRect
// (the widget's replay starts every drawn frame with a fillRect of its background, a whole one
// with a clearRect too) and counts
// synchronous bursts of such calls (a burst ends at the next microtask checkpoint), i.e. frames in
// which the canvas was drawn; read before and after the window. The CSS page draws no canvas: its
// frames are the compositor's and are not counted here.
import { chromium } from "playwright-core";
import { readdirSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "../tools/serve.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const WARMUP_MS = 5_000;
/** The budget: the widget at 4-4, DPR 2, costs at most this many times the CSS page. */
export const ENERGY_BUDGET = { case: "4-4", dpr: 2, ratio: 1.0 };

export const CASES = [
  { id: "empty", label: "empty page (baseline)", path: "bench/energy-empty.html" },
  { id: "4-4", label: "widget, pattern 4-4", path: "bench/energy-widget.html?pattern=4-4", widget: true },
  { id: "4-7-8", label: "widget, pattern 4-7-8", path: "bench/energy-widget.html?pattern=4-7-8", widget: true },
  { id: "mobilize-ribs", label: "widget, flow mobilize-ribs (no countdown)", path: "bench/energy-widget.html?flow=mobilize-ribs", widget: true },
  { id: "css", label: "CSS @keyframes page", path: "bench/css-breath.html" },
];

/** --floor: the browser's own cost of the widget's frames (see the header), measured at DPR 2. */
export const FLOOR_CASES = [
  { id: "floor", label: "canvas frame floor: a 317×285 CSS-px fillRect, 12 frames/s, main thread", path: "bench/energy-floor.html?w=317&h=285&hz=12", widget: true, dprs: [2] },
  { id: "floor-worker", label: "the same from a worker (OffscreenCanvas)", path: "bench/energy-floor.html?w=317&h=285&hz=12&worker=1", widget: true, dprs: [2] },
];

const CLK_TCK = (() => {
  const r = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  const n = Number(r.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
})();

/** Runs in every page before its scripts: count frames in which the canvas was drawn. */
function drawCounter() {
  const P = CanvasRenderingContext2D.prototype;
  const c = { frames: 0, calls: 0 };
  let inBurst = false;
  const wrap = (name) => {
    const orig = P[name];
    P[name] = function (...a) {
      c.calls++;
      if (!inBurst) {
        inBurst = true;
        c.frames++;
        queueMicrotask(() => (inBurst = false));
      }
      return orig.apply(this, a);
    };
  };
  wrap("clearRect");
  wrap("fillRect");
  window.__draws = c;
}

/** { pid: { ppid, ticks } } for every process on the machine. */
function processes() {
  const out = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue; // ended meanwhile
    }
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // rest[0] = state (field 3), rest[1] = ppid (4), rest[11] = utime (14), rest[12] = stime (15)
    out.set(+name, { ppid: +rest[1], ticks: +rest[11] + +rest[12] });
  }
  return out;
}

/**
 * CPU ticks of the browser's processes: every descendant of this node process (playwright spawns
 * the browser as our child; Browser has no process() for launch()), not node itself: Map pid → ticks.
 */
function treeTicks(root = process.pid) {
  const all = processes();
  const children = new Map();
  for (const [pid, p] of all) {
    if (!children.has(p.ppid)) children.set(p.ppid, []);
    children.get(p.ppid).push(pid);
  }
  const out = new Map();
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop();
    const p = all.get(pid);
    if (!p) continue;
    if (pid !== root) out.set(pid, p.ticks);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

function treeDelta(a, b) {
  let ticks = 0;
  let appeared = 0;
  let ended = 0;
  for (const [pid, t] of b) {
    if (a.has(pid)) ticks += t - a.get(pid);
    else {
      ticks += t;
      appeared++;
    }
  }
  for (const pid of a.keys()) if (!b.has(pid)) ended++;
  return { ticks, appeared, ended, processes: b.size };
}

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
};

async function measure(browser, rootPid, base, c, dpr, windowMs) {
  const context = await browser.newContext({ deviceScaleFactor: dpr, viewport: { width: 640, height: 640 } });
  try {
    await context.addInitScript(drawCounter);
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(new URL(c.path, base).href, { waitUntil: "load" });
    if (c.widget) {
      await page.waitForFunction(() => window.__widget, null, { timeout: 20_000 });
      const w = await page.evaluate(() => ({ ok: window.__widget.ok, error: window.__widget.error }));
      if (!w.ok) throw new Error(`${c.id}: the widget did not start: ${w.error}`);
    }
    await page.waitForTimeout(WARMUP_MS);
    const d0 = await page.evaluate(() => ({ ...window.__draws }));
    const a = treeTicks(rootPid);
    const t0 = process.hrtime.bigint();
    await new Promise((ok) => setTimeout(ok, windowMs));
    const b = treeTicks(rootPid);
    const t1 = process.hrtime.bigint();
    const d1 = await page.evaluate(() => ({ ...window.__draws }));
    const seconds = Number(t1 - t0) / 1e9;
    const delta = treeDelta(a, b);
    if (errors.length) throw new Error(`${c.id}: page errors: ${errors.join("; ")}`);
    return {
      case: c.id,
      dpr,
      seconds,
      ticks: delta.ticks,
      cpuSPerMin: ((delta.ticks / CLK_TCK) * 60) / seconds,
      framesPerS: (d1.frames - d0.frames) / seconds,
      callsPerS: (d1.calls - d0.calls) / seconds,
      processes: delta.processes,
      appeared: delta.appeared,
      ended: delta.ended,
    };
  } finally {
    await context.close();
  }
}

/**
 * Measure; resolves to the report's "energy" part. `browser` must come from chromium.launch() in
 * this node process (whose descendants are measured: run nothing else meanwhile).
 */
export async function energy(browser, { windowMs = 60_000, reps = 3, floor = false, dprs = [1, 2], log = (...a) => console.error("[energy]", ...a) } = {}) {
  const cases = floor ? [...CASES.slice(0, -1), ...FLOOR_CASES, CASES.at(-1)] : CASES;
  const rootPid = process.pid;
  const tree = treeTicks(rootPid);
  if (!tree.size) throw new Error("energy: no browser process under this node process (launch the browser with chromium.launch, not connect)");
  const { server, url } = await startServer(ROOT, 0);
  const runs = [];
  const load = { start: loadavg().map((x) => +x.toFixed(2)) };
  const started = new Date().toISOString();
  try {
    for (let rep = 0; rep < reps; rep++) {
      // Alternating order: forward (DPR 1 then 2) in even repetitions, backward in odd ones.
      for (const dpr of rep % 2 === 0 ? dprs : [...dprs].reverse()) {
        const order = (rep % 2 === 0 ? cases : [...cases].reverse()).filter((c) => !c.dprs || c.dprs.includes(dpr));
        for (const c of order) {
          log(`rep ${rep + 1}/${reps}, DPR ${dpr}, ${c.id}: ${WARMUP_MS / 1000} s warm-up + ${windowMs / 1000} s`);
          const r = await measure(browser, rootPid, url, c, dpr, windowMs);
          runs.push({ ...r, rep });
          log(`  ${r.cpuSPerMin.toFixed(2)} CPU s/min, ${r.framesPerS.toFixed(1)} frames drawn/s, ${r.processes} processes${r.appeared || r.ended ? ` (${r.appeared} appeared, ${r.ended} ended in the window)` : ""}`);
        }
      }
    }
  } finally {
    server.closeAllConnections?.();
    await new Promise((ok) => server.close(ok));
  }
  load.end = loadavg().map((x) => +x.toFixed(2));
  const rows = [];
  for (const dpr of dprs) {
    for (const c of cases.filter((c) => !c.dprs || c.dprs.includes(dpr))) {
      const mine = runs.filter((r) => r.case === c.id && r.dpr === dpr);
      const above = mine.map((r) => r.cpuSPerMin - runs.find((e) => e.case === "empty" && e.dpr === dpr && e.rep === r.rep).cpuSPerMin);
      rows.push({
        case: c.id,
        label: c.label,
        dpr,
        total: mine.map((r) => r.cpuSPerMin),
        above,
        median: median(above),
        min: Math.min(...above),
        max: Math.max(...above),
        totalMedian: median(mine.map((r) => r.cpuSPerMin)),
        framesPerS: median(mine.map((r) => r.framesPerS)),
        framesRange: [Math.min(...mine.map((r) => r.framesPerS)), Math.max(...mine.map((r) => r.framesPerS))],
        canvas: Boolean(c.widget),
      });
    }
  }
  for (const r of rows) {
    const css = rows.find((x) => x.case === "css" && x.dpr === r.dpr);
    r.ratioToCss = r.case === "empty" ? null : css.median > 0 ? r.median / css.median : null;
  }
  const b = rows.find((r) => r.case === ENERGY_BUDGET.case && r.dpr === ENERGY_BUDGET.dpr) ?? { ratioToCss: null };
  return {
    started,
    windowMs,
    warmupMs: WARMUP_MS,
    reps,
    clkTck: CLK_TCK,
    cpus: availableParallelism(),
    load,
    chromium: browser.version(),
    rows,
    runs,
    budget: { ...ENERGY_BUDGET, figure: b.ratioToCss, ok: b.ratioToCss !== null && b.ratioToCss <= ENERGY_BUDGET.ratio },
  };
}

const f2 = (x) => (x === null || x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(2));

/** The section's markdown. */
export function energyMarkdown(r) {
  const L = [];
  L.push("#### Energy: CPU time per minute above an empty page");
  L.push("");
  L.push(
    `Chromium ${r.chromium} headless (CPU raster), one 480×480 CSS-px widget or CSS animation per page, viewport 640×640. CPU time (utime + stime, /proc, clock tick ${1000 / r.clkTck} ms) of every process of the browser's tree over ${r.windowMs / 1000}-s windows after a ${r.warmupMs / 1000}-s warm-up, ${r.reps} repetition(s) in alternating order, each minus the same repetition's empty page at the same DPR: median [min–max] in CPU seconds per minute. "× CSS" is the median's ratio to the CSS @keyframes page's at the same DPR. Frames drawn/s: animation frames in which the canvas was drawn (median over the repetitions; the CSS page has no canvas). Load average (1/5/15 min) at the start ${r.load.start.join(" / ")}, at the end ${r.load.end.join(" / ")} (${r.cpus} CPUs; other jobs on the machine share them).`,
  );
  L.push("");
  L.push("| Page | DPR | CPU s/min above empty: median [range] | × CSS | frames drawn/s | CPU s/min, whole browser (median) |");
  L.push("| --- | --- | --- | --- | --- | --- |");
  for (const x of r.rows) {
    const above = x.case === "empty" ? "0 (baseline)" : `${f2(x.median)} [${f2(x.min)} – ${f2(x.max)}]`;
    const ratio = x.case === "empty" ? "–" : x.case === "css" ? "1" : f2(x.ratioToCss);
    const frames = x.canvas ? `${x.framesPerS.toFixed(1)}${x.framesRange[1] - x.framesRange[0] >= 0.1 ? ` [${x.framesRange[0].toFixed(1)} – ${x.framesRange[1].toFixed(1)}]` : ""}` : "–";
    L.push(`| ${x.label} | ${x.dpr} | ${above} | ${ratio} | ${frames} | ${f2(x.totalMedian)} |`);
  }
  const ended = r.runs.filter((x) => x.ended).length;
  if (ended) L.push("", `In ${ended} window(s) a browser process ended (its CPU time in the window was lost).`);
  return L.join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { CHROMIUM_ARGS } = await import("../tests/e2e/harness.mjs");
  const argv = process.argv.slice(2);
  const quick = argv.includes("--quick");
  const windowS = Number(argv.find((a) => a.startsWith("--window="))?.slice(9) ?? (quick ? 10 : 60));
  const reps = Number(argv.find((a) => a.startsWith("--reps="))?.slice(7) ?? (quick ? 1 : 3));
  const floor = argv.includes("--floor");
  const dpr = argv.find((a) => a.startsWith("--dpr="))?.slice(6);
  const dprs = dpr ? [Number(dpr)] : [1, 2];
  if (!dprs.every((d) => d === 1 || d === 2)) throw new Error(`--dpr: 1 or 2, not ${dpr}`);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  let r;
  try {
    r = await energy(browser, { windowMs: windowS * 1000, reps, floor, dprs });
  } finally {
    await browser.close();
  }
  const json = argv.find((a) => a.startsWith("--json="))?.slice(7);
  if (json) (await import("node:fs")).writeFileSync(json, JSON.stringify(r, null, 2) + "\n");
  console.log(energyMarkdown(r));
  console.log("");
  console.log(`Budget: energy ${r.budget.case} at DPR ${r.budget.dpr} ≤ ${r.budget.ratio.toFixed(1)}× the CSS page: ${f2(r.budget.figure)}× — ${r.budget.ok ? "ok" : "MISSED"}`);
}
