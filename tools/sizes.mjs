// Print raw and gzip sizes of what a page downloads: `node tools/sizes.mjs [--json]`.
import { readFileSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";

export const SHIPPED = ["www/pkg/breathflow_bg.wasm", "www/pkg/breathflow.js", "www/breath-flow.js"];

/** [{ file, raw, gzip }] for each shipped file that exists, plus a total row. */
export function sizes(files = SHIPPED) {
  const rows = files.filter(existsSync).map((file) => {
    const buf = readFileSync(file);
    return { file, raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
  });
  rows.push({
    file: "total",
    raw: rows.reduce((s, r) => s + r.raw, 0),
    gzip: rows.reduce((s, r) => s + r.gzip, 0),
  });
  return rows;
}

if (process.argv[1]?.endsWith("sizes.mjs")) {
  const rows = sizes();
  if (process.argv.includes("--json")) console.log(JSON.stringify(rows));
  else for (const r of rows) console.log(`${r.file.padEnd(30)} ${String(r.raw).padStart(8)} B raw ${String(r.gzip).padStart(8)} B gzip`);
}
