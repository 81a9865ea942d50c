// The <breath-flow> element in the sample blog post, and the API page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open } from "./harness.mjs";

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** Wait until every <breath-flow> on the page has its widget (module initialised, canvas drawn). */
const widgetsReady = (page, n) =>
  page.waitForFunction((count) => {
    const els = [...document.querySelectorAll("breath-flow")];
    return els.length === count && els.every((el) => el.breathFlow !== null);
  }, n);

/** Fingerprint of the canvas inside the i-th widget's shadow root. */
function widgetPixels(i) {
  const c = document.querySelectorAll("breath-flow")[i].shadowRoot.querySelector("canvas");
  const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  let h = 0;
  let ink = 0;
  for (let j = 0; j < d.length; j += 4) {
    h = (h * 31 + d[j] + d[j + 1] * 7 + d[j + 2] * 13) >>> 0;
    if (d[j + 3] > 0) ink++;
  }
  return { h, ink, w: c.width, cssW: c.getBoundingClientRect().width };
}

test("the embed page renders both widgets in the prose and plays them at once", async () => {
  const { page, context, errors } = await open(env, "embed.html");
  await widgetsReady(page, 2);
  const titles = await page.locator("breath-flow").evaluateAll((els) => els.map((el) => el.shadowRoot.querySelector("[part=title]").textContent));
  assert.deepEqual(titles, ["Ujjayi (ocean breath)", "Mobilize the Ribs"]);
  // One wasm download and one initialisation for the whole page.
  const wasmFetches = await page.evaluate(() => performance.getEntriesByType("resource").filter((e) => e.name.endsWith("breathflow_bg.wasm")).length);
  assert.equal(wasmFetches, 1);

  const before = [];
  for (const i of [0, 1]) {
    const px = await page.evaluate(widgetPixels, i);
    assert.ok(px.cssW >= 200 && px.ink > 0, `widget ${i} is laid out and drawn: ${JSON.stringify(px)}`);
    before.push(px.h);
    await page.locator("breath-flow").nth(i).locator("button[part=play]").click();
  }
  // Mobilize the Ribs changes with recent surgery: its first start asks first (lazy.test.mjs has
  // the panel in detail); Continue with nothing ticked starts it as written.
  await page.locator("breath-flow").nth(1).locator("[part=panel] button").click();
  await page.waitForFunction(() =>
    [...document.querySelectorAll("breath-flow")].every((el) => el.breathFlow.state().status === "running" && el.breathFlow.state().elapsedMs > 600),
  );
  for (const i of [0, 1]) {
    let changed = false;
    for (let k = 0; k < 300 && !changed; k++) {
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
      changed = (await page.evaluate(widgetPixels, i)).h !== before[i];
    }
    assert.ok(changed, `widget ${i} animates`);
    assert.equal(await page.locator("breath-flow").nth(i).locator("button[part=play]").textContent(), "Pause");
  }
  // Pause one; the other keeps going.
  await page.locator("breath-flow").nth(0).locator("button[part=play]").click();
  const states = await page.locator("breath-flow").evaluateAll((els) => els.map((el) => el.breathFlow.state().status));
  assert.deepEqual(states, ["paused", "running"]);
  assert.deepEqual(errors, []);
  await context.close();
});

test("bad attributes show a readable message in the element and a console.error; fixing them recovers", async () => {
  const { page, context, errors } = await open(env, "embed.html");
  await widgetsReady(page, 2);
  await page.evaluate(() => {
    const add = (attrs) => {
      const el = document.createElement("breath-flow");
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      el.className = "bad";
      document.querySelector("article").append(el);
    };
    // eager: these are below the fold, and two of the mistakes need the engine to be found.
    add({ pattern: "nope", eager: "" });
    add({ pattern: "box", breaths: "ten", eager: "" });
    add({ pattern: "box", size: "5", eager: "" });
    add({ flow: "spasm-relief", conditions: "bad-knees", eager: "" });
  });
  await page.waitForFunction(() => [...document.querySelectorAll("breath-flow.bad")].every((el) => !el.shadowRoot.querySelector("[part=error]").hidden));
  const messages = await page.locator("breath-flow.bad").evaluateAll((els) => els.map((el) => el.shadowRoot.querySelector("[part=error]").textContent));
  assert.match(messages[0], /could not start\. options\.pattern: unknown pattern id "nope"/);
  assert.match(messages[1], /breaths: must be a plain decimal number such as 10 or 2\.5, got "ten"/);
  assert.match(messages[2], /size: must be a plain number of CSS px from 120 to 2000, got "5"/);
  assert.match(messages[3], /unknown condition "bad-knees"/);
  assert.equal(errors.length, 4, errors.join("\n"));
  assert.ok(errors.every((e) => e.includes("<breath-flow>")), errors.join("\n"));
  // No empty picture and no dead buttons next to the message: only the message is laid out.
  const shown = await page.locator("breath-flow.bad").evaluateAll((els) =>
    els.map((el) => [...el.shadowRoot.querySelectorAll("[part]")].filter((p) => p.getClientRects().length).map((p) => p.getAttribute("part")).join(" ")),
  );
  assert.deepEqual(shown, ["frame error", "frame error", "frame error", "frame error"]);
  // The rest of the page is untouched: the post's widgets still play.
  await page.locator("breath-flow").nth(0).locator("button[part=play]").click();
  await page.waitForFunction(() => document.querySelector("breath-flow").breathFlow.state().status === "running");
  // Attribute changes are followed: a fixed attribute brings the widget up.
  await page.evaluate(() => document.querySelector("breath-flow.bad").setAttribute("pattern", "4-7-8"));
  await page.waitForFunction(() => document.querySelector("breath-flow.bad").breathFlow !== null);
  assert.equal(await page.locator("breath-flow.bad").first().locator("[part=error]").isHidden(), true);
  assert.equal(await page.locator("breath-flow.bad").first().locator("[part=title]").textContent(), "4-7-8 breathing");
  await context.close();
});

