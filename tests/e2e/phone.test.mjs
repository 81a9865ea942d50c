// The practice page on a phone (360 × 740, touch): the rib cage and Start are on the first screen
// without scrolling, a tap on the rib cage starts, pauses and resumes (and a screen reader hears
// each), and the safety check shows the stop-on-pain and doctor texts above its Continue button.
// A screenshot of the first screen goes to target/screenshots/phone-first-screen.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { axe, launch, open, practiceReady, screenshotPath, PHONE, recordAnnouncements } from "./harness.mjs";


let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});


const box = (page, sel) => page.evaluate((s) => document.querySelector(s).getBoundingClientRect().toJSON(), sel);
const waitStatus = (page, s) => page.waitForSelector(`#player[data-status="${s}"]`, { timeout: 15_000 });
const said = (page) => page.evaluate(() => window.__announced.slice());
/** Wait until the live region has said something new since `count` texts, and return the new ones. */
async function newAnnouncements(page, count) {
  await page.waitForFunction((n) => window.__announced.length > n, count);
  return (await said(page)).slice(count);
}

function inside(b, { width, height }, what) {
  assert.ok(b.width > 0 && b.height > 0, `${what} is laid out: ${JSON.stringify(b)}`);
  assert.ok(b.top >= 0 && b.left >= 0 && b.bottom <= height && b.right <= width, `${what} lies inside the first ${width} × ${height} screen: ${JSON.stringify(b)}`);
}

test("phone: the rib cage and Start are on the first screen; a tap on the rib cage starts, pauses and resumes, each announced", async () => {
  const { page, context, errors } = await open(env, "index.html", PHONE, { initScript: recordAnnouncements });
  await practiceReady(page);
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(r))));
  await page.screenshot({ path: screenshotPath("phone-first-screen.png") });

  assert.equal(await page.evaluate(() => scrollY), 0, "nothing has scrolled");
  const stage = await box(page, "#stage");
  const start = await box(page, "#btn-play");
  inside(stage, PHONE.viewport, "the canvas");
  inside(start, PHONE.viewport, "the Start button");
  assert.ok(stage.width >= 200, `the rib cage is still big enough to follow: ${stage.width} px`);
  assert.ok(start.top > stage.bottom, "Start comes right under the canvas");
  assert.equal(await page.textContent("#btn-play"), "Start");
  // Nothing covers Start: a tap at its centre reaches it.
  const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.id, { x: start.left + start.width / 2, y: start.top + start.height / 2 });
  assert.equal(hit, "btn-play");
  // The tap hint replaces the keyboard one on a touch screen.
  assert.equal(await page.isVisible(".hint-touch"), true);
  assert.equal(await page.isVisible(".hint-keys"), false);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);

  let n = (await said(page)).length;
  await page.tap("#stage");
  await waitStatus(page, "running");
  const started = await newAnnouncements(page, n);
  assert.ok(started.some((s) => /^Get ready: starting in/.test(s)), `start is announced: ${started.join(" | ")}`);
  assert.equal(await page.textContent("#btn-play"), "Pause", "the Start button follows the canvas");

  n = (await said(page)).length;
  await page.tap("#stage");
  await waitStatus(page, "paused");
  assert.ok((await newAnnouncements(page, n)).includes("Paused."));

  n = (await said(page)).length;
  await page.tap("#stage");
  await waitStatus(page, "running");
  assert.ok((await newAnnouncements(page, n)).includes("Resumed."));

  // Enter on the focused canvas does the same as a tap.
  await page.focus("#stage");
  await page.keyboard.press("Enter");
  await waitStatus(page, "paused");

  assert.deepEqual(await axe(page), [], "axe on the phone layout");
  assert.deepEqual(errors, []);
  await context.close();
});

test("phone: the safety check shows the stop-on-pain and doctor texts above Continue without scrolling; a tap starts the flow", async () => {
  const { page, context, errors } = await open(env, "index.html", PHONE, { initScript: recordAnnouncements });
  await practiceReady(page);
  await page.tap('#flow-cards [data-id="back-strengthening"] button');
  await page.waitForSelector("dialog#safety[open]");
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: screenshotPath("phone-safety-check.png") });

  assert.equal(await page.evaluate(() => document.querySelector("#safety").scrollTop), 0, "the dialog has not scrolled");
  const dialog = await box(page, "#safety");
  const pain = await box(page, "#safety-guidance .guidance-stop-on-pain");
  const doctor = await box(page, "#safety-guidance .guidance-see-a-doctor");
  const go = await box(page, 'dialog#safety button[value="ok"]');
  assert.match(await page.textContent("#safety-guidance .guidance-stop-on-pain"), /Pain means stop.*if anything hurts, stop/s);
  assert.match(await page.textContent("#safety-guidance .guidance-see-a-doctor"), /When to call a doctor.*under the lower ribs/s);
  for (const [b, what] of [[pain, "the stop-on-pain text"], [doctor, "the doctor text"], [go, "Continue"]]) {
    inside(b, PHONE.viewport, what);
    assert.ok(b.top >= dialog.top && b.bottom <= dialog.bottom, `${what} is inside the dialog`);
  }
  assert.ok(pain.bottom <= doctor.top, "pain comes first, then the doctor");
  assert.ok(doctor.bottom <= go.top, `the doctor text (bottom ${doctor.bottom}) ends above Continue (top ${go.top})`);
  // Nothing covers them (the sticky button bar in particular).
  for (const sel of ["#safety-guidance .guidance-stop-on-pain p", "#safety-guidance .guidance-see-a-doctor p"]) {
    const b = await box(page, sel);
    const covered = await page.evaluate(({ s, x, y }) => !document.querySelector(s).contains(document.elementFromPoint(x, y)), { s: sel, x: b.left + 4, y: b.bottom - 4 });
    assert.equal(covered, false, `${sel} is not covered`);
  }
  // Reading starts at the top: the title has focus.
  assert.equal(await page.evaluate(() => document.activeElement.id), "safety-title");
  await page.tap("#cond-eye-condition");
  await page.waitForFunction(() => document.querySelector("#safety-advice").textContent.includes("Eye conditions"));
  assert.deepEqual(await axe(page), [], "axe with the safety check open on a phone");

  await page.tap('dialog#safety button[value="ok"]');
  await page.waitForFunction(() => document.querySelector("#practice-title").textContent === "Back Strengthening Flow");
  await waitStatus(page, "idle");
  const n = (await said(page)).length;
  await page.evaluate(() => scrollTo(0, 0));
  inside(await box(page, "#btn-play"), PHONE.viewport, "Start, with a flow loaded");
  await page.tap("#stage");
  await waitStatus(page, "running");
  assert.ok((await newAnnouncements(page, n)).length > 0, "the start of the flow is announced");
  assert.deepEqual(errors, []);
  await context.close();
});
