// The practice page in the reader's language (issue 19, part 5): every text of the page has a
// translation in each language with the same placeholders; the page follows the browser's
// language, its switcher sets <html lang> and is remembered; durations and plurals go through
// Intl; spoken guidance uses a voice of the language and is hidden without one; axe finds
// nothing in any language on a phone. Screenshots: target/screenshots/page-<lang>.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { axe, launch, open, PHONE, practiceReady, screenshotPath } from "./harness.mjs";

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const LANGS = ["es", "de", "fr"];
const table = (tag) => JSON.parse(readFileSync(new URL(`../../www/i18n/${tag}.json`, import.meta.url), "utf8"));
const engineTexts = (tag) => JSON.parse(readFileSync(new URL(`../../library/locales/${tag}.json`, import.meta.url), "utf8"));

/** The placeholders of a text or of every form of a plural text: "{name}", "{0}". */
function holes(text) {
  const all = typeof text === "string" ? [text] : Object.values(text);
  return new Set(all.flatMap((s) => [...s.matchAll(/\{([a-zA-Z0-9]+)\}/g)].map((m) => m[1])));
}

/** Every English text of the page, by id, as the page itself collects it (markup and scripts). */
async function english() {
  const { page, context } = await open(env, "index.html");
  await practiceReady(page);
  const texts = await page.evaluate(async () => (await import("./js/i18n.js")).allEnglish());
  await context.close();
  return texts;
}

test("every text of the page is in es, de and fr, with the same placeholders and plural forms", async () => {
  const en = await english();
  // The reference for translators (not committed).
  mkdirSync("target/i18n", { recursive: true });
  writeFileSync("target/i18n/page-en.json", JSON.stringify(en, null, 2) + "\n");
  assert.ok(Object.keys(en).length > 150, `only ${Object.keys(en).length} texts found`);
  for (const lang of LANGS) {
    const t = table(lang);
    const missing = Object.keys(en).filter((id) => !Object.hasOwn(t, id));
    const extra = Object.keys(t).filter((id) => !Object.hasOwn(en, id));
    assert.deepEqual(missing, [], `${lang}: texts missing`);
    assert.deepEqual(extra, [], `${lang}: texts no longer used`);
    const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    for (const [id, text] of Object.entries(t)) {
      const want = en[id];
      if (typeof want === "string") {
        assert.equal(typeof text, "string", `${lang} ${id}: a plain text`);
        assert.ok(text.trim().length > 0, `${lang} ${id}: blank`);
      } else {
        assert.equal(typeof text, "object", `${lang} ${id}: plural forms`);
        for (const c of ["one", "other"]) assert.ok(categories.includes(c) && typeof text[c] === "string", `${lang} ${id}: form "${c}"`);
        for (const c of Object.keys(text)) assert.ok(categories.includes(c), `${lang} ${id}: "${c}" is no plural category of ${lang}`);
      }
      // A translation may leave out {n} in a singular ("one book"), nothing else; it adds none.
      const have = holes(text);
      const need = holes(want);
      for (const h of have) assert.ok(need.has(h), `${lang} ${id}: unknown placeholder {${h}}`);
      for (const h of need) assert.ok(have.has(h) || (h === "n" && typeof want === "object"), `${lang} ${id}: placeholder {${h}} left out`);
    }
  }
});

/** An init script keeping every text drawn on a canvas, with the canvas's id, in `__drawn`. */
function recordCanvasTexts() {
  window.__drawn = [];
  const fillText = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
    window.__drawn.push({ id: this.canvas.id, text: String(text) });
    return fillText.call(this, text, ...rest);
  };
}

