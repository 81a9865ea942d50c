// frame.html: the widget alone for <iframe> embeds, set up from URL parameters, posting its events
// to the parent window.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { axe, launch, open } from "./harness.mjs";
import { startServer } from "../../tools/serve.mjs";

let env;
/** A second server, on another port (so another origin), for the host pages. */
let host;
before(async () => {
  env = await launch();
  const dir = await mkdtemp(join(tmpdir(), "breathflow-host-"));
  host = { dir, ...(await startServer(dir, 0)), n: 0 };
});
after(async () => {
  await env?.close();
  if (host) {
    host.server.closeAllConnections?.();
    await new Promise((ok) => host.server.close(ok));
    await rm(host.dir, { recursive: true, force: true });
  }
});

/** The frame's widget is up: its BreathFlow exists. */
const widgetReady = (frame) => frame.waitForFunction(() => document.querySelector("breath-flow")?.breathFlow != null, null, { timeout: 15_000 });

/** Text of the frame's own error box and of the element's error part. */
const errorsIn = (frame) =>
  frame.evaluate(() => ({
    frame: document.getElementById("frame-error").hidden ? "" : document.getElementById("frame-error").textContent,
    element: (() => {
      const p = document.querySelector("breath-flow")?.shadowRoot?.querySelector("[part=error]");
      return p && !p.hidden ? p.textContent : "";
    })(),
    widget: document.querySelector("breath-flow") !== null,
  }));

test("frame.html builds the widget from its parameters and plays it", async () => {
  // Not framed: nothing is posted (a frame posting to itself would show up here).
  const { page, context, errors } = await open(env, "frame.html?pattern=4-7-8&breaths=2&autostart", {}, {
    initScript: () => {
      window.posted = [];
      window.addEventListener("message", (e) => window.posted.push(e.data));
    },
  });
  await widgetReady(page);
  const attrs = await page.evaluate(() => {
    const el = document.querySelector("breath-flow");
    return Object.fromEntries([...el.attributes].map((a) => [a.name, a.value]));
  });
  assert.deepEqual(attrs.pattern, "4-7-8");
  assert.equal(attrs.breaths, "2");
  assert.equal(attrs.autostart, "");
  assert.ok("eager" in attrs);
  await page.waitForFunction(() => {
    const s = document.querySelector("breath-flow").breathFlow.state();
    return s.status === "running" && s.elapsedMs > 300;
  });
  assert.equal(await page.title(), "Breathing guide: 4-7-8 breathing");
  assert.deepEqual(await page.evaluate(() => window.posted), []);
  // Framed content belongs to the host page's outline: no h1 of its own (the iframe's title
  // names it), so that one best-practice rule is off.
  assert.deepEqual(await axe(page, { rules: { "page-has-heading-one": { enabled: false } } }), [], "no accessibility violations");
  const ink = await page.evaluate(() => {
    const c = document.querySelector("breath-flow").shadowRoot.querySelector("canvas");
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  });
  assert.ok(ink > 0, "the canvas is drawn");
  // Boolean parameters follow the element's rule: "false" means off.
  const off = await open(env, "frame.html?pattern=box&sound=false");
  await widgetReady(off.page);
  assert.equal(await off.page.evaluate(() => document.querySelector("breath-flow").getAttribute("sound")), "false");
  assert.equal(await off.page.evaluate(() => document.querySelector("breath-flow").breathFlow.state().status), "idle");
  assert.deepEqual([...errors, ...off.errors], []);
  await off.context.close();
  await context.close();
});

test("bad parameters give a readable message naming the parameter and the rule", async () => {
  const cases = [
    ["frame.html?pattern=box&breaths=ten", "element", /breaths: must be a (plain decimal )?number.*got "ten"/],
    ["frame.html?pattern=box&colour=red", "frame", /"colour" is not a parameter of this frame\. The parameters are: pattern, flow, breaths, seconds, conditions, sound, autostart, lang, theme, bg, id\./],
    ["frame.html?pattern=box&theme=sepia", "frame", /theme: must be light, dark or auto, got "sepia"/],
    ["frame.html?pattern=box&bg=notacolour", "frame", /bg: must be "transparent" or a CSS colour .*got "notacolour"/],
    ["frame.html?pattern=box&breaths=3&breaths=4", "frame", /breaths: give it once/],
  ];
  for (const [path, where, re] of cases) {
    const { page, context, errors } = await open(env, path);
    await page.waitForFunction(() => {
      const own = !document.getElementById("frame-error").hidden;
      const part = document.querySelector("breath-flow")?.shadowRoot?.querySelector("[part=error]");
      return own || (part && !part.hidden);
    });
    const seen = await errorsIn(page);
    assert.match(seen[where], re, path);
    assert.match(seen[where], /could not start/, path);
    if (where === "frame") {
      assert.equal(seen.widget, false, `${path}: no widget is built from a bad address`);
      assert.deepEqual(errors, [], path);
    } else {
      // The element's one console.error, and nothing else (no unhandled rejection).
      assert.equal(errors.length, 1, `${path}: ${errors.join("\n")}`);
      assert.ok(errors[0].includes("<breath-flow>") && errors[0].includes('got "ten"'), errors[0]);
    }
    await context.close();
  }
});

