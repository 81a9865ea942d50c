// frame.html: the <breath-flow> widget alone, for hosts that cannot run our script (an <iframe>
// is all they need). Set up from the URL's parameters, which carry the element's attribute names
// and rules — they are handed to the element as attributes, so the element checks them itself —
// plus theme, bg and id, checked here. Every widget event goes to the parent window as
//
//   { source: "breathflow", version: 1, id, type, detail }
//
// with type "ready" once the widget is up, "error" (detail { message }) when it cannot start, and
// the widget's own types (phase, breath, step, complete, status, countdown) with their detail.
// The messages hold nothing private, so they go to any origin ("*"); hosts check event.source and
// event.origin (README, "Embed with an iframe"). Not framed, nothing is posted.
// While the widget runs, the frame keeps the screen on (Screen Wake Lock: a cross-origin frame
// needs allow="screen-wake-lock" from its host; without it the request is refused and nothing
// else changes).
import "./breath-flow.js";
import { createWakeLock } from "./js/wakelock.js";

/** Parameters handed to the element as attributes of the same name. */
const ATTRIBUTES = ["pattern", "flow", "breaths", "seconds", "conditions", "sound", "autostart", "lang"];
/** Parameters of the frame itself. */
const OWN = ["theme", "bg", "id"];
const THEMES = ["light", "dark", "auto"];
/** The widget's event types (each bubbles out of the element as `breathflow:<type>`). */
const EVENTS = ["phase", "breath", "step", "complete", "status", "countdown"];

const framed = window.parent !== window;
const errorBox = document.getElementById("frame-error");

/**
 * Read the URL's parameters: { attrs, theme, bg, id } or throws an Error naming the parameter and
 * the rule it breaks.
 */
export function readParams(search) {
  const params = new URLSearchParams(search);
  const seen = new Set();
  const out = { attrs: {}, theme: "auto", bg: null, id: null };
  for (const [name, value] of params) {
    if (!ATTRIBUTES.includes(name) && !OWN.includes(name)) {
      throw new Error(
        `"${name}" is not a parameter of this frame. The parameters are: ${[...ATTRIBUTES, ...OWN].join(", ")}.`,
      );
    }
    if (seen.has(name)) throw new Error(`${name}: give it once, it appears more than once in the address.`);
    seen.add(name);
    if (name === "theme") {
      if (!THEMES.includes(value)) throw new Error(`theme: must be light, dark or auto, got "${value}".`);
      out.theme = value;
    } else if (name === "bg") {
      const v = value.trim();
      if (v !== "transparent" && !(v !== "" && CSS.supports("color", v))) {
        throw new Error(`bg: must be "transparent" or a CSS colour such as #fdf6e3 or rgb(20 30 40), got "${value}".`);
      }
      out.bg = v;
    } else if (name === "id") {
      out.id = value;
    } else {
      out.attrs[name] = value;
    }
  }
  return out;
}

let id = null;
/** Post one message to the parent window (only when framed). */
function post(type, detail) {
  if (!framed) return;
  const message = { source: "breathflow", version: 1, id, type, detail };
  try {
    window.parent.postMessage(message, "*");
  } catch {
    // A detail that cannot be cloned: send its JSON form instead.
    window.parent.postMessage({ ...message, detail: JSON.parse(JSON.stringify(detail ?? null)) }, "*");
  }
}

function fail(message) {
  errorBox.textContent = `This breathing guide could not start. ${message}`;
  errorBox.hidden = false;
  post("error", { message });
}

/** The picture the element shows (its canvas, or the stage around it), or null when none is shown. */
function picture(el) {
  for (const part of ["canvas", "stage"]) {
    const r = el.shadowRoot?.querySelector(`[part=${part}]`)?.getBoundingClientRect();
    if (r && r.width > 0 && r.height > 0) return r;
  }
  return null;
}

/**
 * Keep the widget's picture as large as the frame allows with the controls in view. The picture
 * scales with the element's width; what sits around it (title, buttons, status) is the element's
 * height less the picture's. While no picture is shown (a "Before you start" panel to read), the
 * widget takes the frame's width and the frame scrolls.
 */
