// <breath-flow>: the blog embed. One line of script and one element is all a post needs:
//
//   <script type="module" src="https://example.org/breathflow/breath-flow.js"></script>
//   <breath-flow pattern="ujjayi" breaths="10"></breath-flow>
//
// Attributes: pattern | flow (a library id, a shorthand such as "4-7-8", or JSON), breaths, seconds,
// conditions (comma- or space-separated), sound, autostart (off unless present), size (CSS px,
// 120–2000, default 320). Changing any of them rebuilds the widget (size only resizes it).
// Styling: ::part(frame | title | canvas | controls | play | restart | status | error) and the
// --bf-bg, --bf-rib, --bf-accent, --bf-text custom properties, which pass through the shadow root
// to the canvas.
// Script: `el.breathFlow` is the underlying BreathFlow (null until ready); `el.toggle()`,
// `el.restart()`; its events bubble out of the shadow root as `breathflow:<type>`.
//
// This is the source; `make build` writes it minified to www/breath-flow.js, the file pages load
// (the imports below are relative to www/). The wasm is found relative to that file (the import
// below and the URL passed to init resolve against import.meta.url), and initialised once per page
// for every element. What an element
// takes in connectedCallback it gives back in disconnectedCallback. Bad attributes show a short
// message in the element and a console.error; the rest of the page is untouched.
import init, { BreathFlow, library, validatePattern } from "./pkg/breathflow.js";

const TAG = "breath-flow";
const DEFAULT_SIZE = 320;

let ready = null;
/** Initialise the wasm module once per page, however many elements there are. */
function initOnce() {
  ready ??= init({ module_or_path: new URL("./pkg/breathflow_bg.wasm", import.meta.url) });
  return ready;
}

const sheet = new CSSStyleSheet();
sheet.replaceSync(`
  :host { display: inline-block; width: var(--bf-size, ${DEFAULT_SIZE}px); max-width: 100%; vertical-align: middle;
          font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--bf-text, CanvasText); }
  :host([hidden]) { display: none; }
  .frame { display: grid; gap: 8px; }
  .title { margin: 0; font-weight: 600; text-align: center; }
  .title:empty { display: none; }
  canvas { display: block; width: 100%; aspect-ratio: 1; height: auto; border-radius: 12px; background: var(--bf-bg, Canvas); }
  .controls { display: flex; gap: 8px; justify-content: center; }
  button { font: inherit; min-width: 44px; min-height: 44px; padding: 6px 18px; border-radius: 22px; cursor: pointer;
           border: 1px solid currentColor; background: transparent; color: inherit; }
  button:disabled { opacity: .45; cursor: default; }
  button:focus-visible { outline: 3px solid var(--bf-accent, Highlight); outline-offset: 2px; }
  .status { margin: 0; min-height: 1.4em; text-align: center; font-size: 14px; opacity: .85; }
  .error { margin: 0; padding: 8px 10px; border-radius: 8px; border: 1px solid #b3261e; color: #8c1d18; background: #fff4f3; }
  @media (prefers-color-scheme: dark) { .error { color: #ffdad6; background: #3a1512; border-color: #ffb4ab; } }
  .error[hidden] { display: none; }
`);

const BOOL = (v) => v !== null && v !== "false";

/** Options for `new BreathFlow` from the element's attributes (values are validated by the engine). */
export function optionsFromAttributes(el) {
  const opts = {};
  const practice = (name) => {
    const v = el.getAttribute(name);
    if (v === null) return;
    const t = v.trim();
    if (t.startsWith("{")) {
      try {
        opts[name] = JSON.parse(t);
      } catch (e) {
        throw new Error(`${name}: must be a library id, a shorthand like "4-7-8" or JSON (${e.message})`);
      }
    } else opts[name] = t;
  };
  practice("pattern");
  practice("flow");
  if (opts.pattern === undefined && opts.flow === undefined) opts.pattern = "ujjayi";
  for (const name of ["breaths", "seconds"]) {
    const v = el.getAttribute(name);
    if (v === null) continue;
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n)) throw new Error(`${name}: must be a number, got "${v}"`);
    opts[name] = n;
  }
  const cond = el.getAttribute("conditions");
  if (cond !== null) opts.conditions = cond.split(/[\s,]+/).filter(Boolean);
  opts.sound = BOOL(el.getAttribute("sound"));
  return opts;
}

/** The size attribute in CSS px, or an Error. */
function sizeFromAttribute(el) {
  const size = el.getAttribute("size");
  if (size === null) return DEFAULT_SIZE;
  const px = Number(size);
  if (size.trim() === "" || !Number.isFinite(px) || px < 120 || px > 2000) {
    throw new Error(`size: must be a number of CSS px from 120 to 2000, got "${size}"`);
  }
  return px;
}

/** A title for the caption: the flow's or pattern's own title, when the engine knows it. */
function titleOf(opts) {
  try {
    if (opts.flow !== undefined) {
      const f = typeof opts.flow === "string" ? library().flows.find((x) => x.id === opts.flow) : opts.flow;
      return f?.title ?? "";
    }
    return validatePattern(opts.pattern).title ?? "";
  } catch {
    return ""; // The widget itself reports what is wrong.
  }
}