test("the page follows the browser's language; the switcher sets <html lang>, is remembered and goes back to English", async () => {
  const { page, context, errors } = await open(env, "index.html", { locale: "de-AT" }, { initScript: recordCanvasTexts });
  await practiceReady(page);
  const de = table("de");
  assert.equal(await page.getAttribute("html", "lang"), "de");
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains("translating")), false, "shown once translated");
  assert.equal(await page.textContent('a[data-t="page.nav-library"]'), de["page.nav-library"]);
  assert.equal(await page.title(), de["page.doc-title"]);
  assert.equal(await page.inputValue("#language"), "de");
  // The engine speaks German too: the library's cards and the player's canvas words.
  const engine = engineTexts("de");
  assert.ok((await page.textContent("#pattern-cards")).includes(engine["pattern.box.title"]), "pattern titles in German");
  assert.ok((await page.textContent("#flow-cards")).includes(engine["flow.mobilize-ribs.title"]), "flow titles in German");
  assert.equal(await page.textContent("#practice-title"), engine["pattern.ribs.title"], "the player's practice in German");
  assert.equal(await page.getAttribute("#stage", "aria-label"), de["page.stage-label"], "attributes are translated too");
  assert.equal(await page.textContent("#practice-kind"), de["player.kind-pattern"]);
  // Both canvases speak German: the player's and the editor's preview.
  await page.waitForFunction(() => window.__drawn.some((d) => d.id === "preview"));
  const drawn = await page.evaluate(() => window.__drawn);
  for (const id of ["stage", "preview"]) {
    assert.ok(drawn.some((d) => d.id === id && d.text === engine["canvas.press-start"]), `#${id} says "${engine["canvas.press-start"]}"`);
  }
  assert.deepEqual(drawn.filter((d) => d.text === "Press Start"), [], "no English on a canvas");
  // Durations through Intl: the cards say "Min." and the seconds of the rhythm use a comma.
  assert.match(await page.textContent("#flow-cards"), /Min\./);

  // The embed code copied from a German page gives a German widget, in the element and the frame.
  await page.click(`#pattern-cards .card button:has-text("${de["library.embed"]}")`);
  await page.waitForSelector("dialog#embed[open]");
  await page.waitForFunction(() => document.querySelector("#embed-preview-slot breath-flow")?.breathFlow != null);
  assert.match(await page.inputValue("#embed-script"), /<breath-flow [^>]*lang="de"/);
  assert.match(await page.inputValue("#embed-iframe"), /[?&;]lang=de\b/);
  assert.equal(await page.evaluate(() => document.querySelector("#embed-preview-slot breath-flow").breathFlow.state().locale), "de");
  await page.click('dialog#embed button[value="close"]');

  // Switch to French: the page reloads in French and stays French on the next visit.
  await Promise.all([page.waitForEvent("load"), page.selectOption("#language", "fr")]);
  await practiceReady(page);
  assert.equal(await page.getAttribute("html", "lang"), "fr");
  assert.equal(await page.textContent('a[data-t="page.nav-library"]'), table("fr")["page.nav-library"]);
  const again = await context.newPage();
  await again.goto(new URL("index.html", env.url).href);
  await practiceReady(again);
  assert.equal(await again.getAttribute("html", "lang"), "fr", "the choice is remembered");
  assert.equal(await again.evaluate(() => localStorage.getItem("breathflow.language")), "fr");

  // Back to English.
  await Promise.all([again.waitForEvent("load"), again.selectOption("#language", "en")]);
  await practiceReady(again);
  assert.equal(await again.getAttribute("html", "lang"), "en");
  assert.equal(await again.textContent('a[data-t="page.nav-library"]'), "Library");
  assert.deepEqual(errors, []);
  await context.close();
});

/** An init script giving the page one voice of `lang` and recording what it says. */
function voiceOf(lang) {
  window.__said = [];
  const synth = new EventTarget();
  synth.getVoices = () => [{ name: `Test ${lang}`, lang, default: true }];
  synth.speak = (u) => window.__said.push({ text: u.text, lang: u.lang });
  synth.cancel = () => {};
  Object.defineProperty(window, "speechSynthesis", { configurable: true, value: synth });
}

test("spoken guidance: a voice of the page's language is used, and the option is hidden without one", async () => {
  // A German page with only an English voice: no spoken guidance offered.
  const en = await open(env, "index.html", { locale: "de-DE" }, { initScript: `(${voiceOf})("en-US")` });
  await practiceReady(en.page);
  assert.equal(await en.page.isHidden("#speech-options"), true, "no German voice: no option");
  await en.context.close();

  const de = await open(env, "index.html", { locale: "de-DE" }, { initScript: `(${voiceOf})("de-DE")` });
  const { page, errors } = de;
  await practiceReady(page);
  await page.waitForSelector("#speech-options:not([hidden])");
  await page.check("#opt-speak-steps");
  await page.click(`#flow-cards .card button:has-text("${table("de")["library.practise"]}")`);
  await page.click('dialog#safety button[value="ok"]');
  await page.click("#btn-play");
  await page.waitForFunction(() => window.__said.length > 0);
  const said = await page.evaluate(() => window.__said[0]);
  assert.equal(said.lang, "de-DE");
  const title = await page.textContent("#step-title");
  assert.ok(said.text.startsWith(title), `says the step's title, "${title}": ${said.text}`);
  assert.deepEqual(errors, []);
  await de.context.close();
});

test("axe finds nothing in any language on a phone; screenshots of the page in each", async () => {
  for (const lang of ["en", ...LANGS]) {
    const { page, context, errors } = await open(env, `index.html?lang=${lang}`, PHONE);
    await practiceReady(page);
    assert.equal(await page.getAttribute("html", "lang"), lang);
    const violations = await axe(page);
    assert.deepEqual(violations, [], `${lang}: axe`);
    // Nothing wider than the phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    assert.ok(overflow <= 0, `${lang}: the page is ${overflow} px wider than the phone`);
    await page.screenshot({ path: screenshotPath(`page-${lang}.png`) });
    assert.deepEqual(errors, [], lang);
    await context.close();
  }
});
