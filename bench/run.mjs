// `make bench`: engine, render cost (vs a JS baseline), start-up, size, timing accuracy, idle
// frames, memory, the embed page before its first widget (bench/embed.mjs) and energy (CPU time
// per minute of the whole browser above an empty page, bench/energy.mjs: ~35 min), checked against
// the budgets of issue 6 (size: issue 16). Writes target/bench/report.json and
// target/bench/report.md, prints the markdown table, puts it in docs/performance.md (between its
// markers; the notes around them are kept), and exits 1 when a budget is broken (after printing
// and writing everything).
//
//   node bench/run.mjs [--quick] [--no-engine] [--only=engine,size,render,startup,timing,idle,memory,embed,energy] [--docs]
//   node bench/run.mjs --profile   (CPU profiles of the render paths with the named wasm build; no budgets)
//
// For trying a change: --pkg=/path/to/breathflow.js (URL path under the repo root, e.g. a build in
// target/) benchmarks that build instead of www/pkg/; --baseline-elide=true|false overrides
// ELIDE_STATE of bench/baseline.js (make the baseline as careful as the build under test).
//
// --quick: fewer frames and shorter sessions, for working on the bench itself (figures not comparable).
// --no-engine: skip `cargo bench --bench engine` (run.mjs runs it itself and folds its figures in).
// docs/performance.md is written by a full run of www/pkg/ only (no --quick, --only, --no-engine,
// --pkg or --baseline-elide); --docs writes it from any run (e.g. `--only=size --docs`, seconds, to
// try the writer; the partial table then says so).
//
// Run from the repository root after `make build` (www/pkg/ must exist).
import { chromium } from "playwright-core";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, availableParallelism } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "../tools/serve.mjs";
import { sizes } from "../tools/sizes.mjs";
import { embed as embedPage, embedMarkdown } from "./embed.mjs";
import { energy as energyPage, energyMarkdown, ENERGY_BUDGET } from "./energy.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT);
const OUT = "target/bench";
mkdirSync(OUT, { recursive: true });

const argv = process.argv.slice(2);
const QUICK = argv.includes("--quick");
const only = argv.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const PKG = argv.find((a) => a.startsWith("--pkg="))?.slice(6);
const ELIDE = argv.find((a) => a.startsWith("--baseline-elide="))?.slice(17);
const DOCS = "docs/performance.md";
const WRITE_DOCS = argv.includes("--docs") || !(QUICK || only || PKG || ELIDE || argv.includes("--no-engine"));
const want = (part) => (only ? only.includes(part) : part !== "engine" || !argv.includes("--no-engine"));

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
// The e2e harness's flags, plus what the memory figures need (precise heap sizes, gc()).
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--enable-precise-memory-info",
  "--js-flags=--expose-gc",
];

const CFG = QUICK
  ? { frames: 300, warmup: 50, timingMs: 12_000, aaFrames: 200, hideAt: 4_500, hidden: 2_000, hideWall: 10_000, loads: 3, cycles: 40, hourTicks: 21_600 }
  : { frames: 2000, warmup: 200, timingMs: 60_000, aaFrames: 1000, hideAt: 9_500, hidden: 5_000, hideWall: 25_000, loads: 10, cycles: 200, hourTicks: 216_000 };

// Budgets (issue 6; the size budget from issue 16, was 60 KB; the element's from issue 17, 5 KB
// then; 6 KB since issue 19, whose languages cost the element its texts as a table of ids, the
// fetch of a language file and following `lang`: +0.8 KB). KB = 1000 bytes.
const BUDGET = {
  gzipTotal: 125_000,
  /** www/breath-flow.js alone: all a post downloads while its widgets are below the fold. */
  gzipElement: 6_000,
  renderRatio: 1.0,
  renderDpr2Ms: 4,
  ourSideMs: 0.1,
  latenessP95Ms: 17,
};

const log = (...a) => console.error("[bench]", ...a);
const t0 = Date.now();
const report = { date: new Date().toISOString(), commit: commit(), partial: Boolean(only || argv.includes("--no-engine")), quick: QUICK, pkg: PKG ?? "www/pkg/breathflow.js", baselineElide: ELIDE ?? "as bench/baseline.js", machine: machine() };
const budgets = [];
/** Record a budget check. `ok` null = could not be measured (counts as broken). */
function budget(name, figure, limit, ok) {
  budgets.push({ name, figure, limit, ok: ok === true });
}

function machine() {
  const cpu = (() => {
    try {
      return /model name\s*:\s*(.+)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpus()[0]?.model;
    } catch {
      return cpus()[0]?.model;
    }
  })();
  return { nproc: availableParallelism(), cpu, loadavg: loadavg().map((x) => +x.toFixed(2)), node: process.version };
}

/** The commit under test, short, with "+changes" when the work tree differs from it. */
function commit() {
  const git = (...a) => spawnSync("git", a, { encoding: "utf8" });
  const rev = git("rev-parse", "--short", "HEAD");
  if (rev.status !== 0) return null;
  const dirty = git("status", "--porcelain", "--untracked-files=no").stdout.trim() !== "";
  return rev.stdout.trim() + (dirty ? "+changes" : "");
}