test("the element tolerates being defined twice, follows attribute changes and releases everything when removed", async () => {
  const { page, context, errors } = await open(env, "embed.html");
  await widgetsReady(page, 2);
  const result = await page.evaluate(async () => {
    const first = customElements.get("breath-flow");
    // The same file loaded again under another URL, and define() called again.
    const again = await import("./breath-flow.js?loaded=twice");
    again.define();
    again.define("breath-flow");
    const el = document.querySelector("breath-flow");
    const total10 = el.breathFlow.state().totalMs;
    el.setAttribute("breaths", "3");
    await new Promise((r) => setTimeout(r, 0));
    while (el.breathFlow === null || el.breathFlow.state().totalMs === total10) await new Promise((r) => requestAnimationFrame(r));
    const total3 = el.breathFlow.state().totalMs;
    el.setAttribute("size", "240");
    const width = getComputedStyle(el).width;
    const flow = el.breathFlow;
    flow.start();
    el.remove();
    let destroyed = "";
    try {
      flow.state();
    } catch (e) {
      destroyed = e.message;
    }
    // The element frees the handle it created too (after a microtask: see the next case).
    await new Promise((r) => setTimeout(r, 0));
    let freed = "";
    try {
      flow.state();
    } catch (e) {
      freed = e.message;
    }
    // Removed from inside one of the instance's own listeners (where free() is refused): freed
    // once the listener has returned, without an error.
    const other = document.querySelector("breath-flow");
    const otherFlow = other.breathFlow;
    otherFlow.on("status", () => other.remove());
    otherFlow.start();
    await new Promise((r) => setTimeout(r, 0));
    let freedInListener = "";
    try {
      otherFlow.state();
    } catch (e) {
      freedInListener = e.message;
    }
    return { same: customElements.get("breath-flow") === first, total10, total3, width, after: el.breathFlow, destroyed, freed, freedInListener };
  });
  assert.match(result.freed, /this instance was freed/);
  assert.match(result.freedInListener, /this instance was freed/);
  assert.equal(result.same, true);
  assert.equal(result.total10, 110_000);
  assert.equal(result.total3, 33_000);
  assert.equal(result.width, "240px");
  assert.equal(result.after, null);
  assert.match(result.destroyed, /destroyed/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the API page: a Pacer animates a host-drawn SVG, a manual-clock BreathFlow follows the scrubber", async () => {
  const { page, context, errors } = await open(env, "api.html");
  await page.waitForFunction(() => document.querySelector("#scrub-readout").value.startsWith("0:00 / 3:16"));
  const r0 = await page.getAttribute("#pacer-lung", "r");
  await page.click("#pacer-toggle");
  await page.waitForFunction((r) => document.querySelector("#pacer-lung").getAttribute("r") !== r, r0);
  await page.waitForFunction(() => document.querySelector("#pacer-phase").textContent === "Breathe in");

  // Keyboard on the scrubber: End runs the whole flow forward (every event fires), Home goes back.
  await page.focus("#scrubber");
  await page.keyboard.press("End");
  await page.waitForFunction(() => document.querySelector("#scrub-readout").value.startsWith("3:16 / 3:16 · complete"));
  assert.match(await page.textContent("#manual-events li:first-child"), /complete 8 breaths/);
  await page.keyboard.press("Home");
  await page.waitForFunction(() => document.querySelector("#scrub-readout").value.startsWith("0:00"));
  // A point in the middle: the step at that time, drawn without playing through.
  await page.evaluate(() => {
    const s = document.querySelector("#scrubber");
    s.value = "60000";
    s.dispatchEvent(new Event("input", { bubbles: true }));
  });
  assert.match(await page.inputValue("#scrubber"), /^60000$/);
  assert.match(await page.textContent("#scrub-readout"), /^1:00 \/ 3:16 · Anchor the Hips/);
  assert.deepEqual(errors, []);
  await context.close();
});