/**
 * A host page on another origin (the second server's port) embedding the frame; it records every
 * message it receives.
 */
function hostPage(src, { width = 320, height = 420, style = "" } = {}) {
  return `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Host</title>
<style>html { color-scheme: light; } body { margin: 0; background: rgb(255, 0, 170); } iframe { border: 0; display: block; } ${style}</style></head>
<body><iframe id="f" title="Breathing guide" width="${width}" height="${height}" src="${src}"></iframe>
<script>
  window.messages = [];
  const frame = document.getElementById("f");
  window.addEventListener("message", (e) => {
    if (e.source !== frame.contentWindow) return;
    window.messages.push({ origin: e.origin, data: e.data });
  });
</script></body></html>`;
}

async function openHost(path, size) {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  const name = `host-${++host.n}.html`;
  await writeFile(join(host.dir, name), hostPage(new URL(path, env.url).href, size));
  await page.goto(new URL(name, host.url).href);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  return { page, context, errors, frame };
}

test("a cross-origin host receives ready, status, step and phase messages with the documented shape", async () => {
  const { page, context, errors, frame } = await openHost("frame.html?pattern=1-1&breaths=2&id=guide-1&autostart");
  await page.waitForFunction(() => window.messages.some((m) => m.data.type === "complete"), null, { timeout: 30_000 });
  const messages = await page.evaluate(() => window.messages);
  const origin = new URL(env.url).origin;
  assert.notEqual(origin, new URL(host.url).origin);
  for (const m of messages) {
    assert.equal(m.origin, origin);
    assert.deepEqual(Object.keys(m.data).sort(), ["detail", "id", "source", "type", "version"]);
    assert.equal(m.data.source, "breathflow");
    assert.equal(m.data.version, 1);
    assert.equal(m.data.id, "guide-1");
  }
  const types = messages.map((m) => m.data.type);
  assert.equal(types[0], "ready", types.join(","));
  assert.equal(types.filter((t) => t === "ready").length, 1);
  assert.deepEqual(messages[0].data.detail.title, "1-1");
  for (const t of ["status", "phase", "breath", "complete"]) assert.ok(types.includes(t), `${t} in ${types.join(",")}`);
  const statuses = messages.filter((m) => m.data.type === "status").map((m) => m.data.detail.status);
  assert.ok(statuses.includes("running") && statuses.at(-1) === "done", statuses.join(","));
  const phase = messages.find((m) => m.data.type === "phase").data.detail;
  assert.equal(typeof phase.atMs, "number");
  assert.ok(["inhale", "exhale", "hold-in", "hold-out"].includes(phase.phase), JSON.stringify(phase));
  assert.deepEqual(messages.find((m) => m.data.type === "complete").data.detail.breaths, 2);
  assert.ok(frame.url().startsWith(env.url));
  assert.deepEqual(errors, []);
  await context.close();
});

