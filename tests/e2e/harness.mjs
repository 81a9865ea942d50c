// Shared set-up for the end-to-end tests: serve www/ on a free loopback port and drive Debian's
// Chromium with playwright-core. Console errors and page errors are collected for every page.
import { chromium } from "playwright-core";
import { startServer } from "../../tools/serve.mjs";

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

/** Launch Chromium and a server for www/. Call `close()` when done. */
export async function launch() {
  const { server, url } = await startServer("www", 0);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
  return {
    url,
    browser,
    async close() {
      await browser.close();
      await new Promise((ok) => server.close(ok));
    },
  };
}

/** Open `path` in a new context; returns { page, context, errors } where errors collects console errors. */
export async function open(env, path, contextOptions = {}) {
  const context = await env.browser.newContext(contextOptions);
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${m.text()} (${m.location()?.url ?? ""})`);
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(new URL(path, env.url).href);
  return { page, context, errors };
}
