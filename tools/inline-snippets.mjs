// Fold wasm-bindgen's JS snippets (`#[wasm_bindgen(module = "/src/web/replay.js")]`) into the glue:
// `node tools/inline-snippets.mjs www/pkg/breathflow.js` (run by `make build` before terser).
//
// wasm-bindgen writes each snippet to pkg/snippets/<crate>-<hash>/… and imports it from the glue,
// which would make the page fetch one more module, found only once the glue has been parsed, and
// put a hash-named file among the shipped ones. Here every `import { A, B } from './snippets/…';`
// line is replaced by the snippet's code in a function scope that returns those names, and the
// snippets folder is removed: `www/pkg/breathflow.js` stays the one glue file.
import { readFileSync, writeFileSync, rmSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";

const glue = process.argv[2];
if (!glue) {
  console.error("usage: node tools/inline-snippets.mjs <path/to/glue.js>");
  process.exit(2);
}
const dir = dirname(glue);
let text = readFileSync(glue, "utf8");
const IMPORT = /^import \{([^}]*)\} from '(\.\/snippets\/[^']+)';\n/gm;
let n = 0;
text = text.replace(IMPORT, (_line, names, path) => {
  const source = readFileSync(join(dir, path), "utf8");
  if (/^\s*import\s/m.test(source)) throw new Error(`${path}: snippets that import are not supported`);
  const exported = [...source.matchAll(/^export (?:class|function|const|let) ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]);
  const wanted = names.split(",").map((s) => s.trim()).filter(Boolean);
  for (const name of wanted) {
    if (/\sas\s/.test(name)) throw new Error(`${path}: renamed imports are not supported (${name})`);
    if (!exported.includes(name)) throw new Error(`${path}: does not export ${name}`);
  }
  n++;
  const body = source.replace(/^export (class|function|const|let) /gm, "$1 ");
  return `const { ${wanted.join(", ")} } = (() => {\n${body}\nreturn { ${wanted.join(", ")} };\n})();\n`;
});
if (/['"]\.\/snippets\//.test(text)) throw new Error(`${glue}: a snippet import was not folded in`);
writeFileSync(glue, text);
if (existsSync(join(dir, "snippets"))) rmSync(join(dir, "snippets"), { recursive: true });
console.log(`inline-snippets: ${n} snippet import(s) folded into ${glue}`);