// ---- 1. engine --------------------------------------------------------------------------------
/** Run `cargo bench --bench engine`, echoing its output, and parse its figures. */
async function engine() {
  log("engine: cargo bench --bench engine");
  const out = await new Promise((ok, fail) => {
    const p = spawn("cargo", ["bench", "--bench", "engine"], { stdio: ["ignore", "pipe", "inherit"] });
    let text = "";
    p.stdout.on("data", (d) => {
      text += d;
      process.stderr.write(d);
    });
    p.on("error", fail);
    p.on("close", (code) => (code === 0 ? ok(text) : fail(new Error(`cargo bench exited with ${code}`))));
  });
  const rows = [];
  let section = "";
  for (const line of out.split("\n")) {
    if (/^\S.*:$/.test(line)) section = line.slice(0, -1);
    const m = /^ {2}(.+?)\s{2,}([\d.]+) (ns\/sample|ms total|µs for|µs)(.*)$/.exec(line);
    if (m) rows.push({ section, name: m[1].trim(), value: +m[2], unit: m[3], rest: m[4].replace(/^,\s*/, "").trim() });
  }
  const nsPerFrame = (r) => +(/([\d.]+) ns\/frame/.exec(r.rest)?.[1] ?? NaN);
  const sample478 = rows.find((r) => r.unit === "ns/sample" && r.name === "4-7-8");
  const flowHour = rows.find((r) => r.section.startsWith("Simulated 60-minute flow"));
  return {
    rows,
    samples: rows.filter((r) => r.unit === "ns/sample").map((r) => ({ name: r.name, ns: r.value })),
    hourFlow: flowHour ? { name: flowHour.name, totalMs: flowHour.value, nsPerFrame: nsPerFrame(flowHour), detail: flowHour.rest } : null,
    sample478: sample478?.value ?? null,
    // One rib-cage frame's geometry + encoding, warm and right after a cache flush (µs).
    frame: {
      warm: rows.find((r) => r.section.startsWith("One rib-cage frame,") && r.name === "build_frame + encode")?.value ?? null,
      cold: rows.find((r) => r.section.startsWith("One rib-cage frame after a cache flush") && r.name === "build_frame + encode")?.value ?? null,
    },
    raw: out,
  };
}

// ---- 5. size ----------------------------------------------------------------------------------
/** wasm-opt flags of the Makefile's release build, so the named copy is optimised the same way. */
function makefileWasmOptFlags() {
  const mk = readFileSync("Makefile", "utf8").replace(/\\\n/g, " ");
  const m = /^WASM_OPT_FLAGS\s*:=\s*(.+)$/m.exec(mk);
  return m ? m[1].trim().split(/\s+/) : ["-Oz"];
}