test("the frame keeps the screen on while the widget runs, and lets go on pause and at the end", async () => {
  // Headless Chromium has no wake lock: a stand-in records what the frame asks for.
  const fakeWakeLock = () => {
    window.calls = [];
    Object.defineProperty(navigator, "wakeLock", {
      configurable: true,
      value: {
        request: async (type) => {
          window.calls.push(`lock ${type}`);
          const sentinel = new EventTarget();
          sentinel.released = false;
          sentinel.release = async () => {
            sentinel.released = true;
            window.calls.push("release");
            sentinel.dispatchEvent(new Event("release"));
          };
          return sentinel;
        },
      },
    });
  };
  const { page, context, errors } = await open(env, "frame.html?pattern=1-1&breaths=3", {}, { initScript: fakeWakeLock });
  await widgetReady(page);
  assert.deepEqual(await page.evaluate(() => window.calls), [], "no lock before the start");
  const play = page.locator("breath-flow button[part=play]");
  await play.click();
  await page.waitForFunction(() => window.calls.includes("lock screen"));
  await play.click();
  await page.waitForFunction(() => window.calls.includes("release"));
  await play.click();
  await page.waitForFunction(() => document.querySelector("breath-flow").breathFlow.state().status === "done", null, { timeout: 20_000 });
  await page.waitForFunction(() => window.calls.length === 4);
  assert.deepEqual(await page.evaluate(() => window.calls), ["lock screen", "release", "lock screen", "release"]);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a host hears an error message when the frame cannot start, with no id when none was given", async () => {
  for (const [path, re] of [
    ["frame.html?pattern=box&theme=sepia", /^theme: must be light, dark or auto/],
    ["frame.html?pattern=nope", /options\.pattern: unknown pattern id "nope"/],
  ]) {
    const { page, context } = await openHost(path);
    await page.waitForFunction(() => window.messages.some((m) => m.data.type === "error"));
    const messages = await page.evaluate(() => window.messages.map((m) => m.data));
    assert.equal(messages.length, 1, JSON.stringify(messages));
    assert.equal(messages[0].id, null);
    assert.match(messages[0].detail.message, re);
    await context.close();
  }
});

test("the widget fills the frame: a square canvas with the controls in view, at 320×420 and 600×400", async () => {
  for (const [width, height] of [
    [320, 420],
    [600, 400],
  ]) {
    const { page, context, frame } = await openHost("frame.html?flow=mobilize-ribs", { width, height });
    await widgetReady(frame);
    await frame.waitForFunction(() => document.fonts.status === "loaded");
    // Let the ResizeObserver settle.
    await frame.waitForFunction(() => new Promise((r) => setTimeout(() => r(true), 200)));
    const g = await frame.evaluate(() => {
      const el = document.querySelector("breath-flow");
      const r = (e) => e.getBoundingClientRect();
      const canvas = el.shadowRoot.querySelector("[part=canvas]");
      const play = el.shadowRoot.querySelector("[part=play]");
      const restart = el.shadowRoot.querySelector("[part=restart]");
      return {
        canvas: r(canvas).toJSON(),
        play: r(play).toJSON(),
        restart: r(restart).toJSON(),
        vw: document.documentElement.clientWidth,
        vh: document.documentElement.clientHeight,
        scroll: document.documentElement.scrollHeight > document.documentElement.clientHeight,
      };
    });
    const label = `${width}x${height}: ${JSON.stringify(g)}`;
    assert.equal(g.vw, width);
    assert.equal(g.vh, height);
    assert.ok(Math.abs(g.canvas.width - g.canvas.height) < 1, `square canvas, ${label}`);
    for (const b of [g.play, g.restart]) assert.ok(b.bottom <= height && b.top >= 0 && b.left >= 0 && b.right <= width, `controls visible, ${label}`);
    assert.equal(g.scroll, false, label);
    // As large as the frame allows: within 130 px of its smaller side (the controls take the rest).
    assert.ok(g.canvas.width >= Math.min(width - 16, height - 130), `canvas fills the frame, ${label}`);
    assert.ok(g.canvas.left >= 0 && g.canvas.right <= width && g.canvas.top >= 0, label);
    // Centred across.
    assert.ok(Math.abs(g.canvas.left - (width - g.canvas.right)) <= 1, label);
    await context.close();
  }
});

test("while the widget shows no picture (a panel to read), it takes the frame's width and the frame scrolls; then it fits again", async () => {
  const { context, frame } = await openHost("frame.html?pattern=box", { width: 320, height: 420 });
  await widgetReady(frame);
  const settle = () => frame.waitForFunction(() => new Promise((r) => setTimeout(() => r(true), 300)));
  await settle();
  const width = () => frame.evaluate(() => document.querySelector("breath-flow").getBoundingClientRect().width);
  const fitted = await width();
  assert.ok(fitted < 304, `fitted below the frame's width: ${fitted}`);
  // What the element does for a "Before you start" panel: the picture goes, long text comes.
  await frame.evaluate(() => {
    const root = document.querySelector("breath-flow").shadowRoot;
    // The picture: the canvas, or the stage that holds it in elements that have one.
    const pic = root.querySelector("[part=stage]") ?? root.querySelector("[part=canvas]");
    pic.style.display = "none";
    const panel = document.createElement("p");
    panel.id = "panel";
    panel.textContent = "Before you start. ".repeat(80);
    pic.after(panel);
  });
  await settle();
  assert.equal(await width(), 304);
  assert.ok(await frame.evaluate(() => document.documentElement.scrollHeight > document.documentElement.clientHeight));
  await frame.evaluate(() => {
    const root = document.querySelector("breath-flow").shadowRoot;
    root.getElementById("panel").remove();
    (root.querySelector("[part=stage]") ?? root.querySelector("[part=canvas]")).style.display = "";
  });
  await settle();
  assert.equal(await width(), fitted);
  await context.close();
});

