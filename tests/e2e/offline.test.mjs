// Offline: after one visit the service worker has the whole app; with the network cut (browser
// offline and the server shut down) a reload still loads and a full practice runs and is logged.
// A changed build gets a new cache, which the next visit uses. Each test serves its own stamped
// copy of www/, so it can cut the server or change files without touching other tests.
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, open, practiceReady, shareFragment, stampedCopy, TINY_FLOW } from "./harness.mjs";
import { appendFile } from "node:fs/promises";
import { join } from "node:path";

const controlled = (page) => page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
const cacheNames = (page) => page.evaluate(() => caches.keys());

test("after one visit, with the network cut, a reload still practises", async () => {
  const www = await stampedCopy();
  const env = await launch({ root: www.dir });
  try {
    const { page, context, errors } = await open(env, "index.html");
    await practiceReady(page);
    await controlled(page);
    assert.deepEqual(await cacheNames(page), [`breathflow-${www.hash}`]);

    // Cut the network twice over: the browser is offline and the server is gone.
    await context.setOffline(true);
    await env.stopServer();
    assert.equal(await page.evaluate(() => fetch("index.html?probe", { cache: "no-store" }).then(() => "network", () => "no network")), "no network");
    const probe = errors.findIndex((e) => e.includes("index.html?probe"));
    if (probe >= 0) errors.splice(probe, 1); // the probe's own failure is expected

    await page.reload();
    await practiceReady(page);
    // A full practice: the shared tiny flow, start to finish, into the log.
    await page.goto(new URL(`index.html${shareFragment("flow", TINY_FLOW)}`, env.url).href);
    await page.waitForSelector('#shared[data-state="ok"]');
    await page.click('#shared button:has-text("Practise it")');
    await page.waitForSelector("dialog#safety[open]");
    await page.click('dialog#safety button[value="ok"]');
    await page.waitForFunction(() => document.querySelector("#practice-title").textContent === "Tiny test flow");
    await page.click("#btn-play");
    await page.waitForSelector('#player[data-status="running"]');
    await page.click("#btn-next");
    await page.waitForSelector('#player[data-status="done"]', { timeout: 20_000 });
    await page.waitForSelector('#log-list li:has-text("Tiny test flow")');
    // The other pages were precached too.
    await page.goto(new URL("embed.html", env.url).href);
    await page.waitForFunction(() => [...document.querySelectorAll("breath-flow")].every((el) => el.breathFlow !== null));
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await env.close();
    await www.remove();
  }
});

test("a changed build gets a new cache, the old one is deleted, and the next visit uses it", async () => {
  const www = await stampedCopy();
  const env = await launch({ root: www.dir });
  try {
    const { page, context, errors } = await open(env, "index.html");
    await practiceReady(page);
    await controlled(page);
    assert.deepEqual(await cacheNames(page), [`breathflow-${www.hash}`]);

    // A new build: one stylesheet changes, `make build` stamps it.
    await appendFile(join(www.dir, "app.css"), "\n/* build two */\n");
    const { hash: next } = await www.restamp();
    assert.notEqual(next, www.hash);

    // The next visit: the browser sees the new stamp, installs the new worker, swaps the caches,
    // and offers the reload.
    await page.reload();
    await practiceReady(page);
    await page.waitForFunction((name) => caches.keys().then((k) => k.length === 1 && k[0] === name), `breathflow-${next}`, { timeout: 20_000 });
    await page.waitForSelector('#notices .notice:has-text("A new version of breathflow is ready")');
    await page.reload();
    await practiceReady(page);
    const css = await page.evaluate(() => fetch("app.css").then((r) => r.text()));
    assert.match(css, /build two/);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await env.close();
    await www.remove();
  }
});
