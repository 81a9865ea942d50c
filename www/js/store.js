// Saved data on this device (localStorage, JSON under "breathflow.<key>").
//
// Nothing saved is ever dropped, and nothing saved can break the page:
// - A value that cannot be read is set aside — copied, untouched, to
//   "breathflow.set-aside.<key>.<time>" — and only once that copy is safely stored is the original
//   removed. When the copy cannot be stored (the device is full), the original stays exactly where
//   it is and the key is held: nothing is written over it for the rest of the visit, and changes
//   to it live in memory only.
// - When the browser does not let the page store anything at all, the page says so once and keeps
//   working in memory.
// Every problem is reported through onProblem() as a ready-made message for people:
// `{ key, what, kind, title, text, raw, downloadLabel, filename }`; `raw` is text that can be
// offered as a download (a string, or a function giving one), or null when there is nothing.
// The words are in the page's language (texts/store.js, js/i18n.js).
import { t } from "./i18n.js";

const PREFIX = "breathflow.";
const problems = [];
const listeners = new Set();
/** Keys whose stored value could not be read nor set aside: never written over this visit. */
const held = new Set();
/** Keys whose last write failed (reported once until a write succeeds again). */
const failing = new Set();
let unavailableReported = false;
/** The text this page last read or wrote for each key (to notice another tab's changes). */
const seen = new Map();

function report(problem) {
  problems.push(problem);
  for (const fn of listeners) fn(problem);
}

/** Problems so far, and a subscription for later ones. */
export function onProblem(fn) {
  for (const p of problems) fn(p);
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The browser's storage, or null when touching it throws (storage disabled, sandboxed frame). */
function storage() {
  try {
    const s = window.localStorage;
    return s ?? null;
  } catch {
    return null;
  }
}

/**
 * Why `err` (thrown by setItem) happened: "full" when the device is out of room for this site,
 * "unavailable" when the browser does not allow storing at all (nothing can ever be written).
 */
function writeFailure(err) {
  const s = storage();
  if (!s) return "unavailable";
  const quota = err?.name === "QuotaExceededError" || err?.code === 22 || err?.code === 1014;
  if (!quota) return "unavailable";
  // Some browsers (private windows) give a quota of zero: a quota error with nothing stored.
  let length = 0;
  try {
    length = s.length;
  } catch {
    return "unavailable";
  }
  return length === 0 ? "unavailable" : "full";
}

function reportUnavailable() {
  if (unavailableReported) return;
  unavailableReported = true;
  report({
    key: null,
    what: t("store.saving"),
    kind: "unavailable",
    title: t("store.unavailable-title"),
    text: t("store.unavailable-text"),
    raw: null,
  });
}

/** True when the browser lets the page store data at all (checked with a tiny test value). */
export function available() {
  const s = storage();
  if (!s) return false;
  try {
    s.setItem(`${PREFIX}probe`, "1");
    s.removeItem(`${PREFIX}probe`);
    return true;
  } catch (err) {
    return writeFailure(err) !== "unavailable";
  }
}

/** True when `key` holds data that could not be read nor set aside (so it is not written over). */
export function isHeld(key) {
  return held.has(key);
}

/**
 * Read `key`. `check(value)` returns the value to use or throws an Error saying what is wrong.
 * A missing key gives `fallback`; an unreadable one is set aside and gives `fallback` too.
 * `what` names the data for people ("Your practice log").
 */
export function read(key, { what, check = (v) => v, fallback }) {
  const s = storage();
  let raw;
  try {
    if (!s) throw new Error("no storage");
    raw = s.getItem(PREFIX + key);
  } catch {
    reportUnavailable();
    return fallback;
  }
  seen.set(key, raw);
  if (raw === null) return fallback;
  let value;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    setAside(key, raw, what, t("store.not-json", { message: err.message }));
    return fallback;
  }
  try {
    return check(value, raw);
  } catch (err) {
    setAside(key, raw, what, err.message);
    return fallback;
  }
}

/**
 * Save `value` under `key`. Returns false when it is not saved: the key is held (unreadable data
 * is kept there), the browser refuses, or the device is full. Refusals are reported once (until a
 * write succeeds again); `quiet` reports nothing (for tidying that can wait for a later visit).
 */
export function write(key, value, what = key, { quiet = false } = {}) {
  if (held.has(key)) {
    if (!quiet && !failing.has(key)) {
      failing.add(key);
      report({
        key,
        what,
        kind: "held-write",
        title: t("store.held-write-title", { what }),
        text: t("store.held-write-text"),
        raw: () => JSON.stringify(value, null, 2),
        downloadLabel: t("store.download-unsaved"),
        filename: `breathflow-unsaved-${key}.json`,
      });
    }
    return false;
  }
  const s = storage();
  try {
    if (!s) throw new Error("no storage");
    const text = JSON.stringify(value);
    s.setItem(PREFIX + key, text);
    seen.set(key, text);
    failing.delete(key);
    return true;
  } catch (err) {
    if (quiet) return false;
    if (writeFailure(err) === "unavailable") {
      failing.add(key);
      reportUnavailable();
      return false;
    }
    if (!failing.has(key)) {
      failing.add(key);
      report({
        key,
        what,
        kind: "full",
        title: t("store.full-title", { what }),
        text: t("store.full-text"),
        raw: () => JSON.stringify(value, null, 2),
        downloadLabel: t("store.download-unsaved"),
        filename: `breathflow-unsaved-${key}.json`,
      });
    }
    return false;
  }
}

