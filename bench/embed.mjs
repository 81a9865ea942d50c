// The embed page before its first widget: what www/embed.html costs a reader who has not scrolled
// to a widget yet, and what scrolling to the first one adds. Part of `make bench` (bench/run.mjs,
// section "embed"); runs alone too, printing its markdown:
//
//   node bench/embed.mjs [--quick] [--root=www] [--far-below]
//
// For each viewport (a 360×740 phone at DPR 2, a 1280×720 desktop) and each page (embed.html; and,
// when its first widget is within one phone screen, or with --far-below, a fixture post with the
// widgets far below the fold), in a fresh browser context (cold caches), several times:
//   1. load the page and wait until 3 s after navigation start, without scrolling: bytes
//      transferred by type (Resource Timing transferSize of the document and every resource:
//      html, css, js, wasm, other), whether pkg/breathflow.js and the wasm were requested, and the
//      main thread's long tasks (PerformanceObserver "longtask", buffered, observed from before the
//      page's first script) in those 3 s: count and total ms;
//   2. scroll the first <breath-flow> into view and wait 3 s more: the same, for the whole visit
//      so far (bytes) and for those 3 s (long tasks).
// Bytes are as served by tools/serve.mjs (uncompressed); "gzip" adds what the same files weigh
// gzipped (-9), as a static host would send them. Long tasks are noisy on a shared machine: the
// table gives the median of the runs and each run's figures.
import { chromium } from "playwright-core";
import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "../tools/serve.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const WINDOW_MS = 3000;
const FIXTURE = "bench-embed-far-below.html";
/** `foreignTexts(root)`, read once per root. */
const foreign = new Map();
const FOREIGN = (root) => foreign.get(root) ?? foreign.set(root, foreignTexts(root)).get(root);

export const VIEWPORTS = [
  { name: "phone 360×740", options: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } },
  { name: "desktop 1280×720", options: { viewport: { width: 1280, height: 720 } } },
];

/** Runs before the page's scripts: collect long tasks from the start. */
function probe() {
  window.__longtasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
    window.__longtaskSupported = true;
  } catch {
    window.__longtaskSupported = false;
  }
}

/** In the page: what was fetched so far, and the long tasks in [from, to). */
function snapshot([from, to]) {
  const kind = (url) => {
    const p = new URL(url).pathname;
    if (p.endsWith("/") || p.endsWith(".html")) return "html";
    if (p.endsWith(".css")) return "css";
    if (p.endsWith(".js") || p.endsWith(".mjs")) return "js";
    if (p.endsWith(".wasm")) return "wasm";
    return "other";
  };
  const nav = performance.getEntriesByType("navigation")[0];
  const entries = [nav, ...performance.getEntriesByType("resource")].filter((e) => !e.name.startsWith("data:"));
  const files = entries.map((e) => ({ path: new URL(e.name).pathname, kind: kind(e.name), bytes: e.transferSize, at: e.startTime }));
  const tasks = window.__longtasks.filter((t) => t.start >= from && t.start < to);
  const el = document.querySelector("breath-flow");
  return {
    files,
    longtaskSupported: window.__longtaskSupported,
    longtasks: { count: tasks.length, totalMs: tasks.reduce((a, t) => a + t.duration, 0) },
    firstWidgetTop: el ? el.getBoundingClientRect().top + scrollY : null,
    widgetReady: el ? el.breathFlow !== null : null,
  };
}

/** Wait until performance.now() in the page reaches `t` ms. */
async function until(page, t) {
  const now = await page.evaluate(() => performance.now());
  if (now < t) await page.waitForTimeout(t - now);
}

/**
 * The texts only another language has (es/de/fr of the element, www/locales/, and of the practice
 * page, www/i18n/; 12 characters or more, and unlike every English text): an English page that
 * carries none of them in any file it downloads, the wasm included, spends no byte on them.
 */