export class BreathFlowElement extends HTMLElement {
  static observedAttributes = ["pattern", "flow", "breaths", "seconds", "conditions", "sound", "size", "autostart"];
  #flow = null;
  #unsubscribe = [];
  #generation = 0;
  #queued = false;
  #ui;

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [sheet];
    const make = (tag, part, cls = part) => {
      const e = document.createElement(tag);
      e.setAttribute("part", part);
      e.className = cls;
      return e;
    };
    const frame = make("div", "frame");
    const title = make("p", "title");
    const canvas = make("canvas", "canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", "Breathing guide: a rib cage that widens as you breathe in and narrows as you breathe out");
    canvas.textContent = "A rib cage that widens as you breathe in and narrows as you breathe out.";
    const controls = make("div", "controls");
    controls.setAttribute("role", "group");
    controls.setAttribute("aria-label", "Breathing guide controls");
    const play = this.#button("play", "Start");
    const restart = this.#button("restart", "Restart");
    controls.append(play, restart);
    const status = make("p", "status");
    status.setAttribute("aria-live", "polite");
    const error = make("p", "error");
    error.setAttribute("role", "alert");
    error.hidden = true;
    frame.append(title, canvas, controls, status, error);
    root.append(frame);
    this.#ui = { title, canvas, controls, play, restart, status, error };
    play.addEventListener("click", () => this.toggle());
    restart.addEventListener("click", () => this.restart());
  }

  #button(part, label) {
    const b = document.createElement("button");
    b.type = "button";
    b.setAttribute("part", part);
    b.textContent = label;
    b.disabled = true;
    return b;
  }

  /** The underlying BreathFlow instance (null until the module is ready, or after an error). */
  get breathFlow() {
    return this.#flow;
  }

  connectedCallback() {
    this.#schedule();
  }

  disconnectedCallback() {
    this.#generation++;
    this.#teardown();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.isConnected) return;
    if (name === "autostart") return; // only read when the widget is built
    if (name === "size") {
      try {
        this.style.setProperty("--bf-size", `${sizeFromAttribute(this)}px`);
        if (this.#flow) return;
      } catch {
        // Falls through to the rebuild, which reports it.
      }
    }
    this.#schedule();
  }

  /** Rebuild once for any number of attribute changes in the same task (and on upgrade). */
  #schedule() {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      if (this.isConnected) this.#rebuild();
    });
  }

  /** Start, pause or resume, as the play button does. */
  toggle() {
    const f = this.#flow;
    if (!f) return;
    const { status } = f.state();
    if (status === "running") f.pause();
    else if (status === "paused") f.resume();
    else f.start();
  }

  /** Stop and start again from the beginning. */
  restart() {
    const f = this.#flow;
    if (!f) return;
    f.stop();
    f.start();
  }

  #teardown() {
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    // destroy() releases frames, timers, listeners, observers, audio and the instance's wasm
    // memory at once; free() then releases the handle we created (a host still holding
    // `el.breathFlow` gets "this instance was freed"). Deferred to a microtask: teardown may run
    // inside one of the instance's own listeners (a host that removes the element on
    // "complete"), where free() is refused.
    const flow = this.#flow;
    this.#flow = null;
    if (flow) {
      flow.destroy();
      queueMicrotask(() => flow.free());
    }
  }

  #showError(err) {
    const { error, play, restart } = this.#ui;
    error.textContent = `This breathing guide could not start. ${err.message}`;
    error.hidden = false;
    play.disabled = true;
    restart.disabled = true;
    console.error(`<${TAG}>:`, err);
  }

  async #rebuild() {
    const generation = ++this.#generation;
    this.#teardown();
    const { title, canvas, controls, play, restart, status, error } = this.#ui;
    error.hidden = true;
    error.textContent = "";
    status.textContent = "";
    play.disabled = true;
    restart.disabled = true;
    try {
      this.style.setProperty("--bf-size", `${sizeFromAttribute(this)}px`);
      const opts = optionsFromAttributes(this);
      await initOnce();
      if (generation !== this.#generation) return; // disconnected or changed while loading
      const flow = new BreathFlow(canvas, opts);
      this.#flow = flow;
      const name = titleOf(opts);
      title.textContent = name;
      controls.setAttribute("aria-label", name ? `Breathing guide controls: ${name}` : "Breathing guide controls");
      const label = () => {
        const s = flow.state();
        const awaits = s.status === "paused" && s.step?.awaitsPerson;
        play.textContent = { running: "Pause", paused: awaits ? "Continue" : "Resume", done: "Again" }[s.status] ?? "Start";
      };
      this.#unsubscribe.push(
        flow.on("status", ({ status: s }) => {
          label();
          if (s === "paused") status.textContent = flow.state().step?.awaitsPerson ? "Read, then press Continue." : "Paused.";
        }),
        flow.on("step", (e) => {
          status.textContent = e.side ? `${e.title} (${e.side} side)` : e.title;
        }),
        flow.on("complete", () => {
          status.textContent = "Well done.";
        }),
      );
      label();
      play.disabled = false;
      restart.disabled = false;
      if (BOOL(this.getAttribute("autostart"))) flow.start();
    } catch (err) {
      if (generation !== this.#generation) return;
      this.#teardown();
      title.textContent = "";
      this.#showError(err);
    }
  }
}

/** Define the element; calling it again (or loading this file twice) is harmless. */
export function define(tag = TAG, registry = customElements) {
  if (!registry.get(tag)) registry.define(tag, tag === TAG ? BreathFlowElement : class extends BreathFlowElement {});
}

define();
