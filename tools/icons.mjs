// Render the app's PNG icons from www/icon.svg with the local Chromium (no network):
// `node tools/icons.mjs`. The PNGs are committed; run this again only when icon.svg changes.
//   www/icon-192.png, www/icon-512.png  — the icon as drawn (rounded square)
//   www/icon-maskable-512.png           — full-bleed background, figure inside the 80 % safe zone
import { readFile } from "node:fs/promises";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "../tests/e2e/harness.mjs";

const svg = await readFile("www/icon.svg", "utf8");
const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
const background = svg.match(/<rect[^>]*fill="([^"]+)"/)?.[1] ?? "#0b1d2a";

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: CHROMIUM_ARGS,
});
try {
  const page = await browser.newPage();
  const render = async (size, scale, bg, out) => {
    await page.setViewportSize({ width: size, height: size });
    const inner = Math.round(size * scale);
    await page.setContent(
      `<body style="margin:0;background:${bg};display:grid;place-items:center;width:${size}px;height:${size}px">` +
        `<img src="${dataUrl}" width="${inner}" height="${inner}"></body>`,
    );
    await page.waitForFunction(() => document.images[0].complete);
    await page.screenshot({ path: out, omitBackground: bg === "transparent" });
    console.log(`icons: ${out}`);
  };
  await render(192, 1, "transparent", "www/icon-192.png");
  await render(512, 1, "transparent", "www/icon-512.png");
  await render(512, 0.8, background, "www/icon-maskable-512.png");
} finally {
  await browser.close();
}