function foreignTexts(root) {
  const table = (dir, tag) => {
    try {
      return JSON.parse(readFileSync(join(root, dir, `${tag}.json`), "utf8"));
    } catch {
      return {};
    }
  };
  const strings = (t) => Object.values(t).flatMap((v) => (typeof v === "string" ? [v] : typeof v === "object" && v ? strings(v) : []));
  // The English these tables translate: the element's table, the canvas's words and safety texts
  // (english.rs), the practice page's sources.
  const texts = join(ROOT, "www", "js", "texts");
  const english = [
    ...strings(JSON.parse(readFileSync(join(ROOT, "library", "locales", "en.json"), "utf8"))),
    ...[join(ROOT, "src", "model", "locale", "english.rs"), join(ROOT, "www", "index.html"), ...readdirSync(texts).map((f) => join(texts, f))].map((f) => readFileSync(f, "utf8")),
  ].join("\n");
  const out = new Set();
  for (const tag of ["es", "de", "fr"]) {
    for (const dir of ["locales", "i18n"]) for (const s of strings(table(dir, tag))) if (s.length >= 12 && !english.includes(s)) out.add(s);
  }
  return [...out].map((s) => Buffer.from(s));
}

/** How many of `texts` some downloaded file of `snap` holds. */
function foreignIn(snap, root, texts) {
  const found = new Set();
  for (const f of snap.files) {
    const path = f.path.endsWith("/") ? `${f.path}index.html` : f.path;
    let bytes;
    try {
      bytes = readFileSync(join(root, path));
    } catch {
      continue;
    }
    texts.forEach((t, i) => bytes.includes(t) && found.add(i));
  }
  return found.size;
}

function summarise(snap, root) {
  const byKind = { html: 0, css: 0, js: 0, wasm: 0, other: 0 };
  const gzipByKind = { html: 0, css: 0, js: 0, wasm: 0, other: 0 };
  for (const f of snap.files) {
    byKind[f.kind] += f.bytes;
    const path = f.path.endsWith("/") ? `${f.path}index.html` : f.path;
    try {
      gzipByKind[f.kind] += gzipSync(readFileSync(join(root, path)), { level: 9 }).length;
    } catch {
      // A file the page made up (the fixture): counted raw.
      gzipByKind[f.kind] += f.bytes;
    }
  }
  const paths = snap.files.map((f) => f.path);
  // Issue 19: an English page fetches no language file (locales/ of the element, i18n/ of the
  // practice page).
  const language = snap.files.filter((f) => /\/(locales|i18n)\//.test(f.path));
  return {
    byKind,
    total: Object.values(byKind).reduce((a, b) => a + b, 0),
    gzipTotal: Object.values(gzipByKind).reduce((a, b) => a + b, 0),
    requests: paths.length,
    glueRequested: paths.some((p) => p.endsWith("/pkg/breathflow.js")),
    languageFiles: language.length,
    languageBytes: language.reduce((a, f) => a + f.bytes, 0),
    // Of the other languages' texts, how many its files hold, and out of how many.
    foreignTexts: foreignIn(snap, root, FOREIGN(root)),
    foreignTextsChecked: FOREIGN(root).length,
    wasmRequested: paths.some((p) => p.endsWith(".wasm")),
    longtasks: snap.longtasks,
    longtaskSupported: snap.longtaskSupported,
    widgetReady: snap.widgetReady,
  };
}

/** A copy of embed.html with the prose repeated before the first widget, so it starts far below. */
function farBelowFixture(root) {
  const html = readFileSync(join(root, "embed.html"), "utf8");
  const i = html.indexOf('<h2>What is actually happening</h2>');
  const j = html.indexOf('<figure class="widget">');
  if (i < 0 || j < i) throw new Error("embed.html: cannot find the prose before the first widget");
  const prose = html.slice(i, j);
  return html.slice(0, j) + prose.repeat(3) + html.slice(j);
}

async function visit(browser, base, root, viewport, path) {
  const context = await browser.newContext(viewport.options);
  try {
    await context.addInitScript(probe);
    if (path === FIXTURE) {
      await context.route(new URL(FIXTURE, base).href, (route) => route.fulfill({ contentType: "text/html; charset=utf-8", body: farBelowFixture(root) }));
    }
    const page = await context.newPage();
    await page.goto(new URL(path, base).href, { waitUntil: "load" });
    await until(page, WINDOW_MS);
    const before = await page.evaluate(snapshot, [0, WINDOW_MS]);
    const scrolledAt = await page.evaluate(async () => {
      document.querySelector("breath-flow").scrollIntoView({ block: "center" });
      return performance.now();
    });
    await until(page, scrolledAt + WINDOW_MS);
    const after = await page.evaluate(snapshot, [scrolledAt, scrolledAt + WINDOW_MS]);
    return { firstWidgetTop: before.firstWidgetTop, before: summarise(before, root), after: summarise(after, root) };
  } finally {
    await context.close();
  }
}

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
};

