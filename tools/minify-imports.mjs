// Give the wasm's imports and exports short names: `node tools/minify-imports.mjs www/pkg` (run by
// `make build` after wasm-opt, before terser).
//
// wasm-bindgen names each import `__wbg_<method>_<16 hex digits>` in module "./breathflow_bg.js",
// and writes each name twice: in the wasm's import section and as a key of the glue's import
// object. About a hundred imports make ~6 KB of the wasm and ~4 KB of the glue, and the random hex
// digits hardly compress. Here the import section is rewritten with names `a`, `b`, … `ba`, … in
// module `a`, and the glue's keys are renamed to match. The exports (`breathflow_tick`,
// `wasm_bindgen__convert__closures_____invoke__h…`, …) are wasm-bindgen's calling convention
// between the glue and the wasm, read by the glue as `wasm.<name>`; they get short names too, and
// so do the keys of `InitOutput` in breathflow.d.ts, except `memory`, which hosts may read from
// what `init()` resolves to. Nothing else in the files changes. The tool checks that every import
// is a key of the glue exactly once and that every renamed export is read somewhere, and fails the
// build otherwise.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node tools/minify-imports.mjs <pkg dir holding breathflow_bg.wasm and breathflow.js>");
  process.exit(2);
}
const wasmPath = join(dir, "breathflow_bg.wasm");
const gluePath = join(dir, "breathflow.js");
const MODULE = "./breathflow_bg.js";
const NEW_MODULE = "a";

function fail(msg) {
  console.error(`minify-imports: ${msg}`);
  process.exit(1);
}

// ---- wasm: LEB128 and the import section ----------------------------------------------------
function readU32(b, at) {
  let v = 0;
  let shift = 0;
  for (;;) {
    const x = b[at++];
    v |= (x & 0x7f) << shift;
    if (x < 0x80) return [v >>> 0, at];
    shift += 7;
    if (shift > 28) fail("LEB128 too long");
  }
}
function u32(v) {
  const out = [];
  do {
    let x = v & 0x7f;
    v >>>= 7;
    if (v) x |= 0x80;
    out.push(x);
  } while (v);
  return out;
}
const utf8 = new TextEncoder();
const text = new TextDecoder();
function name(s) {
  const bytes = utf8.encode(s);
  return [...u32(bytes.length), ...bytes];
}
/** Byte length of the limits at `at` (min, or min and max; 32- or 64-bit, maybe shared). */
function limitsEnd(b, at) {
  const flags = b[at++];
  [, at] = readU32(b, at); // min (64-bit minimums still fit a few LEB bytes; only skipped)
  if (flags & 1) [, at] = readU32(b, at);
  return at;
}
/** End of the import descriptor at `at`. */
function descEnd(b, at) {
  const kind = b[at++];
  switch (kind) {
    case 0x00: // function: type index
      return readU32(b, at)[1];
    case 0x01: // table: reference type, limits
      return limitsEnd(b, at + 1);
    case 0x02: // memory: limits
      return limitsEnd(b, at);
    case 0x03: // global: value type, mutability
      return at + 2;
    case 0x04: // tag: attribute, type index
      return readU32(b, at + 1)[1];
    default:
      fail(`unknown import kind ${kind}`);
  }
}

/** Short, distinct JS identifiers: a … z, A … Z, then two letters. */
function shortName(i) {
  const A = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let s = "";
  do {
    s = A[i % A.length] + s;
    i = Math.floor(i / A.length) - 1;
  } while (i >= 0);
  return s;
}

/** The name (length-prefixed UTF-8) at `at` in the wasm, and the offset after it. */
function readName(at) {
  const [len, p] = readU32(wasm, at);
  return [text.decode(wasm.subarray(p, p + len)), p + len];
}