/**
 * True when another tab has saved `key` since this page last read or wrote it, so the page's copy
 * must be read again before it is changed and written (or the other tab's change would be lost).
 * False while this page holds changes it could not save (they stay in memory).
 */
export function changedElsewhere(key) {
  if (held.has(key) || failing.has(key) || !seen.has(key)) return false;
  try {
    return storage()?.getItem(PREFIX + key) !== seen.get(key);
  } catch {
    return false;
  }
}

/** Call `fn()` when another tab changes `key` (for showing its changes here too). */
export function watch(key, fn) {
  window.addEventListener("storage", (e) => {
    if ((e.key === null || e.key === PREFIX + key) && changedElsewhere(key)) fn();
  });
}

export function remove(key) {
  if (held.has(key)) return;
  try {
    storage()?.removeItem(PREFIX + key);
  } catch {
    // Nothing to remove where nothing can be stored.
  }
}

/** Store `raw` under a fresh set-aside key for `key`; returns false when it could not be stored. */
function keepCopy(key, raw) {
  const s = storage();
  if (!s) return false;
  try {
    const base = `${PREFIX}set-aside.${key}.${Date.now()}`;
    let name = base;
    for (let n = 2; s.getItem(name) !== null; n++) name = `${base}-${n}`;
    s.setItem(name, raw);
    return s.getItem(name) === raw;
  } catch {
    return false;
  }
}

/**
 * Move `raw` (text taken out of `key` on purpose, e.g. the oldest log entries) to a set-aside key
 * and report it with `title` and `text`. Returns false, reporting nothing, when the copy cannot be
 * stored: then the caller must keep the data where it is.
 */
export function moveAside(key, raw, { what, title, text }) {
  if (!keepCopy(key, raw)) return false;
  report({ key, what, kind: "set-aside", title, text, raw, downloadLabel: t("store.download-set-aside"), filename: `breathflow-set-aside-${key}.json` });
  return true;
}

/**
 * Keep `raw` (text) under a set-aside key so it can still be recovered, and report it. Used for a
 * whole unreadable value (`replace`: the original is then removed — but only once the copy is
 * stored), or for the entries of a list that failed their check (`replace: false`).
 * Returns true when the copy is stored; otherwise the key is held and the original stays as it is.
 */
export function setAside(key, raw, what, reason, { replace = true, bad = raw } = {}) {
  if (keepCopy(key, bad)) {
    if (replace) {
      try {
        storage()?.removeItem(PREFIX + key);
        seen.set(key, null);
      } catch {
        // The copy is safe; the original staying too does no harm.
      }
    }
    report({
      key,
      what,
      kind: "set-aside",
      title: t("store.set-aside-title", { what }),
      text: t("store.set-aside-text", { reason }),
      raw: bad,
      downloadLabel: t("store.download-set-aside"),
      filename: `breathflow-set-aside-${key}.json`,
    });
    return true;
  }
  held.add(key);
  const stored = storage() !== null && available();
  report({
    key,
    what,
    kind: "held",
    title: t(stored ? "store.held-title-no-room" : "store.held-title-not-allowed", { what }),
    text: t(stored ? "store.held-text-no-room" : "store.held-text-not-allowed", { reason }),
    raw: bad,
    downloadLabel: t("store.download-unreadable"),
    filename: `breathflow-unreadable-${key}.json`,
  });
  return false;
}

/**
 * Check each item of a saved list: good items are kept, bad ones set aside together and reported.
 * The list is rewritten without them only once they are safely set aside; otherwise it is left as
 * it is (and held). Throws (so read() sets the whole value aside) when `value` is not a list.
 */
export function checkList(key, what, check) {
  return (value, raw) => {
    if (!Array.isArray(value)) throw new Error(t("store.not-a-list", { type: value === null ? "null" : typeof value }));
    const good = [];
    const bad = [];
    const reasons = [];
    value.forEach((item, i) => {
      try {
        good.push(check(item));
      } catch (err) {
        bad.push(item);
        reasons.push(t("store.item-reason", { position: i + 1, reason: err.message }));
      }
    });
    if (bad.length && setAside(key, raw, what, reasons.join("; "), { replace: false, bad: JSON.stringify(bad) })) {
      write(key, good, what);
    }
    return good;
  };
}
