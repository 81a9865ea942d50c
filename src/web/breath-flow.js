// <breath-flow>: the blog embed. One line of script and one element is all a post needs:
//
//   <script type="module" src="https://example.org/breathflow/breath-flow.js"></script>
//   <breath-flow pattern="ujjayi" breaths="10"></breath-flow>
//
// Attributes: pattern | flow (a library id, a shorthand such as "4-7-8", or JSON), breaths, seconds
// (plain decimals such as 10 or 2.5), conditions (comma- or space-separated), sound, autostart,
// eager (booleans: present and not "false" means on), size (CSS px, 120–2000, default 320; below
// 200, the controls' minimum, it is drawn 200 px wide with a console warning).
// Changing any of them rebuilds the widget (size only resizes it).
// Styling: ::part(frame | title | stage | poster | canvas | panel | changes | cue | controls | play |
// restart | status | error) and the --bf-bg, --bf-rib, --bf-accent, --bf-text custom properties,
// which colour the canvas and the poster only; the element's own text and buttons take the page's
// colours (they inherit), so no canvas theme can hide them.
// Script: `el.ready` is a promise of the underlying BreathFlow (asking loads the engine);
// `el.breathFlow` is that BreathFlow, or null until it is ready (asking starts the loading too);
// `el.toggle()` (loads, then starts), `el.restart()`; its events bubble out of the shadow root as
// `breathflow:<type>`.
//
// Lazy by default: until the element comes within about one screen of the viewport (or script asks
// for it, or it has `eager`), it shows a poster — the rib cage at rest, drawn by the crate's own
// drawing code at build time (examples/poster.rs) — with the title and the Start button, and
// downloads nothing more. Then the wasm is fetched and initialised once per page for every element
// (pkg/ is found next to this file: the import and the URL passed to init resolve against
// import.meta.url), and the canvas takes the poster's place with its first frame already drawn.
//
// This is the source; `make build` bundles it with the generated poster (the "breathflow-poster"
// import, an esbuild alias for target/poster/poster.js) and its minified stylesheet (the
// "breathflow-style" import, from breath-flow.css) and minifies it to www/breath-flow.js, the
// file pages load: at most 6 KB gzip (a bench/run.mjs budget), all a post downloads while its
// widgets are below the fold. What an element takes in connectedCallback it gives back in disconnectedCallback.
// Bad attributes show a short message in the element (no empty picture, no dead buttons) and a
// console.error; the rest of the page is untouched.

// POSTER: the SVG as data ({ side, paths: [[class, opacity, stroke width, d]] }), built into
// elements here (no markup is parsed); TITLES: library id → title. The titles are built in (about 0.2 KB gzip)
// rather than shown after loading, so a poster reads "Mobilize the Ribs" before any wasm arrives;
// a shorthand or JSON practice shows its title from the attribute, or once the engine has read it.
import { POSTER, TITLES } from "breathflow-poster";
// The shadow root's stylesheet, src/web/breath-flow.css, as text: `make build` minifies it with
// esbuild (target/poster/breath-flow.css, the "breathflow-style" alias, loaded as text).
import STYLE from "breathflow-style";
// The element's own texts in English (library/locales/en.json); other languages come from
// library/locales/<lang>.json (copied to ./locales/ by make build), fetched only for a page or
// element whose `lang` asks for one.
import EN from "breathflow-texts";

const TAG = "breath-flow";
/** The width without a size attribute, in CSS px (also the stylesheet's fallback for --bf-size). */
const DEFAULT_SIZE = 320;
/** The narrowest the element can be, in CSS px, with its two buttons side by side. */
const MIN_SIZE = 200;

let engine = null;
/** Load and initialise the wasm module once per page (retried on the next ask after a failure). */
function loadEngine() {
  // A literal specifier: in the browser it resolves against this file, like import.meta.url;
  // a bundler that bundles this element bundles the engine with it, so an app that also imports
  // "breathflow" shares one module and one wasm instance with the element.
  engine ??= import("./pkg/breathflow.js").then(async (m) => {
    await m.default({ module_or_path: new URL("./pkg/breathflow_bg.wasm", import.meta.url) });
    return m;
  });
  engine.catch(() => (engine = null));
  return engine;
}

/** Languages shipped as ./locales/<lang>.json besides English. */
const SHIPPED = ["es", "de", "fr"];
const texts = new Map();
/** The shipped texts for `tag`'s language, fetched once per page ({} for English or an unknown
 * language: the engine then uses what a host registered, or English). */
