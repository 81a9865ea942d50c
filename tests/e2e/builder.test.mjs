// "Embed this" on the practice page: the builder for a library pattern, a library flow and a saved
// pattern of the person's own. Options change both snippets and the live preview; the copied
// script snippet, pasted into a blank page on the same origin under the same strict CSP, becomes a
// widget with those options that plays; the frame snippet's address carries the same options (and
// when www/frame.html exists, it plays too). Bad input says what to fix; copying falls back to a
// selected text when the clipboard is out of reach.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { axe, launch, open, practiceReady } from "./harness.mjs";

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";
// No service worker: a route must see every request of the blank page.
const CONTEXT = { viewport: { width: 1280, height: 900 }, serviceWorkers: "block" };

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** Serve `snippet` at /<name> on the harness origin, wrapped in a minimal page with the CSP. */
async function routeBlank(context, name, snippet) {
  const url = new URL(name, env.url).href;
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}"><title>A blank host page</title></head><body><main><h1>Someone's post</h1>\n${snippet}\n</main></body></html>`;
  await context.route(url, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body }));
  return url;
}

/**
 * The attributes of the one element `tag` in an HTML snippet, read by the browser's HTML parser
 * (in a blank tab: under the practice page's CSP, parsing a style attribute logs a violation).
 */
async function parsed(page, snippet, tag) {
  const scratch = await page.context().newPage();
  try {
    return await scratch.evaluate(
    ({ snippet, tag }) => {
      const doc = new DOMParser().parseFromString(snippet, "text/html");
      const els = doc.querySelectorAll(tag);
      return els.length === 1 ? Object.fromEntries([...els[0].attributes].map((a) => [a.name, a.value])) : { count: els.length };
    },
      { snippet, tag },
    );
  } finally {
    await scratch.close();
  }
}

/** The first <breath-flow> on the page is up: its BreathFlow's state. */
async function widgetState(pageOrFrame) {
  await pageOrFrame.waitForFunction(() => document.querySelector("breath-flow")?.breathFlow != null, null, { timeout: 15_000 });
  return pageOrFrame.evaluate(() => {
    const el = document.querySelector("breath-flow");
    const s = el.breathFlow.state();
    return { status: s.status, totalMs: s.totalMs, changes: s.changes?.length ?? 0, title: el.shadowRoot.querySelector("[part=title]").textContent, width: el.getBoundingClientRect().width };
  });
}

/** Press the widget's own play button and wait for it to run. */
async function play(pageOrFrame) {
  await pageOrFrame.locator("breath-flow button[part=play]").click();
  await pageOrFrame.waitForFunction(() => document.querySelector("breath-flow").breathFlow.state().status === "running");
}

async function openBuilder(page, cardSelector) {
  await page.click(`${cardSelector} button:has-text("Embed this")`);
  await page.waitForSelector("dialog#embed[open]");
  await page.waitForFunction(() => document.querySelector("#embed-preview-slot breath-flow")?.breathFlow != null);
}

/** Wait until the preview shows `attrs` exactly (it is rebuilt after each change). */
async function previewHas(page, attrs) {
  await page.waitForFunction((want) => {
    const el = document.querySelector("#embed-preview-slot breath-flow");
    return el?.breathFlow != null && Object.entries(want).every(([k, v]) => el.getAttribute(k) === v);
  }, attrs);
}

