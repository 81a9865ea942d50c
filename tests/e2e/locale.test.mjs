// <breath-flow> in the reader's language: the element follows `lang` on itself, an ancestor and
// <html>, and a change of it while it runs; regional tags fall back to their language, unknown
// ones to English; a host's partial table falls back per text; an English page asks for no
// language file; axe finds nothing in any locale. Fixture pages are served on the harness origin
// under the same strict CSP as the sample post, and load the real www/breath-flow.js.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { axe, launch, PHONE, screenshotPath } from "./harness.mjs";

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:";
const texts = (tag) => JSON.parse(readFileSync(new URL(`../../library/locales/${tag}.json`, import.meta.url), "utf8"));
const LANGS = { en: texts("en"), es: texts("es"), de: texts("de"), fr: texts("fr") };

/** A fixture page with `<html lang=htmlLang>` and `body`; returns { page, context, requests, errors }. */
async function fixture(htmlLang, body, contextOptions = {}) {
  const context = await env.browser.newContext(contextOptions);
  const base = new URL("fixture/", env.url).href;
  await context.route(`${base}**`, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html lang="${htmlLang}"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="${CSP}">
        <title>Fixture</title>
        <script type="module" src="../breath-flow.js"></script></head><body><main><h1>Fixture</h1>${body}</main></body></html>`,
    }),
  );
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${base}page.html`);
  await page.waitForFunction(() => customElements.get("breath-flow") !== undefined);
  return { page, context, requests, errors };
}

/** Per element (by id): the locale in use, the play button's text and the canvas's words. */
const read = (page, id) =>
  page.evaluate(async (id) => {
    const el = document.getElementById(id);
    const flow = await el.ready;
    const play = el.shadowRoot.querySelector("[part=play]").textContent;
    const words = flow.drawCommands().cmds.filter((c) => c.op === "text").map((c) => c.text);
    return { locale: flow.state().locale, status: flow.state().status, play, words };
  }, id);

