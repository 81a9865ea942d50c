// <breath-flow>: the blog embed. One line of script and one element is all a post needs:
//
//   <script type="module" src="https://example.org/breathflow/breath-flow.js"></script>
//   <breath-flow pattern="ujjayi" breaths="10"></breath-flow>
//
// Attributes: pattern | flow (a library id, a shorthand such as "4-7-8", or JSON), breaths, seconds,
// conditions (comma- or space-separated), sound, autostart, size (CSS px, default 320).
// Styling: ::part(canvas | controls | play | restart | status | error) and the --bf-bg, --bf-rib,
// --bf-accent, --bf-text custom properties, which pass through the shadow root to the canvas.
//
// The wasm module is found relative to this file (import.meta.url) and initialised once for every
// element on the page. Everything an element takes in connectedCallback it gives back in
// disconnectedCallback. Bad attributes show a short message in the element and a console.error.
import init, { BreathFlow } from "./pkg/breathflow.js";

const TAG = "breath-flow";
let ready = null;
/** Initialise the wasm module once per page, whatever number of elements there are. */
function initOnce() {
  ready ??= init({ module_or_path: new URL("./pkg/breathflow_bg.wasm", import.meta.url) });
  return ready;
}

const sheet = new CSSStyleSheet();
sheet.replaceSync(`
  :host { display: inline-block; width: var(--bf-size, 320px); max-width: 100%; font: 14px/1.4 system-ui, sans-serif;
          color: var(--bf-text, CanvasText); vertical-align: middle; }
  :host([hidden]) { display: none; }
  .wrap { display: grid; gap: 6px; }
  canvas { display: block; width: 100%; aspect-ratio: 1; border-radius: 12px; background: var(--bf-bg, Canvas); }
  .controls { display: flex; gap: 8px; justify-content: center; }
  button { font: inherit; min-width: 44px; min-height: 36px; padding: 4px 14px; border-radius: 18px; cursor: pointer;
           border: 1px solid currentColor; background: transparent; color: inherit; }
  button:focus-visible { outline: 3px solid var(--bf-accent, Highlight); outline-offset: 2px; }
  .error { margin: 0; padding: 8px 10px; border-radius: 8px; border: 1px solid #b3261e; color: #b3261e; background: #fff4f3; }
  .error[hidden], .status:empty { display: none; }
  .status { margin: 0; text-align: center; font-size: 13px; opacity: .85; }
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

export class BreathFlowElement extends HTMLElement {
  static observedAttributes = ["pattern", "flow", "breaths", "seconds", "conditions", "sound", "size", "autostart"];
  #flow = null;
  #unsubscribe = [];
  #generation = 0;
  #ui = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [sheet];
    const wrap = document.createElement("div");
    wrap.className = "wrap";
    const canvas = document.createElement("canvas");
    canvas.setAttribute("part", "canvas");
    canvas.setAttribute("role", "img");
    const controls = document.createElement("div");
    controls.className = "controls";
    controls.setAttribute("part", "controls");
    const play = this.#button("play", "Start");
    const restart = this.#button("restart", "Restart");
    controls.append(play, restart);
    const status = document.createElement("p");
    status.className = "status";
    status.setAttribute("part", "status");
    status.setAttribute("aria-live", "polite");
    const error = document.createElement("p");
    error.className = "error";
    error.setAttribute("part", "error");
    error.setAttribute("role", "alert");
    error.hidden = true;
    wrap.append(canvas, controls, status, error);
    root.append(wrap);
    this.#ui = { canvas, play, restart, status, error };
    play.addEventListener("click", () => this.toggle());
    restart.addEventListener("click", () => this.restart());
  }

  #button(part, label) {
    const b = document.createElement("button");
    b.type = "button";
    b.setAttribute("part", part);
    b.textContent = label;
    return b;
  }

  /** The underlying BreathFlow instance (null until the module is ready or after an error). */
  get breathFlow() {
    return this.#flow;
  }

  connectedCallback() {
    this.#applySize();
    this.#rebuild();
  }

  disconnectedCallback() {
    this.#generation++;
    this.#teardown();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.isConnected) return;
    if (name === "size") this.#applySize();
    else if (name !== "autostart") this.#rebuild();
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

  #applySize() {
    const size = this.getAttribute("size");
    const px = Number(size);
    if (size !== null && Number.isFinite(px) && px >= 120 && px <= 2000) this.style.setProperty("--bf-size", `${px}px`);
    else this.style.removeProperty("--bf-size");
    if (size !== null && !(Number.isFinite(px) && px >= 120 && px <= 2000)) {
      this.#showError(new Error(`size: must be a number of CSS px from 120 to 2000, got "${size}"`));
    }
  }

  #teardown() {
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    this.#flow?.destroy();
    this.#flow = null;
  }

  #showError(err) {
    const { error } = this.#ui;
    error.textContent = `This breathing guide could not start: ${err.message}`;
    error.hidden = false;
    console.error(`<${TAG}>:`, err);
  }

  async #rebuild() {
    const generation = ++this.#generation;
    this.#teardown();
    const { canvas, play, restart, status, error } = this.#ui;
    error.hidden = true;
    error.textContent = "";
    try {
      await initOnce();
      if (generation !== this.#generation) return; // disconnected or changed while loading
      const flow = new BreathFlow(canvas, optionsFromAttributes(this));
      this.#flow = flow;
      const label = () => {
        const s = flow.state().status;
        play.textContent = s === "running" ? "Pause" : s === "paused" ? "Resume" : s === "done" ? "Again" : "Start";
        play.setAttribute("aria-pressed", String(s === "running"));
      };
      this.#unsubscribe.push(
        flow.on("status", label),
        flow.on("step", (e) => { status.textContent = e.title; }),
        flow.on("complete", () => { status.textContent = "Well done."; }),
      );
      label();
      restart.disabled = false;
      canvas.setAttribute("aria-label", "Breathing guide: a rib cage that widens as you breathe in and narrows as you breathe out");
      if (BOOL(this.getAttribute("autostart"))) flow.start();
    } catch (err) {
      if (generation !== this.#generation) return;
      this.#flow = null;
      play.disabled = false;
      restart.disabled = true;
      this.#showError(err);
    }
  }
}

/** Define the element; calling it again (or loading this file twice) is harmless. */
export function define(tag = TAG, registry = customElements) {
  if (!registry.get(tag)) registry.define(tag, tag === TAG ? BreathFlowElement : class extends BreathFlowElement {});
}

define();