test("a library pattern: minutes, size and sound reach both snippets; the pasted script snippet plays for that long", async () => {
  const { page, context, errors } = await open(env, "index.html", CONTEXT);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: env.url });
  await practiceReady(page);
  await openBuilder(page, '#pattern-cards [data-id="box"]');
  assert.equal(await page.textContent("#embed-title"), "Embed Box breathing");
  assert.equal(await page.isHidden("#embed-conditions-box"), true, "a pattern has no conditions");

  await page.check("#embed-len-minutes");
  await page.fill("#embed-count", "2");
  await page.fill("#embed-size", "260");
  await page.check("#embed-sound");
  await page.selectOption("#embed-theme", "dark");
  await previewHas(page, { pattern: "box", seconds: "120", size: "260", sound: "" });
  await page.waitForFunction(() => document.querySelector("#embed-iframe").value.includes("theme=dark"));
  // Whole breaths: the engine rounds two minutes up to the end of a breath (box is 16 s a breath).
  const twoMinutes = await page.evaluate(async () => {
    const { Pacer } = await import("./pkg/breathflow.js");
    const pacer = new Pacer("box", { seconds: 120 });
    try {
      return pacer.durationMs;
    } finally {
      pacer.free();
    }
  });
  assert.ok(twoMinutes >= 120_000 && twoMinutes < 136_000, `two minutes of box breathing: ${twoMinutes}`);
  assert.equal(await page.evaluate(() => document.querySelector("#embed-preview-slot breath-flow").breathFlow.state().totalMs), twoMinutes);

  const script = await page.inputValue("#embed-script");
  const iframe = await page.inputValue("#embed-iframe");
  const src = new URL("breath-flow.js", env.url).href;
  assert.equal(script, `<script type="module" src="${src}"></script>\n<breath-flow pattern="box" seconds="120" sound size="260"></breath-flow>`);
  const frame = await parsed(page, iframe, "iframe");
  assert.equal(frame.title, "Breathing guide: Box breathing");
  assert.equal(frame.width, "260");
  assert.ok(Number(frame.height) > 260, `the frame is tall enough for the controls: ${frame.height}`);
  assert.equal(frame.loading, "lazy");
  assert.equal(frame.allow, "screen-wake-lock", "the frame may keep the screen on while it runs");
  const url = new URL(frame.src);
  assert.equal(`${url.origin}${url.pathname}`, new URL("frame.html", env.url).href, "an absolute address of frame.html next to the page");
  assert.deepEqual(Object.fromEntries(url.searchParams), { pattern: "box", seconds: "120", sound: "on", theme: "dark" }, "the frame alone has a theme");

  // Copy: the clipboard holds exactly the snippet, and the dialog says so.
  await page.click("#embed-copy-script");
  await page.waitForFunction(() => document.querySelector("#embed-copied").textContent !== "");
  assert.equal(await page.textContent("#embed-copied"), "Copied the script snippet.");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, script);
  assert.deepEqual(await axe(page), [], "axe with the builder open");

  // Pasted into someone else's page: a widget with those options, and it plays.
  const host = await context.newPage();
  const hostErrors = [];
  host.on("pageerror", (e) => hostErrors.push(String(e)));
  host.on("console", (m) => m.type() === "error" && hostErrors.push(m.text()));
  await host.goto(await routeBlank(context, "blank-pattern.html", copied));
  const state = await widgetState(host);
  assert.equal(state.totalMs, twoMinutes, "two minutes");
  assert.equal(state.title, "Box breathing");
  assert.equal(state.width, 260, "260 CSS px wide");
  await play(host);
  assert.deepEqual(hostErrors, []);

  // The frame snippet, when this build has a frame page.
  if (existsSync("www/frame.html")) {
    await host.goto(await routeBlank(context, "blank-host-of-a-frame.html", iframe));
    const inner = host.frameLocator("iframe");
    await inner.locator("breath-flow").waitFor();
    const f = host.frames().find((fr) => fr !== host.mainFrame() && new URL(fr.url()).pathname.endsWith("/frame.html"));
    const fs = await widgetState(f);
    assert.equal(fs.totalMs, twoMinutes);
    await play(f);
    assert.deepEqual(hostErrors, []);
  }

  // Closing the builder removes the preview widget.
  await page.click('dialog#embed button[value="close"]');
  await page.waitForFunction(() => !document.querySelector("dialog#embed").open);
  // The dialog's "close" event (which removes it) is dispatched in a task after `open` turns false.
  await page.waitForFunction(() => document.querySelector("#embed-preview-slot breath-flow") === null, null, { timeout: 2000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test("a library flow: ticked conditions go into both snippets and adapt the pasted widget", async () => {
  const { page, context, errors } = await open(env, "index.html", CONTEXT);
  await practiceReady(page);
  await openBuilder(page, '#flow-cards [data-id="back-strengthening"]');
  assert.equal(await page.isHidden("#embed-length"), true, "a flow has its own length");
  assert.equal(await page.locator("#embed-conditions input").count(), 4);
  await page.check("#embed-cond-eye-condition");
  await previewHas(page, { flow: "back-strengthening", conditions: "eye-condition" });
  const script = await page.inputValue("#embed-script");
  assert.match(script, /<breath-flow flow="back-strengthening" conditions="eye-condition" size="\d+"><\/breath-flow>$/);
  const frame = await parsed(page, await page.inputValue("#embed-iframe"), "iframe");
  assert.deepEqual(Object.fromEntries(new URL(frame.src).searchParams), { flow: "back-strengthening", conditions: "eye-condition" });

  const host = await context.newPage();
  await host.goto(await routeBlank(context, "blank-flow.html", script));
  const state = await widgetState(host);
  assert.ok(state.changes >= 1, "the flow is adapted for the eye condition");
  // A flow that conditions change asks first, inside the element, with the embed's conditions ticked.
  await host.locator("breath-flow button[part=play]").click();
  const panel = host.locator("breath-flow [part=panel]");
  await panel.waitFor();
  assert.equal(await panel.locator('input[value="eye-condition"]').isChecked(), true);
  await panel.locator('button:has-text("Continue")').click();
  await host.waitForFunction(() => document.querySelector("breath-flow").breathFlow?.state().status === "running");
  assert.ok((await widgetState(host)).changes >= 1, "still adapted after Continue");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a saved pattern of your own travels as escaped JSON; bad input says what to fix; copying falls back to selected text", async () => {
  // No clipboard here: writeText refuses, as it does on a page without permission.
  const noClipboard = () => {
    Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText: () => Promise.reject(new DOMException("Not allowed", "NotAllowedError")) } });
    document.execCommand = () => false;
  };
  const { page, context, errors } = await open(env, "index.html", CONTEXT, { initScript: noClipboard });
  await practiceReady(page);
  const title = `Quiet "ocean" <long> & slow`;
  await page.fill("#ed-title", title);
  await page.fill("#ed-in", "4");
  await page.fill("#ed-out", "6");
  await page.waitForFunction(() => document.querySelector("#editor-message").dataset.state === "ok");
  await page.click('#editor-form button[type="submit"]');
  const card = "#mine-cards .card:first-child";
  await page.waitForSelector(`${card} button:has-text("Embed this")`);
  await openBuilder(page, card);
  assert.equal(await page.textContent("#embed-name"), title);

  await page.fill("#embed-count", "5");
  await page.fill("#embed-size", "200");
  await previewHas(page, { breaths: "5", size: "200" });
  const script = await page.inputValue("#embed-script");
  // The JSON is escaped for the attribute: no raw quote or angle bracket from the title.
  const line = script.split("\n")[1];
  assert.match(line, /^<breath-flow pattern="\{&quot;/);
  assert.doesNotMatch(line.slice(0, line.lastIndexOf("</breath-flow>")).replace(/^<breath-flow /, ""), /[<]|(?<!=)"(?![ >])/, line);
  const el = await parsed(page, script, "breath-flow");
  const pattern = JSON.parse(el.pattern);
  assert.equal(pattern.title, title);
  assert.deepEqual(pattern.phases.map((p) => [p.phase, p.seconds]), [["inhale", 4], ["exhale", 6]]);
  assert.equal(el.breaths, "5");
  const frame = await parsed(page, await page.inputValue("#embed-iframe"), "iframe");
  const params = new URL(frame.src).searchParams;
  assert.deepEqual(JSON.parse(params.get("pattern")), pattern, "the same pattern, URL-encoded");
  assert.equal(params.get("breaths"), "5");
  assert.equal(frame.title, `Breathing guide: ${title}`);

  // Copy without a clipboard: the snippet is selected, ready to copy by hand, and the dialog says so.
  await page.click("#embed-copy-script");
  await page.waitForFunction(() => document.querySelector("#embed-copied").textContent !== "");
  assert.match(await page.textContent("#embed-copied"), /selected: copy it with Ctrl\+C/);
  const selection = await page.evaluate(() => {
    const t = document.activeElement;
    return { id: t.id, all: t.selectionStart === 0 && t.selectionEnd === t.value.length };
  });
  assert.deepEqual(selection, { id: "embed-script", all: true });

  // Bad input: a clear message, the field marked, nothing to copy until it is fixed.
  await page.fill("#embed-size", "50");
  await page.waitForFunction(() => document.querySelector("#embed-message").dataset.state === "error");
  assert.match(await page.textContent("#embed-message"), /Size must be a whole number from 200 to 2000, not “50”/);
  assert.equal(await page.getAttribute("#embed-size", "aria-invalid"), "true");
  assert.equal(await page.isDisabled("#embed-copy-script"), true);
  await page.fill("#embed-count", "0");
  await page.fill("#embed-size", "200");
  await page.waitForFunction(() => /Breaths must be a whole number from 1 to 200/.test(document.querySelector("#embed-message").textContent));
  await page.fill("#embed-count", "5");
  await page.waitForFunction(() => document.querySelector("#embed-message").dataset.state === "ok");
  assert.equal(await page.isEnabled("#embed-copy-script"), true);
  assert.equal(await page.inputValue("#embed-script"), script, "back to the same code");

  const host = await context.newPage();
  await host.goto(await routeBlank(context, "blank-mine.html", script));
  const state = await widgetState(host);
  assert.equal(state.title, title);
  assert.equal(state.totalMs, 5 * 10_000, "five breaths of 4 + 6 s");
  await play(host);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the builder on a phone in dark mode: axe finds nothing, nothing sticks out sideways, Escape closes it and focus goes back", async () => {
  const phone = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, colorScheme: "dark", serviceWorkers: "block" };
  const { page, context, errors } = await open(env, "index.html", phone);
  await practiceReady(page);
  await openBuilder(page, '#pattern-cards [data-id="ribs"]');
  assert.equal(await page.evaluate(() => document.activeElement.id), "embed-title", "reading starts at the title");
  const wide = await page.evaluate(() => {
    const d = document.querySelector("#embed");
    return { dialog: d.scrollWidth - d.clientWidth, page: document.documentElement.scrollWidth - document.documentElement.clientWidth, right: d.getBoundingClientRect().right };
  });
  assert.ok(wide.dialog <= 0 && wide.page <= 0 && wide.right <= 360, `nothing sticks out: ${JSON.stringify(wide)}`);
  assert.deepEqual(await axe(page), [], "axe with the builder open on a phone, dark");
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => !document.querySelector("dialog#embed").open);
  assert.equal(await page.evaluate(() => document.activeElement.closest(".card")?.dataset.id), "ribs", "focus returns to the card");
  assert.deepEqual(errors, []);
  await context.close();
});
