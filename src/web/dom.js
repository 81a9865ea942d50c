// Small DOM helpers for src/web/dom.rs. Each replaces several wasm imports (and their glue) with
// one: web-sys's `window()` looks for the global object four ways and checks it with instanceof,
// and a CustomEvent with options takes an init object, three setters, a constructor and a
// dispatch.

/** The page's `window`, or undefined where there is none (a worker). */
export function pageWindow() {
  return typeof window === "undefined" ? undefined : window;
}

/**
 * Dispatch `new CustomEvent(type, { detail, bubbles: true, composed: true })` on `target`
 * (bubbling out of shadow roots). Never throws into the wasm: a listener's exception is reported
 * by the browser, and anything else is logged.
 */
export function emit(target, type, detail) {
  try {
    target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  } catch (e) {
    console.error("breathflow: could not dispatch", type, e);
  }
}
