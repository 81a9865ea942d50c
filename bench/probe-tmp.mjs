import { chromium } from "playwright-core";
import { readdirSync, readFileSync } from "node:fs";
import { startServer } from "../tools/serve.mjs";
const ROOT = new URL("..", import.meta.url).pathname;
function threads() {
  const out = new Map();
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    let cmd = ""; try { cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8"); } catch { continue; }
    if (!cmd.includes("chromium")) continue;
    const type = (cmd.match(/--type=([a-z-]+)/) || [, "browser"])[1];
    let tasks = []; try { tasks = readdirSync(`/proc/${pid}/task`); } catch { continue; }
    for (const tid of tasks) {
      try {
        const st = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
        const comm = st.slice(st.indexOf("(") + 1, st.lastIndexOf(")"));
        const f = st.slice(st.lastIndexOf(")") + 2).split(" ");
        out.set(`${pid}/${tid}`, { key: `${type}:${comm}`, ticks: +f[11] + +f[12] });
      } catch {}
    }
  }
  return out;
}
const args = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const { server, url } = await startServer(ROOT, 0);
for (const path of args) {
  const ctx = await browser.newContext({ deviceScaleFactor: 2, viewport: { width: 640, height: 640 } });
  const page = await ctx.newPage();
  await page.goto(new URL(path, url).href);
  await page.waitForTimeout(4000);
  const a = threads();
  await page.waitForTimeout(20000);
  const b = threads();
  const sum = new Map();
  for (const [k, v] of b) { const d = v.ticks - (a.get(k)?.ticks ?? 0); sum.set(v.key, (sum.get(v.key) ?? 0) + d); }
  const tot = [...sum.values()].reduce((x, y) => x + y, 0);
  console.log(`${path}: total ${(tot / 100 * 3).toFixed(2)} CPU s/min`);
  for (const [k, v] of [...sum].sort((x, y) => y[1] - x[1]).slice(0, 10)) if (v > 0) console.log(`  ${k}: ${(v / 100 * 3).toFixed(2)}`);
  await ctx.close();
}
server.close(); await browser.close();
