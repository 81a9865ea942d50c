// Shared by the benchmark page's modules: the wasm module, initialised once, and small helpers.
//
// `?pkg=<url of breathflow.js>` loads another build (bench/run.mjs --profile uses the copy with
// function names in target/bench/named/); the default is the shipped www/pkg/.
const pkg = new URLSearchParams(location.search).get("pkg") ?? "../www/pkg/breathflow.js";
const mod = await import(new URL(pkg, import.meta.url).href);

export const { BreathFlow, Pacer } = mod;

/** Resolves to the wasm exports (`exports.memory` is the wasm memory). */
export const ready = mod.default();

/** Yield to the event loop (a macrotask, not clamped like nested setTimeout). */
export function yieldTask() {
  return new Promise((ok) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      ok();
    };
    ch.port2.postMessage(0);
  });
}

export const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** Sorted copy → { n, median, p95, max, min, mean } (nearest-rank percentiles). */
export function stats(values) {
  const v = Float64Array.from(values).sort();
  const n = v.length;
  if (n === 0) return { n: 0, median: null, p95: null, max: null, min: null, mean: null };
  const rank = (p) => v[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))];
  const median = n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  return { n, median, p95: rank(0.95), max: v[n - 1], min: v[0], mean: v.reduce((s, x) => s + x, 0) / n };
}

/** A fresh 480×480 canvas (CSS px) appended to the body, styled like the page's canvases. */
export function makeCanvas(id) {
  const c = document.createElement("canvas");
  c.id = id;
  c.width = 480;
  c.height = 480;
  document.body.append(c);
  return c;
}

/** Register page functions for the driver: `window.bench.<name>(...)`. */
export function expose(fns) {
  window.bench = Object.assign(window.bench ?? {}, fns);
}