function loadTexts(tag) {
  const lang = tag.split("-")[0];
  if (!SHIPPED.includes(lang)) return Promise.resolve({});
  if (!texts.has(lang)) {
    // A failed fetch or a broken file leaves the widget in English, and is tried again next time.
    const p = fetch(new URL(`./locales/${lang}.json`, import.meta.url))
      .then((r) => (r.ok ? r.json() : Promise.reject()))
      .catch(() => (texts.delete(lang), {}));
    texts.set(lang, p);
  }
  return texts.get(lang);
}
/** Languages this page's engine has the shipped texts of (registered under any host's own). */
const registered = new Set();
/** `template` with each {name} replaced by its value in `values`. */
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (m, k) => values[k] ?? m);

const sheet = new CSSStyleSheet();
sheet.replaceSync(STYLE);

/** A new `tag` element with properties `props` (textContent, className, type…) and attributes
 * `attrs` (part, role…), appended to `parent` when there is one. */
function make(tag, parent, props, attrs = {}) {
  const e = Object.assign(document.createElement(tag), props);
  for (const [name, value] of Object.entries(attrs)) e.setAttribute(name, value);
  parent?.append(e);
  return e;
}

/** An SVG `tag` element with attributes `attrs` (empty ones left out), appended to `parent`. */
function svg(tag, parent, attrs) {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attrs)) if (value) e.setAttribute(name, value);
  parent.append(e);
  return e;
}

const BOOL = (v) => v !== null && v !== "false";
const DECIMAL = /^\s*\d+(\.\d+)?\s*$/;

/** A number attribute: a plain decimal ("10", "2.5", spaces around allowed), or an Error naming it. */
function decimal(name, v) {
  if (!DECIMAL.test(v)) throw new Error(`${name}: must be a plain decimal number such as 10 or 2.5, got "${v}"`);
  return Number(v);
}

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
    if (v !== null) opts[name] = decimal(name, v);
  }
  const cond = el.getAttribute("conditions");
  if (cond !== null) opts.conditions = cond.split(/[\s,]+/).filter(Boolean);
  opts.sound = BOOL(el.getAttribute("sound"));
  return opts;
}

/**
 * The size attribute in CSS px, or an Error. The attribute's range is 120–2000 (as it always was,
 * so every embed that worked keeps working); the buttons need MIN_SIZE px side by side, so a size
 * from 120 up to MIN_SIZE is drawn at MIN_SIZE, with a console warning that says so, rather than
 * overflowing into the next element.
 */
function sizeFromAttribute(el) {
  const size = el.getAttribute("size");
  if (size === null) return DEFAULT_SIZE;
  const px = DECIMAL.test(size) ? Number(size) : NaN;
  if (!(px >= 120 && px <= 2000)) throw new Error(`size: must be a plain number of CSS px from 120 to 2000, got "${size}"`);
  if (px < MIN_SIZE) {
    console.warn(`<${TAG}> size: ${px} px is narrower than the ${MIN_SIZE} px the controls need, so it is drawn ${MIN_SIZE} px wide`);
    return MIN_SIZE;
  }
  return px;
}

/** Size the element (--bf-size) from its size attribute, or throw the attribute's Error. */
const resize = (el) => el.style.setProperty("--bf-size", `${sizeFromAttribute(el)}px`);

/** The title before the engine is loaded: a library id's, or a JSON document's own. */
function posterTitle(opts) {
  const p = opts.flow ?? opts.pattern;
  return (typeof p === "string" ? TITLES[p] : p?.title) ?? "";
}

