// `make package`: lay out the npm package in target/package/ and pack it with `npm pack`.
//
//   node tools/package.mjs [--out=target/package] [--pack-destination=target] [--no-pack]
//
// Run after `make build` (it copies the built www/pkg/, www/breath-flow.js and the frame page).
// The layout keeps the element's relative URLs working: breath-flow.js at the root finds
// ./pkg/breathflow.js and ./pkg/breathflow_bg.wasm beside it, in the package as in www/.
// Prints the tarball's path and size. The package's README is tools/package/README.md, its types
// for the element tools/package/breath-flow.d.ts (hand-written).
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

/** name, version, description and license from Cargo.toml's [package] table. */
export function cargoPackage(text = readFileSync(join(ROOT, "Cargo.toml"), "utf8")) {
  const table = /^\[package\]\n([\s\S]*?)(?=^\[)/m.exec(text)?.[1] ?? "";
  const field = (k) => {
    const m = new RegExp(`^${k}\\s*=\\s*"([^"]*)"`, "m").exec(table);
    if (!m) throw new Error(`Cargo.toml: [package] has no ${k}`);
    return m[1];
  };
  return { name: field("name"), version: field("version"), description: field("description"), license: field("license") };
}

/** Files of the package: [source under the repo root, path in the package]. */
const FILES = [
  ["www/pkg/breathflow.js", "pkg/breathflow.js"],
  ["www/pkg/breathflow_bg.wasm", "pkg/breathflow_bg.wasm"],
  ["www/pkg/breathflow.d.ts", "pkg/breathflow.d.ts"],
  ["www/breath-flow.js", "breath-flow.js"],
  ["tools/package/breath-flow.d.ts", "breath-flow.d.ts"],
  ["www/frame.html", "frame.html"],
  ["www/frame.js", "frame.js"],
  ["www/frame.css", "frame.css"],
  ["www/icon.svg", "icon.svg"],
  // The languages the element fetches next to itself, and a host may registerLocale.
  ["library/locales/es.json", "locales/es.json"],
  ["library/locales/de.json", "locales/de.json"],
  ["library/locales/fr.json", "locales/fr.json"],
  ["library/locales/en.json", "locales/en.json"],
  ["tools/package/README.md", "README.md"],
  ["LICENSE", "LICENSE"],
];

export function manifest(cargo) {
  return {
    name: "breathflow",
    version: cargo.version,
    description: cargo.description,
    type: "module",
    main: "./pkg/breathflow.js",
    types: "./pkg/breathflow.d.ts",
    exports: {
      ".": { types: "./pkg/breathflow.d.ts", default: "./pkg/breathflow.js" },
      "./element": { types: "./breath-flow.d.ts", default: "./breath-flow.js" },
      "./breathflow_bg.wasm": "./pkg/breathflow_bg.wasm",
      "./frame.html": "./frame.html",
      "./locales/*": "./locales/*",
      "./package.json": "./package.json",
    },
    files: ["pkg/", "breath-flow.js", "breath-flow.d.ts", "frame.html", "frame.js", "frame.css", "icon.svg", "locales/"],
    sideEffects: ["./breath-flow.js"],
    license: cargo.license,
    keywords: ["breathing", "breathwork", "meditation", "wasm", "webassembly", "web-component", "custom-element", "canvas", "pacer", "back-pain"],
  };
}

/** Write the package folder `out`; returns { out, version }. */
export function layout(out) {
  for (const [src] of FILES) {
    if (!existsSync(join(ROOT, src))) throw new Error(`${src} is missing: run make build first`);
  }
  const license = readFileSync(join(ROOT, "LICENSE"), "utf8");
  const cargo = cargoPackage();
  if (!license.startsWith(`${cargo.license} License`)) throw new Error(`LICENSE does not match Cargo.toml's license "${cargo.license}"`);
  rmSync(out, { recursive: true, force: true });
  for (const [src, dst] of FILES) {
    mkdirSync(dirname(join(out, dst)), { recursive: true });
    copyFileSync(join(ROOT, src), join(out, dst));
  }
  // The README's CDN line names this version.
  const readme = join(out, "README.md");
  writeFileSync(readme, readFileSync(readme, "utf8").replaceAll("breathflow@VERSION", `breathflow@${cargo.version}`));
  writeFileSync(join(out, "package.json"), JSON.stringify(manifest(cargo), null, 2) + "\n");
  return { out, version: cargo.version };
}

/** `npm pack` the folder into `dest`; returns the tarball's absolute path. */
export function pack(out, dest) {
  mkdirSync(dest, { recursive: true });
  const r = spawnSync("npm", ["pack", "--json", "--pack-destination", resolve(dest)], { cwd: out, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`npm pack failed: ${r.stderr.trim()}`);
  const [info] = JSON.parse(r.stdout);
  return { tarball: join(resolve(dest), info.filename), files: info.files.map((f) => f.path), unpackedSize: info.unpackedSize };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(arg("out", join(ROOT, "target/package")));
  const { version } = layout(out);
  console.log(`package: breathflow ${version} laid out in ${relative(process.cwd(), out) || "."}/`);
  if (!process.argv.includes("--no-pack")) {
    const { tarball, files } = pack(out, arg("pack-destination", join(ROOT, "target")));
    const kb = (statSync(tarball).size / 1000).toFixed(1);
    console.log(`package: ${relative(process.cwd(), tarball)} (${kb} KB, ${files.length} files)`);
  }
}
