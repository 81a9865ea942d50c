// The npm package: tools/package.mjs lays it out, `npm pack` packs it, a fresh project installs the
// tarball, bundles an entry that imports "breathflow" and "breathflow/element" with esbuild, copies
// pkg/ beside the bundle as the README says, and plays a widget in Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "./harness.mjs";
import { startServer } from "../../tools/serve.mjs";
import { cargoPackage, layout, pack } from "../../tools/package.mjs";

const ROOT = resolve(".");
let work;
let tarball;
let files;
before(() => {
  work = mkdtempSync(join(tmpdir(), "breathflow-package-"));
  layout(join(work, "package"));
  ({ tarball, files } = pack(join(work, "package"), join(work, "packed")));
});
after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8" });
  assert.equal(r.status, 0, `${cmd} ${args.join(" ")}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

test("the tarball holds the built files, the types, README and LICENSE, and a package.json that matches Cargo.toml", () => {
  const { version, description, license } = cargoPackage();
  assert.ok(tarball.endsWith(`breathflow-${version}.tgz`), tarball);
  assert.deepEqual(
    [...files].sort(),
    ["LICENSE", "README.md", "breath-flow.d.ts", "breath-flow.js", "frame.css", "frame.html", "frame.js", "icon.svg", "locales/de.json", "locales/en.json", "locales/es.json", "locales/fr.json", "package.json", "pkg/breathflow.d.ts", "pkg/breathflow.js", "pkg/breathflow_bg.wasm"],
  );
  const pkg = JSON.parse(readFileSync(join(work, "package/package.json"), "utf8"));
  assert.equal(pkg.name, "breathflow");
  assert.equal(pkg.version, version);
  assert.equal(pkg.description, description);
  assert.equal(pkg.license, license);
  assert.equal(pkg.type, "module");
  assert.deepEqual(pkg.exports["."], { types: "./pkg/breathflow.d.ts", default: "./pkg/breathflow.js" });
  assert.deepEqual(pkg.exports["./element"], { types: "./breath-flow.d.ts", default: "./breath-flow.js" });
  assert.equal(pkg.exports["./breathflow_bg.wasm"], "./pkg/breathflow_bg.wasm");
  assert.deepEqual(pkg.sideEffects, ["./breath-flow.js"]);
  // The shipped files are the build's, byte for byte.
  for (const [src, dst] of [
    ["www/pkg/breathflow_bg.wasm", "pkg/breathflow_bg.wasm"],
    ["www/breath-flow.js", "breath-flow.js"],
  ]) {
    assert.ok(readFileSync(src).equals(readFileSync(join(work, "package", dst))), dst);
  }
  assert.match(readFileSync(join(work, "package/README.md"), "utf8"), new RegExp(`cdn\\.jsdelivr\\.net/npm/breathflow@${version.replaceAll(".", "\\.")}/breath-flow\\.js`));
  // The repository README's CDN line names the version being packed.
  assert.match(readFileSync("README.md", "utf8"), new RegExp(`cdn\\.jsdelivr\\.net/npm/breathflow@${version.replaceAll(".", "\\.")}/breath-flow\\.js`));
  // The hand-written element types at least parse as TypeScript.
  run(join(ROOT, "node_modules/.bin/esbuild"), [join(work, "package/breath-flow.d.ts"), "--loader:.ts=ts", "--log-level=error", `--outfile=${join(work, "dts-check.js")}`], ROOT);
});

test("a fresh project installs the tarball, bundles both imports with esbuild and plays a widget", async (t) => {
  const app = join(work, "app");
  mkdirSync(join(app, "src"), { recursive: true });
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "sample-app", private: true, type: "module" }, null, 2));
  run("npm", ["install", tarball, "--offline", "--no-audit", "--no-fund", "--loglevel=error"], app);
  const installed = JSON.parse(readFileSync(join(app, "node_modules/breathflow/package.json"), "utf8"));
  assert.equal(installed.name, "breathflow");

  // The entry uses the engine itself and the element, exactly as the README shows.
  writeFileSync(
    join(app, "src/main.js"),
    `import init, { library, validatePattern, BreathFlow } from "breathflow";
import "breathflow/element";

await init({ module_or_path: new URL("./pkg/breathflow_bg.wasm", import.meta.url) });
const flows = library().flows;
document.getElementById("out").textContent = flows.length + " flows; box is " + validatePattern("box").title;
window.sameEngine = (flow) => flow instanceof BreathFlow;
document.getElementById("out").dataset.done = "";
`,
  );
  run(join(ROOT, "node_modules/.bin/esbuild"), ["src/main.js", "--bundle", "--format=esm", "--log-level=warning", "--outfile=dist/app.js"], app);
  // The README's copy step: bundlers leave new URL(…, import.meta.url) assets alone.
  cpSync(join(app, "node_modules/breathflow/pkg"), join(app, "dist/pkg"), { recursive: true });
  writeFileSync(
    join(app, "dist/index.html"),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Sample app</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'">
<script type="module" src="app.js"></script></head>
<body><p id="out"></p><breath-flow pattern="box" breaths="3" eager autostart></breath-flow></body></html>`,
  );

  const { server, url } = await startServer(join(app, "dist"), 0);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const errors = [];
    const requests = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("requestfinished", async (r) => requests.push({ url: r.url().slice(url.length), status: (await r.response())?.status() }));
    page.on("requestfailed", (r) => errors.push(`${r.url()} ${r.failure()?.errorText}`));
    await page.goto(url);
    await page.waitForSelector("#out[data-done]");
    assert.match(await page.textContent("#out"), /^\d+ flows; box is Box breathing/);
    // Ready, whichever way the element offers it.
    await page.evaluate(async () => {
      const el = document.querySelector("breath-flow");
      if (el.ready) await el.ready;
      while (!el.breathFlow) await new Promise((r) => setTimeout(r, 20));
    });
    await page.waitForFunction(() => {
      const s = document.querySelector("breath-flow").breathFlow.state();
      return s.status === "running" && s.elapsedMs > 300;
    });
    // One engine: the element's lazy import is bundled with the app's, so its BreathFlow is
    // the app's class (not a second copy of the glue and a second wasm instance).
    assert.ok(await page.evaluate(() => window.sameEngine(document.querySelector("breath-flow").breathFlow)), "the element and the app share one engine");
    const ink = await page.evaluate(() => {
      const c = document.querySelector("breath-flow").shadowRoot.querySelector("canvas");
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
    assert.ok(ink > 0, "the canvas is drawn");
    assert.deepEqual(errors, []);
    // What the bundled code fetched: the wasm from pkg/ only (the copy step covers it), no 404s.
    const wasm = requests.filter((r) => r.url.endsWith(".wasm"));
    t.diagnostic(`requests: ${requests.map((r) => `${r.url} ${r.status}`).join(", ")}`);
    assert.ok(wasm.length >= 1, JSON.stringify(requests));
    assert.ok(wasm.every((r) => r.url === "pkg/breathflow_bg.wasm"), JSON.stringify(wasm));
    assert.ok(requests.every((r) => r.status === 200), JSON.stringify(requests));
  } finally {
    await browser.close();
    server.closeAllConnections?.();
    await new Promise((ok) => server.close(ok));
  }
});