export class BreathFlowElement extends HTMLElement {
  static observedAttributes = ["pattern", "flow", "breaths", "seconds", "conditions", "sound", "size", "autostart", "eager"];
  #flow = null;
  #unsubscribe = [];
  #generation = 0;
  #queued = false;
  #ui;
  /** The engine was asked for (near the viewport, `eager`, or script); until then, the poster. */
  #wanted = false;
  #observer = null;
  /** Start once built (toggle() or restart() before the engine was ready). */
  #pendingStart = false;
  /** The last build's error, or null. */
  #error = null;
  #waiters = [];
  /** The element's texts in its language (English under the rest), and the `lang` they are for. */
  #t = EN;
  #lang = "en";
  /** Follows `lang` on the element, an ancestor or <html>. */
  #langWatch = null;
  /** Conditions this flow adapts to; the "Before you start" panel shows them on the first start. */
  #adaptive = [];
  /** The person has seen the panel and pressed Continue; their conditions (null: the attribute's). */
  #acknowledged = false;
  #conditions = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [sheet];
    // A part of the element, classed by its name too (for the stylesheet).
    const part = (tag, name, parent, attrs, hidden = false) => make(tag, parent, { className: name, hidden }, { part: name, ...attrs });
    const button = (name, textContent) => make("button", controls, { type: "button", textContent }, { part: name });
    const frame = part("div", "frame", root);
    const title = part("p", "title", frame);
    const stage = part("div", "stage", frame, { role: "img" });
    const poster = part("div", "poster", stage);
    const picture = svg("svg", poster, { viewBox: `0 0 ${POSTER.side} ${POSTER.side}`, "aria-hidden": "true" });
    for (const [c, opacity, width, d] of POSTER.paths) svg("path", picture, { class: c, opacity, "stroke-width": width, d });
    const panel = part("fieldset", "panel", frame, {}, true);
    const changes = part("ul", "changes", frame, {}, true);
    const cue = part("p", "cue", frame, {}, true);
    const controls = part("div", "controls", frame, { role: "group" });
    const play = button("play");
    const restart = button("restart");
    const status = part("p", "status", frame, { "aria-live": "polite" });
    const error = part("p", "error", frame, { role: "alert" }, true);
    this.#ui = { frame, title, stage, poster, canvas: null, panel, changes, cue, controls, play, restart, status, error };
    play.addEventListener("click", () => this.toggle());
    restart.addEventListener("click", () => this.restart());
  }

  /** The underlying BreathFlow, or null until it is ready (or after an error). Asking loads it. */
  get breathFlow() {
    this.#want();
    return this.#flow;
  }

  /** A promise of the underlying BreathFlow; asking loads it. Rejects with a bad attribute's error. */
  get ready() {
    this.#want();
    if (this.#flow) return Promise.resolve(this.#flow);
    if (this.#error && !this.#queued) return Promise.reject(this.#error);
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  connectedCallback() {
    this.#langWatch = new MutationObserver(() => this.#lang !== this.#tag() && this.#relang());
    this.#langWatch.observe(document.documentElement, { attributes: true, attributeFilter: ["lang"], subtree: true });
    this.#schedule();
  }

  disconnectedCallback() {
    this.#generation++;
    this.#langWatch?.disconnect();
    this.#unobserve();
    this.#teardown();
  }

  /** The language asked for: the element's own `lang`, else the nearest ancestor's (across shadow
   * roots), else "en". */
  #tag() {
    for (let n = this; n; n = n.parentNode ?? n.host) if (n.lang) return n.lang.trim().toLowerCase();
    return "en";
  }

  /** A text of the element, by its id without "element.", filled with `values`. */
  #say(id, values = {}) {
    return fill(this.#t[`element.${id}`] ?? EN[`element.${id}`], values);
  }

  /** A new `lang`: a running or paused widget carries on in it; otherwise it is built anew. */
  async #relang() {
    const f = this.#flow;
    const status = f?.state().status;
    if (status !== "running" && status !== "paused") return this.#schedule();
    const tag = (this.#lang = this.#tag());
    const t = await this.#textsFor(tag, this.#engine);
    // Only the latest change counts (another may have come while this one's file loaded).
    if (f !== this.#flow || tag !== this.#lang) return;
    try {
      f.setLocale(tag);
      this.#t = t;
      this.#texts?.();
    } catch (err) {
      this.#showError(err);
    }
  }

  /** The element's texts for `tag`, its language's file loaded (and given to the engine `m`,
   * when it is loaded, under whatever a host registered itself). */
  async #textsFor(tag, m) {
    if (tag === "en" && !m) return EN;
    const shipped = await loadTexts(tag);
    if (!m) return { ...EN, ...shipped };
    const lang = tag.split("-")[0];
    if (Object.keys(shipped).length && !registered.has(lang)) {
      registered.add(lang);
      // A host's own texts for this language, registered before, stay on top.
      const own = m.resolveLocale(lang) === lang ? m.localeTexts(lang) : {};
      m.registerLocale(lang, { ...shipped, ...own });
    }
    return { ...EN, ...m.localeTexts(tag) };
  }

  /** Re-labels the controls in the element's language (set while a widget is built). */
  #texts = null;

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.isConnected) return;
    if (name === "autostart") return; // only read when the widget is built
    if (name === "eager") {
      if (BOOL(newValue)) this.#want();
      return;
    }
    if (name === "size") {
      try {
        resize(this);
        if (this.#flow) return;
      } catch {
        // Falls through to the rebuild, which reports it.
      }
    }
    // A new practice, or new conditions: the panel is shown again on its first start.
    this.#acknowledged = false;
    this.#conditions = null;
    this.#schedule();
  }

  /** Ask for the engine: the widget is built on the next rebuild (now, when already scheduled). */
  #want() {
    if (this.#wanted) return;
    this.#wanted = true;
    this.#unobserve();
    if (this.isConnected) this.#schedule();
  }

  #unobserve() {
    this.#observer?.disconnect();
    this.#observer = null;
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

  /** Start, pause or resume, as the play button does. Before the engine is ready: load, then start. */
  toggle() {
    const f = this.#flow;
    if (!f) {
      if (!this.#error) this.#pendingStart = true;
      this.#want();
      return;
    }
    const { status } = f.state();
    if (status === "running") f.pause();
    else if (status === "paused") f.resume();
    else if (!this.#acknowledged && this.#adaptive.length) this.#showPanel();
    else f.start();
  }

  /** Stop and start again from the beginning. */
  restart() {
    const f = this.#flow;
    if (!f) return this.toggle();
    f.stop();
    this.toggle();
  }

  #teardown() {
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    this.#texts = null;
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

  #settle(flow, err) {
    this.#error = err;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) flow ? w.resolve(flow) : w.reject(err);
  }

  /** What the element shows: "poster" or "canvas" (with the controls), "panel", or "error". */
  #show(view) {
    const u = this.#ui;
    const error = view === "error";
    u.stage.hidden = u.controls.hidden = error || view === "panel";
    u.title.hidden = u.status.hidden = error;
    u.panel.hidden = view !== "panel";
    u.error.hidden = !error;
    if (view !== "canvas") u.cue.hidden = u.changes.hidden = true;
  }

  #showError(err) {
    const { error, status } = this.#ui;
    error.textContent = this.#say("could-not-start", { message: err.message });
    status.textContent = "";
    this.#show("error");
    console.error(`<${TAG}>:`, err);
    this.#settle(null, err);
  }

  /** The "Before you start" panel: conditions that change this flow, the stop-on-pain rule and
   * when to see a doctor. Continue rebuilds the flow for the ticked conditions and starts it. */
  #showPanel() {
    const { panel } = this.#ui;
    const m = this.#engine;
    const preset = new Set(this.#conditions ?? optionsFromAttributes(this).conditions ?? []);
    panel.replaceChildren();
    make("legend", panel, { textContent: this.#say("before-you-start") });
    make("p", panel, { textContent: this.#say("tick-what-applies") });
    const boxes = this.#adaptive.map((c) => {
      const label = make("label", panel);
      const box = make("input", label, { type: "checkbox", value: c.id, checked: preset.has(c.id) });
      make("span", label, { textContent: this.#say("i-have", { condition: c.describe }) });
      return box;
    });
    for (const g of m.guidance([], this.#lang).filter((g) => g.id === "stop-on-pain" || g.id === "see-a-doctor")) {
      const p = make("p", panel);
      make("strong", p, { textContent: `${g.title}. ` });
      p.append(g.text);
    }
    const go = make("button", panel, { type: "button", textContent: this.#say("continue") });
    go.addEventListener("click", () => {
      this.#acknowledged = true;
      this.#conditions = boxes.filter((b) => b.checked).map((b) => b.value);
      this.#pendingStart = true;
      this.#focusPlay = true;
      this.#schedule();
    });
    this.#show("panel");
    (boxes[0] ?? go).focus();
  }

  #engine = null;
  #focusPlay = false;

  async #rebuild() {
    const generation = ++this.#generation;
    this.#teardown();
    const u = this.#ui;
    const { title, controls, play, restart, status, cue, changes } = u;
    status.textContent = "";
    this.#error = null;
    this.#texts = null;
    try {
      resize(this);
      const opts = optionsFromAttributes(this);
      if (this.#conditions) opts.conditions = this.#conditions;
      const tag = (this.#lang = opts.locale = this.#tag());
      const t = (this.#t = await this.#textsFor(tag, this.#engine));
      if (generation !== this.#generation) return;
      const id = opts.flow ?? opts.pattern;
      const early = t[`flow.${id}.title`] ?? t[`pattern.${id}.title`] ?? posterTitle(opts);
      title.textContent = early;
      u.stage.setAttribute("aria-label", this.#say("label"));
      changes.setAttribute("aria-label", this.#say("adapted"));
      play.textContent = this.#say("start");
      restart.textContent = this.#say("restart");
      restart.hidden = !u.canvas;
      this.#show(u.canvas ? "canvas" : "poster");
      if (BOOL(this.getAttribute("eager"))) this.#wanted = true;
      if (!this.#wanted) {
        // The poster until the element comes within about one screen of the viewport.
        if (!this.#observer) {
          this.#observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && this.#want(), {
            rootMargin: "100%",
          });
          this.#observer.observe(this);
        }
        return;
      }
      play.disabled = true;
      if (this.#pendingStart) status.textContent = this.#say("loading");
      const m = (this.#engine = await loadEngine());
      this.#t = await this.#textsFor(tag, m);
      if (generation !== this.#generation) return; // disconnected or changed while loading
      u.canvas ??= make("canvas", u.stage, {}, { part: "canvas" });
      status.textContent = "";
      const flow = new m.BreathFlow(u.canvas, opts);
      // The constructor drew the first frame: the poster goes in the same task, with no gap.
      u.poster.remove();
      this.#flow = flow;
      let name = early;
      try {
        if (!name && opts.pattern !== undefined) name = m.validatePattern(opts.pattern).title ?? "";
        // Conditions that would change this flow, for the panel on the first start.
        const src = opts.flow;
        this.#adaptive = src === undefined ? [] : m.conditions(tag).filter((c) => m.adaptFlow(src, [c.id]).changes.length);
      } catch {
        this.#adaptive = []; // The widget itself reports what is wrong.
      }
      const names = () => {
        title.textContent = name;
        controls.setAttribute("aria-label", name ? this.#say("controls-for", { name }) : this.#say("controls"));
      };
      names();
      const adapted = () => {
        const list = flow.state().changes ?? [];
        changes.replaceChildren(...list.map((c) => make("li", null, { textContent: c.reason })));
        changes.hidden = !this.#acknowledged || !list.length;
      };
      adapted();
      const label = () => {
        const s = flow.state();
        play.textContent = this.#say({ running: "pause", paused: s.step?.awaitsPerson ? "continue" : "resume", done: "again" }[s.status] ?? "start");
      };
      this.#texts = () => {
        const t = this.#t;
        name = t[`flow.${opts.flow}.title`] ?? t[`pattern.${opts.pattern}.title`] ?? (posterTitle(opts) || name);
        names();
        label();
        restart.textContent = this.#say("restart");
        u.stage.setAttribute("aria-label", this.#say("label"));
        changes.setAttribute("aria-label", this.#say("adapted"));
        adapted();
        showCue();
      };
      // The cue in full below the canvas when the canvas could not fit it (core's `cueFits`).
      const showCue = () => {
        const step = flow.state().step;
        cue.hidden = !step?.cue || step.cueFits !== false;
        cue.textContent = cue.hidden ? "" : step.cue;
        return step;
      };
      this.#unsubscribe.push(
        flow.on("status", ({ status: s }) => {
          label();
          if (s === "paused") status.textContent = this.#say(flow.state().step?.awaitsPerson ? "read-then-continue" : "paused");
        }),
        flow.on("step", (e) => {
          const step = showCue();
          // The cue the canvas shows now (core's `cue`; before it, the step's first).
          const said = step?.cue ?? step?.cues?.[0];
          const where = e.side
            ? ` (${this.#say(`${e.side}-side`)})`
            : e.spot
              ? ` (${this.#say(step?.spots ? "spot-of" : "spot", { n: e.spot, total: step?.spots })})`
              : "";
          // Said by screen readers: the step, its side or spot, and the cue.
          status.textContent = `${e.title}${where}`;
          if (said) make("span", status, { className: "sr", textContent: ` ${said}` });
        }),
        flow.on("phase", showCue),
        flow.on("complete", () => {
          status.textContent = this.#say("well-done");
        }),
      );
      label();
      play.disabled = false;
      restart.hidden = false;
      this.#settle(flow, null);
      if (this.#focusPlay) play.focus();
      this.#focusPlay = false;
      if (this.#pendingStart || BOOL(this.getAttribute("autostart"))) this.toggle();
      this.#pendingStart = false;
    } catch (err) {
      if (generation !== this.#generation) return;
      this.#teardown();
      this.#pendingStart = false;
      this.#showError(err);
    }
  }
}

/** Define the element; calling it again (or loading this file twice) is harmless. */
export function define(tag = TAG, registry = customElements) {
  if (!registry.get(tag)) registry.define(tag, tag === TAG ? BreathFlowElement : class extends BreathFlowElement {});
}

define();
