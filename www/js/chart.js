// The 14-day chart: minutes practised per day as bars on a canvas, today highlighted. Colours come
// from CSS custom properties on the canvas (--chart-bar, --chart-today, --chart-grid,
// --chart-text), so the light and dark themes apply; the canvas carries a text summary as its
// accessible name. Redraws itself when its box or the colour scheme changes.
import { language, number, quantity, t } from "./i18n.js";
import { minutesByDay } from "./log.js";

// Made on first use (a day with practice to describe): the page's first Intl formatter loads the
// locale data, ~30 ms of a cold start-up here, which a first visit never needs.
let DAY = null;
const dayName = (date) => (DAY ??= new Intl.DateTimeFormat(language, { weekday: "short", day: "numeric", month: "short" })).format(date);

function niceMax(v) {
  for (const step of [5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240]) if (v <= step) return step;
  return Math.ceil(v / 60) * 60;
}

/** Attach a chart to `canvas`; call `update(entries)` with the log. Returns { update, destroy }. */
export function createChart(canvas) {
  let days = minutesByDay([]);
  const draw = () => {
    const css = getComputedStyle(canvas);
    const colour = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
    const rect = canvas.getBoundingClientRect();
    const w = Math.max(1, rect.width);
    const hgt = Math.max(1, rect.height);
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(hgt * dpr);
    const ctx = canvas.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, hgt);
    const font = css.fontFamily || "system-ui, sans-serif";
    const top = 16;
    const bottom = 24;
    const left = 30;
    const plotH = hgt - top - bottom;
    const plotW = w - left - 4;
    const max = niceMax(Math.max(...days.map((d) => d.minutes), 1));
    // Grid: the baseline and the top line with its value.
    ctx.strokeStyle = colour("--chart-grid", "#cfdcd9");
    ctx.lineWidth = 1;
    ctx.fillStyle = colour("--chart-text", "#4b5f67");
    ctx.font = `12px ${font}`;
    ctx.textBaseline = "middle";
    ctx.textAlign = "right";
    for (const [value, y] of [[0, top + plotH], [max, top]]) {
      ctx.beginPath();
      ctx.moveTo(left, Math.round(y) + 0.5);
      ctx.lineTo(left + plotW, Math.round(y) + 0.5);
      ctx.stroke();
      ctx.fillText(String(value), left - 6, y);
    }
    const slot = plotW / days.length;
    const barW = Math.max(4, Math.min(28, slot * 0.62));
    ctx.textAlign = "center";
    ctx.textBaseline = "alphabetic";
    days.forEach((d, i) => {
      const x = left + slot * i + slot / 2;
      const today = i === days.length - 1;
      const bh = d.minutes > 0 ? Math.max(3, (d.minutes / max) * plotH) : 0;
      if (bh > 0) {
        ctx.fillStyle = colour(today ? "--chart-today" : "--chart-bar", "#176b5f");
        const r = Math.min(4, barW / 2, bh);
        ctx.beginPath();
        ctx.roundRect(x - barW / 2, top + plotH - bh, barW, bh, [r, r, 0, 0]);
        ctx.fill();
        if (slot >= 26) {
          ctx.fillStyle = colour("--chart-text", "#4b5f67");
          ctx.font = `11px ${font}`;
          ctx.fillText(number(d.minutes), x, top + plotH - bh - 4);
        }
      }
      // Day-of-month labels: every day when there is room, else every other day and today.
      if (slot >= 22 || (days.length - 1 - i) % 2 === 0) {
        ctx.fillStyle = colour("--chart-text", "#4b5f67");
        ctx.font = `${today ? "600 " : ""}12px ${font}`;
        ctx.fillText(String(d.date.getDate()), x, hgt - 6);
      }
    });
  };

  const describe = () => {
    const practised = days.filter((d) => d.sessions > 0);
    const total = Math.round(days.reduce((s, d) => s + d.minutes, 0) * 10) / 10;
    const detail = practised.map((d) => t("chart.day-minutes", { day: dayName(d.date), minutes: quantity(d.minutes, "minute", "short") })).join("; ");
    canvas.setAttribute(
      "aria-label",
      practised.length
        ? t("chart.summary", { minutes: quantity(total, "minute", "long"), n: practised.length, days: detail })
        : t("chart.summary-none"),
    );
  };

  const resize = new ResizeObserver(draw);
  resize.observe(canvas);
  const scheme = matchMedia("(prefers-color-scheme: dark)");
  scheme.addEventListener("change", draw);
  return {
    update(entries) {
      days = minutesByDay(entries);
      describe();
      draw();
    },
    destroy() {
      resize.disconnect();
      scheme.removeEventListener("change", draw);
    },
  };
}
