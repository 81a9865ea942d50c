// Shared set-up for the end-to-end tests: serve www/ on a free loopback port and drive Debian's
// Chromium with playwright-core. Console errors and page errors are collected for every page.
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer } from "../../tools/serve.mjs";
import { stamp } from "../../tools/stamp.mjs";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Launch Chromium and a server for www/ (or `root`). Call `close()` when done; `stopServer()`
 * cuts the network for real (the browser stays up).
 */
export async function launch({ root = "www" } = {}) {
  const { server, url } = await startServer(root, 0);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
  let serving = true;
  const stopServer = () => {
    if (!serving) return Promise.resolve();
    serving = false;
    server.closeAllConnections?.();
    return new Promise((ok) => server.close(ok));
  };
  return {
    url,
    root,
    browser,
    stopServer,
    async close() {
      await browser.close();
      await stopServer();
    },
  };
}

/**
 * Open `path` in a new context; returns { page, context, errors } where errors collects console
 * errors. `initScript` (a function or source) runs in every document before the page's scripts.
 */
export async function open(env, path, contextOptions = {}, { initScript } = {}) {
  const context = await env.browser.newContext(contextOptions);
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${m.text()} (${m.location()?.url ?? ""})`);
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(new URL(path, env.url).href);
  return { page, context, errors };
}

/** A stamped copy of www/ in a temporary directory (for tests that change files or cut the server). */
export async function stampedCopy() {
  const dir = await mkdtemp(join(tmpdir(), "breathflow-www-"));
  await cp("www", dir, { recursive: true });
  const { hash } = await stamp(dir);
  return { dir, hash, restamp: () => stamp(dir), remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The practice page is ready: the engine loaded and the first practice is in the player. */
export async function practiceReady(page) {
  await page.waitForSelector('#player[data-status="idle"]', { timeout: 15_000 });
  await page.waitForSelector("#flow-cards .card");
}

/** A link fragment that shares `value` (a flow or pattern object), exactly as the page encodes it. */
export function shareFragment(kind, value) {
  return `#${kind}=${Buffer.from(JSON.stringify(value), "utf8").toString("base64url")}`;
}

/** A short flow for tests: three steps, about 36 s if left alone, seconds with next(). */
export const TINY_FLOW = {
  title: "Tiny test flow",
  description: "Three short steps for the end-to-end tests.",
  steps: [
    { kind: "pose", id: "reach", title: "Reach up", seconds: 30, cues: ["Reach both arms up.", "Let the shoulders drop."] },
    { kind: "breathe", id: "breathe", title: "Two quick breaths", pattern: "1-1", breaths: 2, cues: ["In through the nose.", "Out through the mouth."] },
    { kind: "rest", id: "rest", title: "Rest", seconds: 1, cues: ["Let the breath settle."] },
  ],
};

/** Run axe-core in the page (the page's CSP blocks injected <script>; evaluate is not subject to it). */
export async function axe(page, options = {}) {
  const source = await readFile("node_modules/axe-core/axe.min.js", "utf8");
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(source);
  const result = await page.evaluate((opts) => window.axe.run(document, { resultTypes: ["violations"], ...opts }), options);
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary}`),
  }));
}

/** Screenshots go to target/screenshots/ (not committed). */
export function screenshotPath(name) {
  mkdirSync("target/screenshots", { recursive: true });
  return join("target/screenshots", name);
}

/** Context options of a phone: 360×740 CSS px at DPR 2, touch. */
export const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** An init script that keeps every text the page's live region (#announcer) says, trimmed, in
 * `window.__announced` (the region is cleared between announcements). */
export function recordAnnouncements() {
  window.__announced = [];
  document.addEventListener("DOMContentLoaded", () => {
    const region = document.getElementById("announcer");
    new MutationObserver(() => {
      if (region.textContent) window.__announced.push(region.textContent.trim());
    }).observe(region, { childList: true, characterData: true, subtree: true });
  });
}
