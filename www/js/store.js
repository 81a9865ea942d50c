// Saved data on this device (localStorage, JSON under "breathflow.<key>").
//
// Nothing saved can break the page: a value that cannot be read is set aside — moved, untouched,
// to "breathflow.set-aside.<key>.<time>" — and reported through onProblem(), so the page can say
// so and offer it as a download. It never silently disappears.

const PREFIX = "breathflow.";
const problems = [];
const listeners = new Set();

function report(problem) {
  problems.push(problem);
  for (const fn of listeners) fn(problem);
}

/** Problems so far, and a subscription for later ones: `{ key, what, reason, raw }`. */
export function onProblem(fn) {
  for (const p of problems) fn(p);
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/**
 * Read `key`. `check(value)` returns the value to use or throws an Error saying what is wrong.
 * A missing key gives `fallback`; an unreadable one is set aside and gives `fallback` too.
 * `what` names the data for people ("Your practice log").
 */
export function read(key, { what, check = (v) => v, fallback }) {
  let raw;
  try {
    raw = localStorage.getItem(PREFIX + key);
  } catch (err) {
    report({ key, what, reason: `this browser does not allow saving on the device (${err.message})`, raw: null });
    return fallback;
  }
  if (raw === null) return fallback;
  try {
    return check(JSON.parse(raw));
  } catch (err) {
    setAside(key, raw, what, err.message);
    return fallback;
  }
}

/** Save `value` under `key`. Returns false (and reports) when the browser refuses. */
export function write(key, value, what = key) {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
    return true;
  } catch (err) {
    report({ key, what, reason: `could not be saved on this device (${err.message})`, raw: null });
    return false;
  }
}

export function remove(key) {
  try {
    localStorage.removeItem(PREFIX + key);
  } catch {
    // Nothing to remove where nothing can be stored.
  }
}

/**
 * Keep `raw` (text) under a set-aside key so it can still be recovered, and report it. Used for a
 * whole unreadable value, or for the entries of a list that failed their check.
 */
export function setAside(key, raw, what, reason, { replace = true } = {}) {
  try {
    localStorage.setItem(`${PREFIX}set-aside.${key}.${Date.now()}`, raw);
    if (replace) localStorage.removeItem(PREFIX + key);
  } catch {
    // Storage full or unavailable: the report below still carries the data for download.
  }
  report({ key, what, reason, raw });
}

/**
 * Check each item of a saved list: good items are kept, bad ones set aside together and reported.
 * Throws (so read() sets the whole value aside) when `value` is not a list at all.
 */
export function checkList(key, what, check) {
  return (value) => {
    if (!Array.isArray(value)) throw new Error(`expected a list, found ${typeof value}`);
    const good = [];
    const bad = [];
    const reasons = [];
    value.forEach((item, i) => {
      try {
        good.push(check(item));
      } catch (err) {
        bad.push(item);
        reasons.push(`item ${i + 1}: ${err.message}`);
      }
    });
    if (bad.length) {
      setAside(key, JSON.stringify(bad), what, reasons.join("; "), { replace: false });
      write(key, good, what);
    }
    return good;
  };
}
