// Accessibility and looks: axe-core finds no violations on the practice page (idle, running, with
// the safety check open, adapted) and on the embed and API pages, in light and dark, at 320 px and
// desktop; no page logs a console error; screenshots of every page at both widths in both themes
// go to target/screenshots/.
// UPDATE_DOCS=1 also rewrites docs/player.png, the README's picture of the player.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { axe, launch, open, practiceReady, screenshotPath } from "./harness.mjs";

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const SCHEMES = ["light", "dark"];
const WIDTHS = [320, 1280];

/** axe finds nothing; on failure the message lists each violation with its nodes. */
async function noViolations(page, where) {
  const violations = await axe(page);
  assert.deepEqual(violations, [], `${where}:\n${JSON.stringify(violations, null, 2)}`);
}

/** Wait until the page in front of us is ready to be judged. */
async function settle(page, path) {
  if (path === "index.html") await practiceReady(page);
  else if (path === "embed.html") {
    await page.waitForFunction(() => [...document.querySelectorAll("breath-flow")].every((el) => el.breathFlow !== null));
  } else await page.waitForFunction(() => document.querySelector("#scrub-readout").value !== "0:00");
  // Fonts and the first frame drawn.
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(r))));
}

for (const scheme of SCHEMES) {
  test(`axe: the practice page has no violations (${scheme}: idle, running, safety check open, adapted)`, async () => {
    const { page, context, errors } = await open(env, "index.html", { colorScheme: scheme, viewport: { width: 1280, height: 900 } });
    await settle(page, "index.html");
    await noViolations(page, "idle");
    await page.click("#btn-play");
    await page.waitForSelector('#player[data-status="running"]');
    await noViolations(page, "running");
    await page.click("#btn-stop");
    await page.click('#flow-cards [data-id="back-strengthening"] button');
    await page.waitForSelector("dialog#safety[open]");
    await page.check("#cond-eye-condition");
    await noViolations(page, "safety check open");
    await page.click('dialog#safety button[value="ok"]');
    await page.waitForSelector("#adapted:not([hidden])");
    await noViolations(page, "adapted flow");
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("screenshots of every page at 320 px and desktop, light and dark; axe and no console errors at each", async () => {
  for (const path of ["index.html", "embed.html", "api.html"]) {
    for (const width of WIDTHS) {
      for (const scheme of SCHEMES) {
        const { page, context, errors } = await open(env, path, { colorScheme: scheme, viewport: { width, height: 900 }, reducedMotion: "reduce" });
        await settle(page, path);
        await page.screenshot({ path: screenshotPath(`${path.replace(".html", "")}-${width}-${scheme}.png`), fullPage: true });
        await noViolations(page, `${path} ${width} ${scheme}`);
        assert.deepEqual(errors, [], `${path} ${width} ${scheme}`);
        // Nothing sticks out sideways at 320 px.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${path} at ${width} px scrolls sideways by ${overflow} px`);
        await context.close();
      }
    }
  }
});

test("a screenshot of the player in the middle of an adapted flow", async () => {
  const { page, context, errors } = await open(env, "index.html", { viewport: { width: 1180, height: 900 }, deviceScaleFactor: 1 });
  await practiceReady(page);
  await page.click('#flow-cards [data-id="back-strengthening"] button');
  await page.waitForSelector("dialog#safety[open]");
  await page.check("#cond-eye-condition");
  await page.click('dialog#safety button[value="ok"]');
  await page.click("#btn-play");
  await page.click("#btn-next");
  await page.click("#btn-next");
  await page.click("#btn-next");
  await page.waitForFunction(() => document.querySelector("#step-title").textContent === "Tadasana & Half-moon");
  // Let the rib cage fill a little, then hold still for the picture.
  await page.waitForFunction(() => document.querySelector("#time-left").textContent !== "" && document.querySelector("#progress").value > 0.3);
  await page.click("#btn-play");
  await page.waitForSelector('#player[data-status="paused"]');
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.activeElement.blur());
  const player = page.locator("#player");
  await player.screenshot({ path: screenshotPath("player.png") });
  if (process.env.UPDATE_DOCS === "1") {
    mkdirSync("docs", { recursive: true });
    await player.screenshot({ path: "docs/player.png" });
  }
  assert.deepEqual(errors, []);
  await context.close();
});
