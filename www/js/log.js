// The practice log: one entry per practice, kept on this device. Everything that reads or writes
// the log goes through this module.
//
// Entry: { at: ISO time, id, title, kind: "flow" | "pattern", minutes, breaths, completed }
import { t } from "./i18n.js";
import * as store from "./store.js";

const KEY = "log";
const WHAT = t("log.what");
/**
 * Enough for years of daily practice. Beyond it the oldest entries are moved aside (kept on the
 * device, offered as a download) down to KEEP_ENTRIES, so this happens rarely — and only once
 * their copy is stored; otherwise the log simply grows.
 */
const MAX_ENTRIES = 5000;
const KEEP_ENTRIES = 4500;

/** The entry as saved, or an Error naming what is wrong with it. */
export function checkEntry(e) {
  if (typeof e !== "object" || e === null || Array.isArray(e)) throw new Error(t("log.not-an-entry"));
  if (typeof e.at !== "string" || Number.isNaN(Date.parse(e.at))) throw new Error(t("log.not-a-date", { field: "at" }));
  if (typeof e.id !== "string" || e.id.length > 200) throw new Error(t("log.not-an-id", { field: "id" }));
  if (typeof e.title !== "string" || e.title.length > 200) throw new Error(t("log.not-a-title", { field: "title" }));
  if (e.kind !== "flow" && e.kind !== "pattern") throw new Error(t("log.bad-kind", { field: "kind", first: "flow", second: "pattern" }));
  if (typeof e.minutes !== "number" || !(e.minutes >= 0 && e.minutes <= 1440)) throw new Error(t("log.out-of-range", { field: "minutes", min: 0, max: 1440 }));
  if (!Number.isInteger(e.breaths) || e.breaths < 0) throw new Error(t("log.not-whole", { field: "breaths" }));
  if (typeof e.completed !== "boolean") throw new Error(t("log.not-boolean", { field: "completed", trueValue: "true", falseValue: "false" }));
  return { at: e.at, id: e.id, title: e.title, kind: e.kind, minutes: e.minutes, breaths: e.breaths, completed: e.completed };
}

let entries = null;
const listeners = new Set();

function load() {
  entries ??= store.read(KEY, { what: WHAT, check: store.checkList(KEY, WHAT, checkEntry), fallback: [] });
  return entries;
}

/** The log, read again first when another tab has changed it since (so its entries are kept). */
function fresh() {
  if (entries !== null && store.changedElsewhere(KEY)) entries = null;
  return load();
}

store.watch(KEY, () => {
  entries = null;
  const list = all();
  for (const fn of listeners) fn(list.slice());
});

function changed() {
  store.write(KEY, entries, WHAT);
  for (const fn of listeners) fn(entries.slice());
}

/** All entries, oldest first. */
export function all() {
  return load().slice();
}

/** Call `fn(entries)` now and after every change; returns an unsubscribe function. */
export function subscribe(fn) {
  listeners.add(fn);
  fn(all());
  return () => listeners.delete(fn);
}

/** Add one practice. `ms` is the practised time; minutes are kept to one decimal. */
export function add({ id, title, kind, ms, breaths, completed, at = new Date() }) {
  const entry = checkEntry({
    at: at.toISOString(),
    id: String(id).slice(0, 200),
    title: String(title).slice(0, 200),
    kind,
    minutes: Math.round(Math.max(0, ms) / 6000) / 10,
    breaths: Math.max(0, Math.round(breaths)),
    completed,
  });
  const list = fresh();
  list.push(entry);
  if (list.length > MAX_ENTRIES) {
    const n = list.length - KEEP_ENTRIES;
    const moved = store.moveAside(KEY, JSON.stringify(list.slice(0, n)), {
      what: WHAT,
      title: t("log.moved-aside", { n }),
      text: t("log.moved-aside-text", { n: MAX_ENTRIES }),
    });
    if (moved) list.splice(0, n);
  }
  changed();
  return entry;
}

export function clear() {
  fresh().length = 0;
  changed();
}

/** The whole log as a JSON document for download. */
export function toJson() {
  return JSON.stringify({ app: "breathflow", kind: "practice-log", version: 1, exportedAt: new Date().toISOString(), entries: all() }, null, 2);
}

/** Minutes practised on each of the `days` local calendar days ending with `now`'s, oldest first. */
export function minutesByDay(list, days = 14, now = new Date()) {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() - (days - 1));
  const out = Array.from({ length: days }, (_, i) => ({
    date: new Date(start.getFullYear(), start.getMonth(), start.getDate() + i),
    minutes: 0,
    sessions: 0,
  }));
  for (const e of list) {
    const d = new Date(e.at);
    const day = new Date(d.getFullYear(), d.getMonth(), d.getDate());
    const i = Math.round((day - start) / 86_400_000);
    if (i >= 0 && i < days) {
      out[i].minutes += e.minutes;
      out[i].sessions += 1;
    }
  }
  return out;
}