/** A cargo-installed tool: ~/.cargo/bin first (make puts it on PATH; a bare `node` may not). */
function tool(name) {
  const p = join(process.env.HOME ?? "", ".cargo/bin", name);
  return existsSync(p) ? p : name;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.error?.message ?? r.stderr.trim().split("\n").slice(-3).join(" / ")}`);
  return r.stdout;
}

/** Which crate (or part of the module) a twiggy item belongs to. */
function crateOf(name) {
  if (/^data segment|^data\[\d+\]$/.test(name)) return "data segments (rodata: library JSON, texts, tables)";
  if (/ shim$|^__wbindgen|^__wbg_/.test(name)) return "wasm-bindgen export shims (with inlined bodies)";
  if (/^(type|import|export|elem|table|memory|global)\[|section headers|magic bytes/.test(name)) return "wasm structure";
  const clean = name.replace(/\[[0-9a-f]{8,}\]/g, "").replace(/^[<&\s]+(mut\s+|dyn\s+)?/, "");
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(::|<|$)/.exec(clean);
  if (m && m[2] === "::") return m[1] === "serde_core" || m[1] === "serde_derive" ? "serde" : m[1];
  if (/^(char|str|f32|f64|u\d+|i\d+|usize|isize|bool|\[)/.test(clean)) return "core";
  if (/^(dlmalloc|malloc|free|realloc|memcpy|memmove|memset|memcmp|bcmp)/.test(clean)) return "compiler_builtins";
  return "other";
}

function size() {
  const files = sizes();
  const out = { files, top: null, byCrate: null, note: null };
  const input = "target/wasm32-unknown-unknown/release/breathflow.wasm";
  const twiggy = tool("twiggy");
  try {
    if (!existsSync(input)) throw new Error(`${input} is missing (run make build)`);
    const named = `${OUT}/named/breathflow_bg.wasm`;
    if (!existsSync(named) || statSync(named).mtimeMs < statSync(input).mtimeMs) {
      log("size: a copy of the release wasm with names (wasm-bindgen --keep-debug, wasm-opt -g)");
      run(tool("wasm-bindgen"), ["--target", "web", "--keep-debug", "--out-dir", `${OUT}/named`, "--out-name", "breathflow", input]);
      const flags = makefileWasmOptFlags().filter((f) => f !== "--strip-debug");
      run("node_modules/.bin/wasm-opt", [...flags, "-g", named, "-o", named]);
    }
    let items;
    let how;
    if (twiggy !== "twiggy" || spawnSync("twiggy", ["--version"]).status === 0) {
      items = JSON.parse(run(twiggy, ["top", "-n", "100000", "--format", "json", named]));
      how = "twiggy top";
    } else {
      // No twiggy (`cargo install twiggy`): binaryen's per-function metrics, which ship with wasm-opt.
      const feats = makefileWasmOptFlags().filter((f) => f.startsWith("--enable-"));
      const r = spawnSync("node_modules/.bin/wasm-opt", [...feats, "--func-metrics", named, "-o", "/dev/null"], { encoding: "utf8", maxBuffer: 256 << 20 });
      const text = r.stdout + r.stderr;
      items = [...text.matchAll(/^func: (.+)\n \[binary-bytes\] *: *(\d+)/gm)].map((m) => ({ name: m[1], shallow_size: +m[2] }));
      const data = /\[memory-data\] *: *(\d+)/.exec(text);
      if (data) items.push({ name: "data segment (all)", shallow_size: +data[1] });
      items.sort((a, b) => b.shallow_size - a.shallow_size);
      if (!items.length) throw new Error("wasm-opt --func-metrics printed no functions");
      how = "wasm-opt --func-metrics (twiggy is not installed)";
    }
    // Names (the "name" custom section) and other custom sections are not shipped.
    const shipped = items.filter((i) => !/^custom section|subsection"?$|^"function names"/.test(i.name));
    const total = shipped.reduce((s, i) => s + i.shallow_size, 0);
    out.namedCodeBytes = total;
    out.top = shipped.slice(0, 25).map((i) => ({ name: i.name, bytes: i.shallow_size, percent: (100 * i.shallow_size) / total }));
    const groups = new Map();
    for (const i of shipped) {
      const c = crateOf(i.name);
      const g = groups.get(c) ?? { crate: c, bytes: 0, items: 0 };
      g.bytes += i.shallow_size;
      g.items++;
      groups.set(c, g);
    }
    out.byCrate = [...groups.values()].sort((a, b) => b.bytes - a.bytes).map((g) => ({ ...g, percent: (100 * g.bytes) / total }));
    out.note = `${how} on ${named} (same wasm-opt flags as the Makefile, names kept with -g; custom sections excluded). Sizes are raw bytes before gzip.`;
    out.tool = how;
  } catch (e) {
    out.note = `no breakdown: ${e.message}`;
    log("size:", out.note);
  }
  const total = files.find((f) => f.file === "total");
  budget("gzip total (wasm + glue + element)", `${kb(total.gzip)} KB`, `≤ ${kb(BUDGET.gzipTotal)} KB`, total.gzip <= BUDGET.gzipTotal);
  const element = files.find((f) => f.file === "www/breath-flow.js");
  budget(
    "`<breath-flow>` element alone (what a post with widgets below the fold downloads), gzip",
    element ? `${kb(element.gzip)} KB (${element.gzip} B)` : "missing (run make build)",
    `≤ ${kb(BUDGET.gzipElement)} KB`,
    element ? element.gzip <= BUDGET.gzipElement : null,
  );
  return out;
}

// ---- browser parts ---------------------------------------------------------------------------
/** Serve the repo root (bench page + www/pkg) cross-origin isolated, so performance.now() is 5 µs fine. */
async function serveIsolated() {
  const s = await startServer(".", 0);
  s.server.prependListener("request", (_req, res) => {
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Cross-Origin-Embedder-Policy", "require-corp");
  });
  return s;
}

async function benchPage(browser, base, { dpr = 1, frames = false } = {}) {
  const context = await browser.newContext({ deviceScaleFactor: dpr, viewport: { width: 1280, height: 720 } });
  if (frames) await context.addInitScript({ path: "bench/frames.js" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(new URL(`bench/index.html${PKG ? `?pkg=${encodeURIComponent(PKG)}` : ""}`, base).href);
  await page.waitForFunction(() => window.bench?.renderPairs && window.bench?.timing, null, { timeout: 20_000 }).catch((e) => {
    throw new Error(`bench page did not load: ${errors.join("; ") || e.message}`);
  });
  return { page, context, errors };
}

// ---- 2 + 3. render ----------------------------------------------------------------------------
async function render(browser, base) {
  const out = [];
  for (const dpr of [1, 2]) {
    const { page, context } = await benchPage(browser, base, { dpr });
    const res = await page.evaluate(() => window.bench.timerResolution());
    const same = await page.evaluate(() => window.bench.samePicture());
    // The widget as shipped (repainting what changed), then with repaint: "whole", like for like
    // with the baseline, which replays every frame's whole list.
    for (const [raster, repaint] of [[true, "changed"], [false, "changed"], [true, "whole"]]) {
      log(`render: DPR ${dpr}, ${raster ? "(a) raster forced" : "(b) our side alone"}, repaint ${repaint}, ${CFG.frames} frame pairs`);
      const r = await page.evaluate((o) => window.bench.renderPairs(o), { frames: CFG.frames, raster, repaint, warmup: CFG.warmup, elide: ELIDE === undefined ? undefined : ELIDE === "true" });
      out.push({ ...r, timer: res, samePicture: same });
    }
    if (dpr === 2) {
      // A/A: the baseline on both canvases, paired the same way: the method's own bias and noise.
      log(`render: DPR 2, A/A calibration (JS vs JS), ${CFG.aaFrames} frame pairs`);
      const r = await page.evaluate((o) => window.bench.renderPairs(o), { frames: CFG.aaFrames, raster: true, warmup: CFG.warmup, aa: true, elide: ELIDE === undefined ? undefined : ELIDE === "true" });
      out.push({ ...r, timer: res, samePicture: same });
      log("render: DPR 2, drawing right after a raster (cold) and the next frame at once (warm)");
      report.renderColdWarm = await page.evaluate((o) => window.bench.coldWarm(o), { frames: QUICK ? 200 : 600 });
    }
    await context.close();
  }
  for (const r of out.filter((x) => !x.aa)) {
    const tag = `DPR ${r.dpr} ${r.raster ? "(a)" : "(b)"}`;
    if (r.repaint === "whole") continue; // like for like: reported beside the budgets, not one
    if (r.raster) {
      const ci = r.pairRatioCi95.map((x) => x.toFixed(3)).join("–");
      budget(`render ${tag}: Rust/JS ratio of medians`, `${r.ratio.toFixed(3)} (median pair ratio ${r.pairRatio.toFixed(3)}, 95 % CI ${ci})`, `≤ ${BUDGET.renderRatio.toFixed(1)}`, r.ratio <= BUDGET.renderRatio);
      if (r.dpr === 2)
        budget(`render ${tag}: median per frame`, `${ms(r.rust.median)} ms`, `≤ ${BUDGET.renderDpr2Ms} ms`, r.rust.median <= BUDGET.renderDpr2Ms);
    } else {
      budget(`render ${tag}: our side alone, median`, `${ms(r.rust.median, 3)} ms`, `≤ ${BUDGET.ourSideMs} ms`, r.rust.median <= BUDGET.ourSideMs);
    }
  }
  return out;
}

// ---- 4. start-up ------------------------------------------------------------------------------
async function startup(browser) {
  const { server, url } = await startServer("www", 0);
  const loads = [];
  try {
    for (let i = 0; i < CFG.loads; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      await context.addInitScript({ path: "bench/startup-probe.js" });
      const page = await context.newPage();
      await page.goto(new URL("index.html", url).href);
      await page.waitForFunction(() => window.__startup.paintedAt !== null, null, { timeout: 20_000 });
      loads.push(
        await page.evaluate(() => {
          const nav = performance.getEntriesByType("navigation")[0];
          const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null;
          const res = performance.getEntriesByType("resource");
          const wasm = res.find((e) => e.name.endsWith(".wasm"));
          const scripts = res.filter((e) => /\.m?js$/.test(new URL(e.name).pathname));
          return {
            paintedAt: window.__startup.paintedAt,
            drawAt: window.__startup.drawAt,
            contextAt: window.__startup.contextAt,
            fcp,
            responseEnd: nav.responseEnd,
            domContentLoaded: nav.domContentLoadedEventEnd,
            wasmRequested: wasm?.startTime ?? null,
            wasmFetched: wasm?.responseEnd ?? null,
            scriptsFetched: scripts.length ? Math.max(...scripts.map((e) => e.responseEnd)) : null,
            scripts: scripts.length,
          };
        }),
      );
      await context.close();
    }
  } finally {
    await new Promise((ok) => server.close(ok));
  }
  const med = (k) => median(loads.map((l) => l[k]).filter((v) => v !== null));
  return {
    method:
      "navigation start (performance.now() = 0) → the first animation frame whose callback finds the #stage canvas drawn (1-pixel read of its centre once the page has taken its 2d context; the rendering update after that callback presents the frame); new browser context per load (cold caches), page served from www/",
    loads,
    median: {
      paintedAt: med("paintedAt"),
      drawAt: med("drawAt"),
      fcp: med("fcp"),
      scriptsFetched: med("scriptsFetched"),
      wasmRequested: med("wasmRequested"),
      wasmFetched: med("wasmFetched"),
      domContentLoaded: med("domContentLoaded"),
    },
  };
}

// ---- 6. timing accuracy -----------------------------------------------------------------------
async function timing(browser, base) {
  log(`timing: ${CFG.timingMs / 1000} s real-time 4-7-8 on the frame clock`);
  const main = await (async () => {
    const { page, context } = await benchPage(browser, base, { frames: true });
    const r = await page.evaluate((o) => window.bench.timing(o), { pattern: "4-7-8", wallMs: CFG.timingMs });
    await context.close();
    return r;
  })();
  log(`timing: page hidden for ${CFG.hidden / 1000} s, both gap policies (in parallel)`);
  const hide = await Promise.all(
    ["pause", "catch-up"].map(async (policy) => {
      const { page, context } = await benchPage(browser, base, { frames: true });
      const r = await page.evaluate((o) => window.bench.hidden(o), { policy, hideAtMs: CFG.hideAt, hiddenMs: CFG.hidden, wallMs: CFG.hideWall });
      await context.close();
      return r;
    }),
  );
  const lostOrDoubled = (c) => c.lost.length + c.doubled.length + c.unexpected.length + c.outOfOrder;
  const L = main.lateness;
  budget(
    `phase-event lateness p95 (4-7-8, ${CFG.timingMs / 1000} s real time, ${L.n} events)`,
    `${ms(L.p95)} ms (max ${ms(L.max)}, median ${ms(L.median)}; fired by ${Object.entries(main.firedBy).filter(([, n]) => n).map(([k, n]) => `${k} ${n}`).join(", ")}` +
      (main.quantum.n ? `; frame-fired, p95 of each part: frame quantum ${ms(main.quantum.p95)}, frame timestamp → our callback ${ms(main.browser.p95)}, callback → listener ${ms(main.widget.p95)})` : ")"),
    `≤ ${BUDGET.latenessP95Ms} ms`,
    L.p95 <= BUDGET.latenessP95Ms,
  );
  budget("lost / doubled boundaries (frame clock)", `${lostOrDoubled(main.check)} of ${main.check.expected}`, "0", lostOrDoubled(main.check) === 0 && main.check.expected > 0);
  for (const h of hide) {
    budget(`hidden ${Math.round(h.hiddenMs / 100) / 10} s, ${h.policy}: policy holds, lost / doubled`, `${h.policyHolds ? "holds" : "BROKEN"}, ${lostOrDoubled(h.check)} of ${h.check.expected}`, "holds, 0", h.policyHolds && lostOrDoubled(h.check) === 0);
  }
  return { main, hide };
}

// ---- 7. idle ------------------------------------------------------------------------------
async function idle(browser, base) {
  const { page, context } = await benchPage(browser, base, { frames: true });
  log("idle: animation-frame callbacks while running (breathing, a hold), paused, done, off-screen, hidden");
  const r = await page.evaluate(() => window.bench.idle({ spanMs: 1500 }));
  log("idle: frames drawn of frames ticked through the library's flows (repeats are not drawn)");
  r.repeats = await page.evaluate(() => window.bench.repeats());
  await context.close();
  for (const k of ["paused", "done", "offScreen", "hidden"])
    budget(`idle frames/s ${k}`, r[k].callbacksPerS.toFixed(1), "0", r[k].callbacksPerS === 0);
  return r;
}

// ---- 8. memory ----------------------------------------------------------------------------
async function memory(browser, base) {
  const { page, context } = await benchPage(browser, base);
  log(`memory: ${CFG.cycles} create/destroy cycles, then a manual-clock hour (${CFG.hourTicks} ticks)`);
  const r = await page.evaluate((o) => window.bench.memory(o), { cycles: CFG.cycles, hourTicks: CFG.hourTicks });
  await context.close();
  budget(`wasm memory growth, ${r.cycles.count} create/destroy`, `${r.cycles.wasmGrowth} B`, "0 B", r.cycles.wasmGrowth === 0);
  budget("wasm memory growth, 60-min manual session", `${r.hour.wasmGrowth} B`, "0 B", r.hour.wasmGrowth === 0);
  budget("60-min manual session: phase events", `${r.hour.phases} of ${r.hour.expectedPhases}`, "all", r.hour.phases === r.hour.expectedPhases && r.hour.status === r.hour.expectedStatus);
  return r;
}

// ---- --profile: where the render time goes -----------------------------------------------
/** Self time per function of a CDP CPU profile, in ms, largest first. */
function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const f = byId.get(profile.samples[i]).callFrame;
    const k = f.url.endsWith(".wasm") || !f.url ? f.functionName || "(anonymous)" : `${f.functionName || "(anonymous)"} (${f.url.split("/").pop()}:${f.lineNumber + 1})`;
    self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  return [...self].sort((a, b) => b[1] - a[1]);
}

async function profileRender(browser, base) {
  if (!PKG) size(); // makes sure the named copy exists
  const pkg = PKG ?? `/${OUT}/named/breathflow.js`;
  const frames = QUICK ? 300 : 1500;
  for (const dpr of [2]) {
    const context = await browser.newContext({ deviceScaleFactor: dpr, viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(new URL(`bench/index.html?pkg=${encodeURIComponent(pkg)}`, base).href);
    await page.waitForFunction(() => window.bench?.loop, null, { timeout: 20_000 });
    const cdp = await context.newCDPSession(page);
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
    for (const raster of [false, true])
      for (const path of ["rust", "js"]) {
        await page.evaluate((o) => window.bench.loop(o), { path, raster, frames, run: 200 }); // export + warm-up
        await cdp.send("Profiler.start");
        const perFrame = await page.evaluate((o) => window.bench.loop(o), { path, raster, frames });
        const { profile } = await cdp.send("Profiler.stop");
        const file = `${OUT}/profile-${path}-dpr${dpr}-${raster ? "a" : "b"}.cpuprofile`;
        writeFileSync(file, JSON.stringify(profile));
        console.log(`\n${path} DPR ${dpr} ${raster ? "(a) raster forced" : "(b) our side"}: ${perFrame.toFixed(3)} ms/frame (with the profiler on); ${file}`);
        console.log("   µs/frame  self time");
        for (const [k, v] of selfTimes(profile).slice(0, 30)) console.log(`${((v * 1000) / frames).toFixed(1).padStart(10)}  ${k}`);
      }
    await context.close();
  }
}

/** { n, median, p95, max } of numbers (nearest-rank p95), as the page's stats(). */
function stat(values) {
  const v = values.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  const n = v.length;
  if (!n) return { n: 0, median: null, p95: null, max: null };
  return { n, median: median(v), p95: v[Math.min(n - 1, Math.ceil(0.95 * n) - 1)], max: v[n - 1], min: v[0] };
}

// ---- formatting ---------------------------------------------------------------------------
function median(a) {
  if (!a.length) return null;
  const v = [...a].sort((x, y) => x - y);
  const n = v.length;
  return n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}
const ms = (v, d = 2) => (v === null || v === undefined ? "–" : v.toFixed(d));
const kb = (b) => (b / 1000).toFixed(1);

function markdown(r) {
  const L = [];
  const m = r.machine;
  const notes = [r.quick && "QUICK run: not comparable", r.partial && "partial run: some measures left out"].filter(Boolean);
  L.push(`### Latest run (${r.date.slice(0, 10)}, ${r.date.slice(11, 16)} UTC${r.commit ? `, on ${r.commit}` : ""}${notes.map((n) => `; ${n}`).join("")})`);
  L.push("");
  L.push(`Machine: ${m.nproc} CPUs (nproc), ${m.cpu}; Chromium ${m.chromium ?? "?"} headless, CPU raster; load average (1/5/15 min) at start ${m.loadavg.join(" / ")}, at the end ${m.loadavgEnd?.join(" / ") ?? "?"}.`);
  if (r.pkg !== "www/pkg/breathflow.js") L.push("", `Build under test: ${r.pkg} (baseline state elision: ${r.baselineElide}).`);
  L.push("");
  L.push("| Measure | Figure | Budget | |");
  L.push("| --- | --- | --- | --- |");
  for (const b of budgets) L.push(`| ${b.name} | ${b.figure} | ${b.limit} | ${b.ok ? "ok" : "**MISSED**"} |`);
  for (const x of (r.render ?? []).filter((x) => x.repaint === "whole" && !x.aa)) {
    const ci = x.pairRatioCi95.map((v) => v.toFixed(3)).join("–");
    L.push(`| render DPR ${x.dpr} (a), like for like (the widget repainting whole frames, as the baseline does): Rust/JS ratio of medians | ${x.ratio.toFixed(3)} (median pair ratio ${x.pairRatio.toFixed(3)}, 95 % CI ${ci}); ${ms(x.rust.median)} ms per frame | – | |`);
  }
  if (r.engine) {
    L.push(`| engine: Pacer::sample() 4-7-8 (native) | ${r.engine.sample478} ns | – | |`);
    if (r.engine.hourFlow) L.push(`| engine: 60-min flow at 120 Hz (native) | ${r.engine.hourFlow.totalMs} ms total, ${r.engine.hourFlow.nsPerFrame} ns/frame | – | |`);
    if (r.engine.frame?.cold != null) L.push(`| engine: one rib-cage frame, geometry + encoding (native), warm / after a 32 MiB cache flush | ${r.engine.frame.warm} / ${r.engine.frame.cold} µs | – | |`);
  }
  if (r.startup) {
    const s = r.startup.median;
    L.push(`| start-up: navigation → first painted frame, median of ${r.startup.loads.length} cold loads | ${ms(s.paintedAt, 0)} ms (FCP ${ms(s.fcp, 0)}; last module script fetched ${ms(s.scriptsFetched, 0)}; wasm requested ${ms(s.wasmRequested, 0)}, fetched ${ms(s.wasmFetched, 0)}; first frame drawn ${ms(s.drawAt, 0)}) | – | |`);
  }
  if (r.idle?.runningStill) {
    L.push(`| frame-clock widget running through a still picture (6 s of 4-7-8's 7-s hold): animation frames/s | ${r.idle.runningStill.callbacksPerS.toFixed(1)} (breathing: ${r.idle.running.callbacksPerS.toFixed(1)}) | – | |`);
  }
  if (r.idle?.repeats) {
    const sum = (k, rows) => rows.reduce((a, x) => a + x[k], 0);
    const flows = r.idle.repeats.filter((x) => !x.name.includes("×"));
    const skipped = (rows) => `${(100 - (100 * sum("drawn", rows)) / sum("ticks", rows)).toFixed(0)} %`;
    L.push(`| frames drawn at 60 Hz (manual clock), the five library flows: a frame like the one shown is not drawn again | ${sum("drawn", flows)} of ${sum("ticks", flows)} (${skipped(flows)} skipped; ${r.idle.repeats.map((x) => `${x.name} ${skipped([x])}`).join(", ")}) | – | |`);
  }
  if (r.memory) {
    const c = r.memory.cycles;
    const h = r.memory.hour;
    L.push(`| JS heap growth, ${c.count} create/destroy | ${c.heapGrowth} B | – | |`);
    L.push(`| JS heap growth, 60-min manual session (${h.ticks} ticks, ${ms(h.msPerTick, 3)} ms/tick) | ${h.heapGrowth} B | – | |`);
  }
  if (r.render) {
    L.push("");
    L.push(`Render, ms per frame (${r.render[0].frames} manual-clock frames of mobilize-ribs' breathing step, ${Math.round(r.render[0].cmdsPerFrame)} canvas commands each, 480×480 CSS px; ${r.render[0].repeats ?? 0} of them repeat the previous picture, which the baseline does not draw again; Rust and JS alternate frame by frame. The widget repaints only the rectangle around what changed (its default), the baseline the whole list of every frame; "whole repaints": the widget with repaint: "whole", like for like; A/A = the JS baseline on both canvases):`);
    L.push("");
    L.push("| DPR | mode | Rust median | Rust p95 | JS median | JS p95 | ratio of medians | median pair ratio (95 % CI) |");
    L.push("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const x of r.render) {
      const d = x.raster ? 2 : 3;
      const mode = x.aa ? "A/A: JS vs JS, (a)" : x.raster ? (x.repaint === "whole" ? "(a), whole repaints" : "(a) + getImageData") : "(b) our side";
      const ci = x.pairRatioCi95 ? ` (${x.pairRatioCi95.map((v) => v.toFixed(3)).join("–")})` : "";
      L.push(`| ${x.dpr} | ${mode} | ${ms(x.rust.median, d)} | ${ms(x.rust.p95, d)} | ${ms(x.js.median, d)} | ${ms(x.js.p95, d)} | ${x.ratio.toFixed(3)} | ${x.pairRatio.toFixed(3)}${ci} |`);
    }
    const notes = [];
    for (const x of r.render) {
      const tag = `DPR ${x.dpr}${x.aa ? " A/A" : ""}${x.repaint === "whole" && !x.aa ? " whole" : ""} ${x.raster ? "(a)" : "(b)"}`;
      if (x.split) {
        const s = x.split;
        notes.push(`${tag} split, median drawing + getImageData: Rust ${ms(s.rustDraw.median, 3)} + ${ms(s.rustRead.median, 3)}, JS ${ms(s.jsDraw.median, 3)} + ${ms(s.jsRead.median, 3)}`);
      }
      if (x.batch) notes.push(`${tag} in batches of ${x.batch.size} frames, median per frame: Rust ${ms(x.batch.rust.median, 4)}, JS ${ms(x.batch.js.median, 4)} (ratio ${x.batch.ratio.toFixed(3)})`);
    }
    const cw = r.renderColdWarm;
    if (cw) notes.push(`DPR 2 drawing right after the other canvas was rasterised (cold) / the next frame at once (warm), median: Rust ${ms(cw.rustCold, 3)} / ${ms(cw.rustWarm, 3)}, JS ${ms(cw.jsCold, 3)} / ${ms(cw.jsWarm, 3)}`);
    if (notes.length) L.push("", "Diagnostics: " + notes.join("; ") + ".");
  }
  if (r.embed) {
    L.push("");
    L.push(embedMarkdown(r.embed));
  }
  if (r.energy) {
    L.push("");
    L.push(energyMarkdown(r.energy));
  }
  if (r.size) {
    L.push("");
    L.push("| File | raw B | gzip B |");
    L.push("| --- | --- | --- |");
    for (const f of r.size.files) L.push(`| ${f.file} | ${f.raw} | ${f.gzip} |`);
    if (r.size.byCrate) {
      L.push("");
      L.push(`Wasm by crate (${r.size.tool.split(" (")[0]}, raw bytes of ${r.size.namedCodeBytes}): ` + r.size.byCrate.slice(0, 10).map((g) => `${g.crate} ${(g.bytes / 1000).toFixed(1)} KB (${g.percent.toFixed(0)} %)`).join(", ") + ".");
      L.push("");
      L.push("Top functions: " + r.size.top.slice(0, 10).map((t) => `\`${t.name.length > 70 ? t.name.slice(0, 67) + "…" : t.name}\` ${t.bytes}`).join(", ") + ".");
    } else if (r.size.note) L.push("", r.size.note);
  }
  return L.join("\n");
}

