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

/**
 * Guard the methods of a class wasm-bindgen exports, given one instance of it (`probe`, freed
 * here): a call on a freed instance throws `<name>: this instance was freed` rather than
 * wasm-bindgen's "null pointer passed to rust"; `free()` (and `Symbol.dispose`) while the
 * instance is in use (`__inUse()`: one of its event listeners is running) throws and leaves it
 * usable, where wasm-bindgen would throw and leave it freed half-way.
 */
export function guardClass(probe, name) {
  const proto = Object.getPrototypeOf(probe);
  const free = proto.free;
  const freed = () => new Error(`${name}: this instance was freed (free() was called); create a new one`);
  const guarded = (f) =>
    function (...args) {
      if (this.__wbg_ptr === 0) throw freed();
      return f.apply(this, args);
    };
  const guardedFree = function () {
    if (this.__wbg_ptr === 0) throw freed();
    if (this.__inUse()) {
      throw new Error(
        `${name}: free() cannot be called from inside one of its event listeners; call destroy() there, and free() after the listener returns`,
      );
    }
    return free.call(this);
  };
  for (const key of [...Object.getOwnPropertyNames(proto), ...Object.getOwnPropertySymbols(proto)]) {
    if (key === "constructor" || key === "__destroy_into_raw") continue;
    const d = Object.getOwnPropertyDescriptor(proto, key);
    if (typeof d.value !== "function") continue;
    d.value = d.value === free ? guardedFree : guarded(d.value);
    Object.defineProperty(proto, key, d);
  }
  free.call(probe);
}