const renames = new Map(); // old import field name → new
/** The import section with module `a` and short field names; `body..end` is the old body. */
function importSection(body, end) {
  let [count, p] = readU32(wasm, body);
  const entries = [...u32(count)];
  for (let i = 0; i < count; i++) {
    let module, field;
    [module, p] = readName(p);
    [field, p] = readName(p);
    const descStart = p;
    p = descEnd(wasm, p);
    if (module !== MODULE) fail(`import ${module}.${field}: expected module ${MODULE}`);
    if (renames.has(field)) fail(`import ${field} appears twice`);
    renames.set(field, shortName(renames.size));
    entries.push(...name(NEW_MODULE), ...name(renames.get(field)), ...wasm.subarray(descStart, p));
  }
  if (p !== end) fail("import section has trailing bytes");
  return Buffer.from([2, ...u32(entries.length), ...entries]);
}

const exportRenames = new Map(); // old export name → new
const KEEP = new Set(["memory"]);
/** The export section with short names (but for KEEP); `body..end` is the old section's body. */
function exportSection(body, end) {
  let [count, p] = readU32(wasm, body);
  const entries = [...u32(count)];
  for (let i = 0; i < count; i++) {
    let old;
    [old, p] = readName(p);
    const descStart = p;
    p = readU32(wasm, p + 1)[1]; // kind byte, index
    let next = old;
    if (!KEEP.has(old)) {
      // Distinct from the kept names (`memory` is longer than any short name made here).
      next = shortName(exportRenames.size);
      exportRenames.set(old, next);
    }
    entries.push(...name(next), ...wasm.subarray(descStart, p));
  }
  if (p !== end) fail("export section has trailing bytes");
  return Buffer.from([7, ...u32(entries.length), ...entries]);
}

const wasm = readFileSync(wasmPath);
if (wasm.readUInt32LE(0) !== 0x6d736100) fail(`${wasmPath} is not a wasm module`);
const out = [wasm.subarray(0, 8)];
for (let at = 8; at < wasm.length; ) {
  const id = wasm[at];
  const [size, body] = readU32(wasm, at + 1);
  const end = body + size;
  if (id === 2) out.push(importSection(body, end));
  else if (id === 7) out.push(exportSection(body, end));
  else out.push(wasm.subarray(at, end));
  at = end;
}
if (!renames.size) fail(`${wasmPath} has no imports (already minified?)`);

// ---- glue: the import object's keys and its module name ---------------------------------------
let glue = readFileSync(gluePath, "utf8");
for (const [from, to] of renames) {
  const key = new RegExp(`^(\\s+)${from}(: function\\()`, "gm");
  const hits = glue.match(key)?.length ?? 0;
  if (hits !== 1) fail(`the glue has ${hits} import keys named ${from} (expected 1)`);
  glue = glue.replace(key, `$1${to}$2`);
}
const moduleKey = `"${MODULE}": import0,`;
if (glue.split(moduleKey).length !== 2) fail(`the glue's import object is not keyed ${moduleKey}`);
glue = glue.replace(moduleKey, `"${NEW_MODULE}": import0,`);
const left = glue.match(/^\s+__wb(g|indgen)_\w+: function\(/gm);
if (left) fail(`the glue has import keys the wasm does not import: ${left.join(", ")}`);

// The glue reads exports as `wasm.<name>` only (`wasm = instance.exports`).
const dtsPath = join(dir, "breathflow.d.ts");
let dts = readFileSync(dtsPath, "utf8");
for (const [from, to] of exportRenames) {
  const use = new RegExp(`\\bwasm\\.${from}\\b`, "g");
  const uses = glue.match(use)?.length ?? 0;
  if (uses === 0 && !/^__|^start$/.test(from)) fail(`the glue never reads the export ${from}`);
  glue = glue.replace(use, `wasm.${to}`);
  dts = dts.replace(new RegExp(`^(\\s+readonly )${from}(: )`, "m"), `$1${to}$2`);
}
const stale = glue.match(/\bwasm\.(?!memory\b)[A-Za-z_$][\w$]{2,}/g);
if (stale) fail(`the glue reads exports the wasm no longer has: ${[...new Set(stale)].join(", ")}`);

writeFileSync(wasmPath, Buffer.concat(out));
writeFileSync(gluePath, glue);
writeFileSync(dtsPath, dts);
console.log(`minify-imports: ${renames.size} imports and ${exportRenames.size} exports renamed in ${dir}`);