// ---- docs/performance.md -------------------------------------------------------------------
const BEGIN = "<!-- make bench: the latest run, from here to the end marker (written by bench/run.mjs; edits are lost) -->";
const END = "<!-- make bench: end of the latest run -->";

/** Put `md` between the markers of docs/performance.md, keeping the rest (creating the file if need be). */
function writeDocs(md) {
  let text = existsSync(DOCS) ? readFileSync(DOCS, "utf8") : "";
  let i = text.indexOf(BEGIN);
  let j = text.indexOf(END);
  if (i < 0 || j < i) {
    text = (text || "# Performance\n\n`make bench` measures; see bench/run.mjs.\n") + `\n${BEGIN}\n${END}\n`;
    i = text.indexOf(BEGIN);
    j = text.indexOf(END);
  }
  mkdirSync(dirname(DOCS), { recursive: true });
  writeFileSync(DOCS, text.slice(0, i + BEGIN.length) + "\n\n" + md + "\n\n" + text.slice(j));
}

// ---- main ---------------------------------------------------------------------------------
let browser;
let isolated;
const errors = [];
if (argv.includes("--profile")) {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  isolated = await serveIsolated();
  try {
    await profileRender(browser, isolated.url);
  } finally {
    await browser.close();
    isolated.server.close();
  }
  process.exit(0);
}
try {
  if (want("engine")) report.engine = await engine().catch((e) => (errors.push(`engine: ${e.message}`), null));
  if (want("size")) report.size = size();
  const browserParts = ["render", "startup", "timing", "idle", "memory", "embed", "energy"].filter(want);
  if (browserParts.length) {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    report.machine.chromium = browser.version();
    isolated = await serveIsolated();
    // embed: bench/embed.mjs ("The embed page before its first widget"), serving www/ itself.
    const embed = async (b) => {
      const r = await embedPage(b, { runs: QUICK ? 1 : 3 });
      // Issue 19: the English sample post, whole visit (scrolled to its first widget), asks for
      // no language file.
      const visits = r.scenarios.flatMap((s) => s.visits.map((v) => v.after));
      const files = Math.max(...visits.map((v) => v.languageFiles));
      const bytes = Math.max(...visits.map((v) => v.languageBytes));
      budget("English page (embed.html, scrolled to its first widget): language files requested, bytes", `${files}, ${bytes} B (the most in any of ${visits.length} visits)`, "0, 0 B", files === 0 && bytes === 0);
      const foreign = Math.max(...visits.map((v) => v.foreignTexts));
      budget(
        "English page: texts of Spanish, German or French in the files it downloads (wasm and scripts included)",
        `${foreign} of ${visits[0].foreignTextsChecked} (the most in any of ${visits.length} visits)`,
        "0",
        foreign === 0 && visits[0].foreignTextsChecked > 0,
      );
      return r;
    };
    // energy: bench/energy.mjs (issue 18), CPU s per minute of every process of this browser above
    // an empty page (60-s windows, 3 repetitions; --quick: 10 s, 1), budget against a CSS page.
    const energy = async (b) => {
      const r = await energyPage(b, { windowMs: QUICK ? 10_000 : 60_000, reps: QUICK ? 1 : 3, log: (...a) => log("energy:", ...a) });
      const x = r.rows.find((y) => y.case === ENERGY_BUDGET.case && y.dpr === ENERGY_BUDGET.dpr);
      const css = r.rows.find((y) => y.case === "css" && y.dpr === ENERGY_BUDGET.dpr);
      budget(
        `energy ${ENERGY_BUDGET.case} at DPR ${ENERGY_BUDGET.dpr}: CPU per minute above an empty page, × the CSS @keyframes page's`,
        r.budget.figure === null ? `not measurable (CSS page ${css.median.toFixed(2)} CPU s/min above empty)` : `${r.budget.figure.toFixed(2)}× (${x.median.toFixed(2)} vs ${css.median.toFixed(2)} CPU s/min, median of ${r.reps})`,
        `≤ ${ENERGY_BUDGET.ratio.toFixed(1)}×`,
        r.budget.figure === null ? null : r.budget.ok,
      );
      return r;
    };
    const parts = { render, startup, timing, idle, memory, embed, energy };
    for (const p of browserParts) {
      const t = Date.now();
      try {
        report[p] = await parts[p](browser, isolated.url);
      } catch (e) {
        errors.push(`${p}: ${e.message}`);
        log(`${p} failed:`, e);
        budget(`${p}: measured`, "failed", "runs", false);
      }
      log(`${p}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
  }
} finally {
  await browser?.close();
  if (isolated) await new Promise((ok) => isolated.server.close(ok));
}
report.machine.loadavgEnd = loadavg().map((x) => +x.toFixed(2));
report.budgets = budgets;
report.errors = errors;
report.seconds = (Date.now() - t0) / 1000;
writeFileSync(`${OUT}/report.json`, JSON.stringify(report, null, 2) + "\n");
const md = markdown(report);
writeFileSync(`${OUT}/report.md`, md + "\n");
console.log(md);
if (WRITE_DOCS) {
  writeDocs(md);
  log(`wrote ${DOCS}`);
}
const broken = budgets.filter((b) => !b.ok);
console.log("");
if (errors.length) console.log(`Errors: ${errors.join("; ")}`);
console.log(
  broken.length
    ? `${broken.length} budget(s) missed: ${broken.map((b) => b.name).join("; ")}. (${report.seconds.toFixed(0)} s; ${OUT}/report.json)`
    : `All budgets hold. (${report.seconds.toFixed(0)} s; ${OUT}/report.json)`,
);
process.exit(broken.length || errors.length ? 1 : 0);