test("bg=transparent lets the host page show through; bg and theme set the colours", async () => {
  const { page, context, frame } = await openHost("frame.html?pattern=box&bg=transparent&theme=light");
  await widgetReady(frame);
  const styles = await frame.evaluate(() => ({
    html: getComputedStyle(document.documentElement).backgroundColor,
    body: getComputedStyle(document.body).backgroundColor,
    scheme: getComputedStyle(document.documentElement).colorScheme,
  }));
  assert.deepEqual(styles, { html: "rgba(0, 0, 0, 0)", body: "rgba(0, 0, 0, 0)", scheme: "light" });
  // Pixels: the host's magenta shows in the frame's corner and inside the canvas's corner.
  await page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))));
  const canvasBox = await frame.locator("breath-flow").evaluate((el) => el.shadowRoot.querySelector("canvas").getBoundingClientRect().toJSON());
  const shot = await page.screenshot({ clip: { x: 0, y: 0, width: 320, height: 420 } });
  const { PNG } = await pngReader();
  const img = PNG(shot);
  const at = (x, y) => img.pixel(Math.round(x), Math.round(y));
  assert.deepEqual(at(2, 2), [255, 0, 170], "frame corner");
  assert.deepEqual(at(canvasBox.x + 3, canvasBox.y + 3), [255, 0, 170], "canvas corner");
  await context.close();

  const dark = await openHost("frame.html?pattern=box&bg=%23123456&theme=dark");
  await widgetReady(dark.frame);
  const d = await dark.frame.evaluate(() => ({
    html: getComputedStyle(document.documentElement).backgroundColor,
    scheme: getComputedStyle(document.documentElement).colorScheme,
    bfBg: getComputedStyle(document.querySelector("breath-flow").shadowRoot.querySelector("canvas")).getPropertyValue("--bf-bg").trim(),
    rib: getComputedStyle(document.documentElement).getPropertyValue("--bf-rib").trim(),
  }));
  assert.deepEqual(d, { html: "rgb(18, 52, 86)", scheme: "dark", bfBg: "#123456", rib: "#c9dde3" });
  await dark.context.close();
});

/** A tiny PNG decoder (RGBA/RGB, 8 bit, no interlace) over node:zlib: enough for screenshots. */
async function pngReader() {
  const { inflateSync } = await import("node:zlib");
  return {
    PNG(buf) {
      let pos = 8;
      let width = 0;
      let height = 0;
      let type = 0;
      const idat = [];
      while (pos < buf.length) {
        const len = buf.readUInt32BE(pos);
        const name = buf.toString("ascii", pos + 4, pos + 8);
        const data = buf.subarray(pos + 8, pos + 8 + len);
        if (name === "IHDR") {
          width = data.readUInt32BE(0);
          height = data.readUInt32BE(4);
          assert.equal(data[8], 8, "8-bit PNG");
          type = data[9];
        } else if (name === "IDAT") idat.push(data);
        pos += 12 + len;
      }
      const bpp = type === 6 ? 4 : 3;
      const raw = inflateSync(Buffer.concat(idat));
      const stride = width * bpp;
      const out = Buffer.alloc(stride * height);
      for (let y = 0; y < height; y++) {
        const f = raw[y * (stride + 1)];
        for (let x = 0; x < stride; x++) {
          const v = raw[y * (stride + 1) + 1 + x];
          const a = x >= bpp ? out[y * stride + x - bpp] : 0;
          const b = y > 0 ? out[(y - 1) * stride + x] : 0;
          const c = x >= bpp && y > 0 ? out[(y - 1) * stride + x - bpp] : 0;
          const p = a + b - c;
          const pr = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
          out[y * stride + x] = (v + [0, a, b, (a + b) >> 1, pr][f]) & 255;
        }
      }
      return { width, height, pixel: (x, y) => [...out.subarray(y * stride + x * bpp, y * stride + x * bpp + 3)] };
    },
  };
}

test("the service worker precaches the frame's files", async () => {
  const { stampedCopy } = await import("./harness.mjs");
  const copy = await stampedCopy();
  try {
    const { files } = await copy.restamp();
    for (const f of ["frame.html", "frame.js", "frame.css"]) assert.ok(files.includes(f), `${f} in ${files.join(", ")}`);
  } finally {
    await copy.remove();
  }
});