function fit(el) {
  let last = null;
  let tries = 0;
  const measure = () => {
    const root = document.documentElement;
    const pad = parseFloat(getComputedStyle(document.body).paddingTop) || 0;
    const box = el.getBoundingClientRect();
    if (box.width === 0) return;
    const w = root.clientWidth - 2 * pad;
    const h = root.clientHeight - 2 * pad;
    const pic = picture(el);
    let size = w;
    if (pic) {
      const around = Math.max(0, box.height - pic.height);
      const ratio = pic.width / box.width || 1;
      size = Math.min(w, (h - around) / ratio);
    }
    size = Math.floor(Math.max(120, Math.min(w, size)));
    const key = `${root.clientWidth}x${root.clientHeight}:${pic !== null}`;
    if (key !== last) {
      last = key;
      tries = 0;
    }
    // A title that wraps at one width and not the next could flip back and forth: a few
    // adjustments per frame size, then only smaller.
    if (Math.abs(size - box.width) < 1) return;
    if (tries >= 4 && size > box.width) return;
    tries++;
    el.style.width = `${size}px`;
  };
  const ro = new ResizeObserver(measure);
  ro.observe(el);
  ro.observe(document.documentElement);
}

/** The element's own error message once it shows one ([part=error] not hidden), else "". */
function elementError(el) {
  const part = el.shadowRoot?.querySelector("[part=error]");
  return part && !part.hidden && part.textContent.trim() ? part.textContent.trim() : "";
}

function start() {
  let config;
  try {
    config = readParams(location.search);
  } catch (e) {
    document.documentElement.classList.add("theme-auto");
    fail(e.message);
    return;
  }
  id = config.id;
  const root = document.documentElement;
  root.classList.add(`theme-${config.theme}`);
  if (config.bg !== null) {
    root.classList.toggle("bg-transparent", config.bg === "transparent");
    root.style.setProperty("--frame-bg", config.bg);
    root.style.setProperty("--bf-bg", config.bg);
  }

  const el = document.createElement("breath-flow");
  el.setAttribute("eager", "");
  for (const [name, value] of Object.entries(config.attrs)) el.setAttribute(name, value);
  // The page speaks the widget's language too (screen readers, hyphenation).
  if (config.attrs.lang) document.documentElement.lang = config.attrs.lang;

  // Events before "ready" wait for it, so a host always hears "ready" first.
  let ready = false;
  let failed = false;
  const waiting = [];
  const becomeReady = () => {
    if (ready || failed || !el.breathFlow) return;
    ready = true;
    const title = el.shadowRoot?.querySelector("[part=title]")?.textContent.trim() ?? "";
    if (title) document.title = `Breathing guide: ${title}`;
    const { status, totalMs } = el.breathFlow.state();
    post("ready", { title, status, totalMs });
    for (const [type, detail] of waiting.splice(0)) post(type, detail);
  };
  const elementFailed = (message) => {
    if (failed || ready) return;
    failed = true;
    post("error", { message });
  };
  const wakeLock = createWakeLock();
  // Asked for only where the host allows it: a refused request would put a permissions-policy
  // error in the host's console.
  const mayLock = document.featurePolicy?.allowsFeature("screen-wake-lock") ?? true;
  el.addEventListener("breathflow:status", (e) => mayLock && wakeLock.hold(e.detail.status === "running"));
  for (const type of EVENTS) {
    el.addEventListener(`breathflow:${type}`, (e) => {
      becomeReady();
      if (ready) post(type, e.detail);
      else waiting.push([type, e.detail]);
    });
  }

  // The element reports bad attribute values in its [part=error]; pass them on.
  const watchErrors = () => {
    if (!el.shadowRoot) return;
    const check = () => {
      const message = elementError(el);
      if (message) elementFailed(message);
    };
    new MutationObserver(check).observe(el.shadowRoot, { subtree: true, childList: true, attributes: true, characterData: true });
    check();
  };

  document.getElementById("frame").append(el);
  watchErrors();
  fit(el);

  // Ready: `el.ready` is a promise of the BreathFlow (it rejects when the attributes are bad).
  // Read once: each read is a new promise, and one left unobserved would be an unhandled
  // rejection.
  el.ready.then(becomeReady, (e) => elementFailed(elementError(el) || e?.message || String(e)));
}

start();
