// The practice page loads under its CSP with no console error and its canvas animates.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open } from "./harness.mjs";

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

/** A cheap fingerprint of the canvas pixels. */
async function canvasHash(page, selector) {
  return page.$eval(selector, (c) => {
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let h = 0;
    for (let i = 0; i < d.length; i += 4) h = (h * 31 + d[i] + d[i + 1] * 7 + d[i + 2] * 13) >>> 0;
    return h;
  });
}

test("the practice page animates its canvas with no console error", async () => {
  const { page, context, errors } = await open(env, "index.html");
  const first = await canvasHash(page, "#stage");
  // Wait on a condition, not a sleep: the pixels must change as the breath moves.
  await page.waitForFunction(
    ([sel, h0]) => {
      const c = document.querySelector(sel);
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      let h = 0;
      for (let i = 0; i < d.length; i += 4) h = (h * 31 + d[i] + d[i + 1] * 7 + d[i + 2] * 13) >>> 0;
      return h !== h0;
    },
    ["#stage", first],
    { timeout: 10_000 },
  );
  assert.notEqual(await canvasHash(page, "#stage"), first);
  assert.deepEqual(errors, []);
  await context.close();
});