/** Measure; resolves to the report's "embed" part. */
export async function embed(browser, { root = join(ROOT, "www"), runs = 3, farBelow = false } = {}) {
  const { server, url } = await startServer(root, 0);
  const scenarios = [];
  try {
    for (const viewport of VIEWPORTS) {
      const pages = ["embed.html"];
      for (let k = 0; k < pages.length; k++) {
        const visits = [];
        for (let i = 0; i < runs; i++) visits.push(await visit(browser, url, root, viewport, pages[k]));
        const top = visits[0].firstWidgetTop;
        const height = viewport.options.viewport.height;
        // The first widget within one screen: the page says nothing about "before the first
        // widget" there, so a post with the widgets far below the fold is measured too.
        if (pages[k] === "embed.html" && viewport.options.isMobile && (farBelow || (top !== null && top < height))) pages.push(FIXTURE);
        scenarios.push({ viewport: viewport.name, page: pages[k], height, firstWidgetTop: top, visits });
      }
    }
  } finally {
    server.closeAllConnections?.();
    await new Promise((ok) => server.close(ok));
  }
  return {
    method: `fresh context per visit; ${runs} visit(s) per row; long tasks over ${WINDOW_MS / 1000} s from navigation start, then over ${WINDOW_MS / 1000} s from scrolling the first <breath-flow> into view`,
    runs,
    scenarios,
  };
}

const kb = (b) => (b / 1000).toFixed(1);
const yes = (v) => (v ? "yes" : "no");

/** The section's markdown. */
export function embedMarkdown(r) {
  const L = [];
  L.push("#### The embed page before its first widget");
  L.push("");
  L.push(
    `www/embed.html (a sample post, two widgets) in Chromium, cold caches, no scrolling for the first ${WINDOW_MS / 1000} s, then the first widget scrolled into view for ${WINDOW_MS / 1000} s more. KB transferred since the page was opened (1000 B, served uncompressed; "gzip" is what the same files weigh gzipped); "pkg JS / wasm" says whether the engine's glue and wasm were requested; long tasks are the main thread's (over 50 ms) within each ${WINDOW_MS / 1000}-s window, median of ${r.runs} visit(s) with every visit's count/total in brackets.`,
  );
  L.push("");
  L.push("| Viewport | Page (first widget at) | When | html | css | js | wasm | other | total (gzip) | pkg JS / wasm requested | long tasks: count, total ms |");
  L.push("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const s of r.scenarios) {
    for (const when of ["before", "after"]) {
      const v = s.visits.map((x) => x[when]);
      const first = v[0];
      const lt = v.map((x) => x.longtasks);
      const ltText = first.longtaskSupported
        ? `${median(lt.map((x) => x.count))}, ${median(lt.map((x) => x.totalMs)).toFixed(0)} ms (${lt.map((x) => `${x.count}/${x.totalMs.toFixed(0)}`).join(", ")})`
        : "not supported";
      const page = s.page === FIXTURE ? "fixture: the widgets far below" : s.page;
      const at = s.firstWidgetTop === null ? "–" : `${Math.round(s.firstWidgetTop)} px, ${(s.firstWidgetTop / s.height).toFixed(1)} screens`;
      L.push(
        `| ${s.viewport} | ${page} (${at}) | ${when === "before" ? `first ${WINDOW_MS / 1000} s, not scrolled` : `after scrolling to the first widget (+${WINDOW_MS / 1000} s)`} | ${kb(first.byKind.html)} | ${kb(first.byKind.css)} | ${kb(first.byKind.js)} | ${kb(first.byKind.wasm)} | ${kb(first.byKind.other)} | ${kb(first.total)} (${kb(first.gzipTotal)}) | ${yes(first.glueRequested)} / ${yes(first.wasmRequested)} | ${ltText} |`,
      );
    }
  }
  return L.join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { CHROMIUM_ARGS } = await import("../tests/e2e/harness.mjs");
  const root = resolve(process.argv.find((a) => a.startsWith("--root="))?.slice(7) ?? join(ROOT, "www"));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    const r = await embed(browser, { root, runs: process.argv.includes("--quick") ? 1 : 3, farBelow: process.argv.includes("--far-below") });
    console.log(embedMarkdown(r));
  } finally {
    await browser.close();
  }
}