test("the element follows lang on itself, an ancestor and <html>, falls back for de-AT and xx, and follows a change", async () => {
  const { page, context, requests, errors } = await fixture(
    "de",
    `<breath-flow id="html" pattern="4-4" eager></breath-flow>
     <div lang="fr"><breath-flow id="ancestor" flow="mobilize-ribs" eager></breath-flow></div>
     <breath-flow id="own" lang="es" pattern="ujjayi" eager></breath-flow>
     <breath-flow id="regional" lang="de-AT" pattern="4-4" eager></breath-flow>
     <breath-flow id="unknown" lang="xx" pattern="4-4" eager></breath-flow>`,
  );
  try {
    const expect = { html: "de", ancestor: "fr", own: "es", regional: "de", unknown: "en" };
    for (const [id, tag] of Object.entries(expect)) {
      const r = await read(page, id);
      assert.equal(r.locale, tag, id);
      assert.equal(r.play, LANGS[tag]["element.start"], `${id}: the play button`);
      assert.ok(r.words.includes(tag === "en" ? "Press Start" : LANGS[tag]["canvas.press-start"]), `${id}: ${r.words}`);
    }
    // The flow's title is the locale's, before and after the engine.
    const title = await page.evaluate(() => document.getElementById("ancestor").shadowRoot.querySelector("[part=title]").textContent);
    assert.equal(title, LANGS.fr["flow.mobilize-ribs.title"]);
    // Each language file once; none for English or an unknown language.
    const files = requests.filter((u) => u.includes("/locales/")).map((u) => new URL(u).pathname.split("/").pop());
    assert.deepEqual(files.sort(), ["de.json", "es.json", "fr.json"]);
    // A change of lang while running: the widget carries on where it was, in the new language.
    await page.evaluate(async () => {
      const el = document.getElementById("ancestor");
      (await el.ready).start();
    });
    await page.waitForTimeout(300);
    const before = await page.evaluate(() => document.getElementById("ancestor").breathFlow.state().elapsedMs);
    await page.evaluate(() => document.querySelector("div[lang]").setAttribute("lang", "es"));
    await page.waitForFunction(() => document.getElementById("ancestor").breathFlow?.state().locale === "es");
    const r = await read(page, "ancestor");
    assert.equal(r.status, "running");
    assert.equal(r.play, LANGS.es["element.pause"]);
    const after = await page.evaluate(() => document.getElementById("ancestor").breathFlow.state().elapsedMs);
    assert.ok(after >= before, `${after} after ${before}: carried on`);
    const step = await page.evaluate(() => document.getElementById("ancestor").breathFlow.state().upNext?.title); // in the countdown
    assert.equal(step, LANGS.es["flow.mobilize-ribs.steps.lie-down.title"]);
    // <html lang> changes an element that follows it (idle: built anew in the new language).
    await page.evaluate(() => document.documentElement.setAttribute("lang", "fr"));
    await page.waitForFunction(() => document.getElementById("html").breathFlow?.state().locale === "fr");
    assert.equal((await read(page, "html")).play, LANGS.fr["element.start"]);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("an English page asks for no language file; a host's partial table falls back per text", async () => {
  const { page, context, requests, errors } = await fixture("en", `<breath-flow id="a" pattern="4-4" eager></breath-flow>`);
  try {
    const r = await read(page, "a");
    assert.equal(r.locale, "en");
    assert.equal(r.play, "Start");
    assert.deepEqual(requests.filter((u) => u.includes("/locales/")), []);
    // registerLocale from the host: an Austrian table with two texts over the shipped German.
    const got = await page.evaluate(async (de) => {
      const m = await import("/pkg/breathflow.js");
      m.registerLocale("de", de);
      const tag = m.registerLocale("de-AT", { "canvas.press-start": "Auf geht's", "element.start": "Los" });
      const el = document.getElementById("a");
      el.setAttribute("lang", "de-AT");
      await new Promise((ok) => setTimeout(ok, 300));
      const flow = await el.ready;
      const words = flow.drawCommands().cmds.filter((c) => c.op === "text").map((c) => c.text);
      return { tag, locale: flow.state().locale, words, play: el.shadowRoot.querySelector("[part=play]").textContent, restart: el.shadowRoot.querySelector("[part=restart]").textContent, bad: (() => { try { m.registerLocale("de", { "canvas.inhale": 5 }); } catch (e) { return e.message; } })() };
    }, LANGS.de);
    assert.equal(got.tag, "de-at");
    assert.equal(got.locale, "de-at");
    assert.ok(got.words.includes("Auf geht's"), String(got.words));
    assert.equal(got.play, "Los");
    assert.equal(got.restart, LANGS.de["element.restart"], "the rest from German");
    assert.match(got.bad, /texts\["canvas\.inhale"\]: must be a string/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("axe finds no violations in any locale, on a phone, with the safety panel open", async () => {
  for (const tag of ["en", "es", "de", "fr"]) {
    const { page, context, errors } = await fixture(tag, `<breath-flow id="a" flow="back-strengthening" conditions="eye-condition" eager></breath-flow>`, PHONE);
    try {
      await read(page, "a");
      await page.evaluate(() => document.getElementById("a").toggle());
      await page.waitForFunction(() => !document.getElementById("a").shadowRoot.querySelector("[part=panel]").hidden);
      const legend = await page.evaluate(() => document.getElementById("a").shadowRoot.querySelector("legend").textContent);
      assert.equal(legend, LANGS[tag]["element.before-you-start"], tag);
      const violations = await axe(page);
      assert.deepEqual(violations, [], `${tag}: ${JSON.stringify(violations, null, 1)}`);
      // Continue: the adapted flow runs in the locale; a picture of it for people to look at
      // (target/screenshots/locale-<tag>.png, the element on a 360-px phone).
      await page.evaluate(() => document.getElementById("a").shadowRoot.querySelector("[part=panel] button").click());
      await page.waitForFunction(() => document.getElementById("a").breathFlow?.state().status === "running");
      await page.waitForTimeout(6500);
      const running = await read(page, "a");
      assert.equal(running.play, LANGS[tag]["element.pause"], tag);
      await page.locator("#a").screenshot({ path: screenshotPath(`locale-${tag}.png`) });
      assert.deepEqual(await axe(page), [], `${tag}, running`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});
