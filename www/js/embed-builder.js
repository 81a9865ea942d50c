// "Embed this": a dialog that turns a library practice or one of the person's own into code for
// another site. Options (length for a pattern, conditions for a flow, size, sound), a live preview
// (a real <breath-flow>, loaded from ../breath-flow.js only when the builder first opens), and two
// snippets with copy buttons: the script and element, and an <iframe> of frame.html. URLs are
// absolute, built from this page's own address, so the code works wherever it is pasted.
//
// A library practice is named by its id; one of the person's own (not in the library) travels as
// its JSON: HTML-escaped in the element's attribute, URL-encoded in the frame's address.
import { byId, fill, h, setText } from "./dom.js";
import { language, t } from "./i18n.js";

/** The element's limits for size (CSS px); it refuses anything outside. */
export const SIZE_MIN = 200; // the element draws anything narrower at 200 px (its controls need it)
export const SIZE_MAX = 2000;
const LIMITS = { breaths: [1, 200], minutes: [1, 60] };
/** Room the frame needs around the canvas: title, buttons, status line. */
const FRAME_EXTRA_PX = 140;

/** Escape text for a double-quoted HTML attribute value. */
export function escapeAttr(text) {
  return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * The attributes (and frame parameters) for `choice`, in order, as [name, value] pairs; a value
 * of "" is a boolean that is on.
 * choice: { kind, value, builtIn, mode: "breaths"|"minutes", count, size, sound, conditions: [], theme, lang }
 * `lang`: the page's language; other than English it goes into the code too, so that a widget
 * copied from the German page speaks German.
 */
export function embedAttributes(choice) {
  const { kind, value, builtIn } = choice;
  const out = [[kind === "flow" ? "flow" : "pattern", builtIn ? value.id : JSON.stringify(value)]];
  if (kind === "pattern") {
    out.push(choice.mode === "minutes" ? ["seconds", String(choice.count * 60)] : ["breaths", String(choice.count)]);
  } else if (choice.conditions.length) {
    out.push(["conditions", choice.conditions.join(",")]);
  }
  if (choice.sound) out.push(["sound", ""]);
  if (choice.lang && choice.lang !== "en") out.push(["lang", choice.lang]);
  out.push(["size", String(choice.size)]);
  return out;
}

/** The script-and-element snippet. `base` is the page's address. */
export function scriptSnippet(choice, base) {
  const src = new URL("breath-flow.js", base).href;
  const attrs = embedAttributes(choice)
    .map(([k, v]) => (v === "" ? ` ${k}` : ` ${k}="${escapeAttr(v)}"`))
    .join("");
  return `<script type="module" src="${escapeAttr(src)}"></script>\n<breath-flow${attrs}></breath-flow>`;
}

/** The frame's address: frame.html with the same options as URL parameters (plus its theme). */
export function frameUrl(choice, base) {
  const params = embedAttributes(choice).filter(([k]) => k !== "size");
  if (choice.theme && choice.theme !== "auto") params.push(["theme", choice.theme]);
  const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v === "" ? "on" : v)}`).join("&");
  return `${new URL("frame.html", base).href}?${query}`;
}

/** The <iframe> snippet (no style attribute: it would break on a host with a strict CSP). */
export function iframeSnippet(choice, base) {
  const title = t("embed.frame-title", { title: choice.value.title ?? choice.value.id });
  const width = choice.size;
  const height = choice.size + FRAME_EXTRA_PX;
  return `<iframe src="${escapeAttr(frameUrl(choice, base))}" title="${escapeAttr(title)}" width="${width}" height="${height}" loading="lazy" allow="screen-wake-lock"></iframe>`;
}

/** What a field must hold, per field: [when empty, when something else is there]. */
const NOT_WHOLE = {
  size: ["embed.size-range", "embed.size-range-not"],
  minutes: ["embed.minutes-range", "embed.minutes-range-not"],
  breaths: ["embed.breaths-range", "embed.breaths-range-not"],
};

/** A whole number within [lo, hi] from a field's text, or an Error that says what is allowed
 * (`field`: "size", "minutes" or "breaths"). */
function wholeNumber(text, lo, hi, field) {
  const value = String(text).trim();
  const n = Number(value);
  if (value === "" || !Number.isInteger(n) || n < lo || n > hi) {
    const [empty, other] = NOT_WHOLE[field];
    return new Error(t(value === "" ? empty : other, { min: lo, max: hi, value }));
  }
  return n;
}

/**
 * Wire the builder to its <dialog> (index.html #embed). `conditionList`: the engine's
 * conditions() (id and describe). Returns { open(item) } where item is { kind, value, builtIn }.
 */
export function createEmbedBuilder({ dialog, conditionList }) {
  const ui = {
    name: byId("embed-name"),
    heading: byId("embed-title"),
    length: byId("embed-length"),
    count: byId("embed-count"),
    unit: byId("embed-unit"),
    breaths: byId("embed-len-breaths"),
    minutes: byId("embed-len-minutes"),
    condBox: byId("embed-conditions-box"),
    condList: byId("embed-conditions"),
    size: byId("embed-size"),
    sound: byId("embed-sound"),
    theme: byId("embed-theme"),
    message: byId("embed-message"),
    slot: byId("embed-preview-slot"),
    script: byId("embed-script"),
    iframe: byId("embed-iframe"),
    copyScript: byId("embed-copy-script"),
    copyIframe: byId("embed-copy-iframe"),
    copied: byId("embed-copied"),
  };
  const boxes = conditionList.map((c) => {
    const input = h("input", { type: "checkbox", id: `embed-cond-${c.id}`, value: c.id });
    ui.condList.append(h("li", {}, input, h("label", { for: input.id, text: c.describe.charAt(0).toUpperCase() + c.describe.slice(1) })));
    return input;
  });

  let item = null;
  let counts = { breaths: 10, minutes: 3 };
  let element = null; // the module, loaded on first use
  let lastKey = "";

  const mode = () => (ui.minutes.checked ? "minutes" : "breaths");
  /** The unit after the count field, in the form for the last good count of the mode. */
  const showUnit = () => setText(ui.unit, t(mode() === "minutes" ? "embed.unit-minutes" : "embed.unit-breaths", { n: counts[mode()] }));

  /** The choice from the fields, or an Error naming the field to fix. */
  function read() {
    const size = wholeNumber(ui.size.value, SIZE_MIN, SIZE_MAX, "size");
    if (size instanceof Error) return { error: size, field: ui.size };
    const choice = {
      ...item,
      mode: mode(),
      count: 0,
      size,
      sound: ui.sound.checked,
      theme: ui.theme.value,
      conditions: boxes.filter((b) => b.checked).map((b) => b.value),
      lang: language,
    };
    if (item.kind === "pattern") {
      const [lo, hi] = LIMITS[choice.mode];
      const count = wholeNumber(ui.count.value, lo, hi, choice.mode);
      if (count instanceof Error) return { error: count, field: ui.count };
      choice.count = count;
      counts[choice.mode] = count;
    }
    return { choice };
  }

  function update() {
    if (!item) return;
    const { choice, error, field } = read();
    showUnit();
    for (const f of [ui.size, ui.count]) f.removeAttribute("aria-invalid");
    setText(ui.copied, "");
    if (error) {
      field.setAttribute("aria-invalid", "true");
      setText(ui.message, t("embed.fix-first", { problem: error.message }));
      ui.message.dataset.state = "error";
      ui.copyScript.disabled = ui.copyIframe.disabled = true;
      return;
    }
    ui.message.dataset.state = "ok";
    setText(ui.message, "");
    ui.copyScript.disabled = ui.copyIframe.disabled = false;
    ui.script.value = scriptSnippet(choice, location.href);
    ui.iframe.value = iframeSnippet(choice, location.href);
    preview(choice);
  }

  /** A real <breath-flow> with the same attributes as the snippet (plus eager: it is in view). */
  async function preview(choice) {
    const key = JSON.stringify(embedAttributes(choice));
    if (key === lastKey && ui.slot.firstElementChild) return;
    lastKey = key;
    try {
      element ??= import("../breath-flow.js");
      await element;
    } catch (err) {
      fill(ui.slot, h("p", { class: "error-text", text: t("embed.preview-failed", { error: err.message }) }));
      return;
    }
    if (key !== lastKey) return; // a newer choice came in while loading
    const el = h("breath-flow", { eager: true });
    for (const [k, v] of embedAttributes(choice)) el.setAttribute(k, v);
    fill(ui.slot, el);
  }

  /** Copy `field` to the clipboard; `what`: "script" or "frame" (which snippet, for the message). */
  async function copy(field, what) {
    let done = false;
    try {
      await navigator.clipboard.writeText(field.value);
      done = true;
    } catch {
      // No clipboard access here: select the text so it can be copied by hand.
    }
    field.focus();
    field.select();
    if (!done) {
      try {
        done = document.execCommand("copy");
      } catch {
        done = false;
      }
    }
    const [copied, selected] = what === "frame" ? ["embed.copied-frame", "embed.selected-frame"] : ["embed.copied-script", "embed.selected-script"];
    setText(ui.copied, t(done ? copied : selected));
  }

  ui.copyScript.addEventListener("click", () => copy(ui.script, "script"));
  ui.copyIframe.addEventListener("click", () => copy(ui.iframe, "frame"));
  for (const f of [ui.count, ui.size]) f.addEventListener("input", update);
  for (const b of [ui.sound, ui.theme, ...boxes]) b.addEventListener("change", update);
  for (const r of [ui.breaths, ui.minutes]) {
    r.addEventListener("change", () => {
      ui.count.value = String(counts[mode()]);
      const [lo, hi] = LIMITS[mode()];
      ui.count.min = String(lo);
      ui.count.max = String(hi);
      update();
    });
  }
  // Enter in a field would submit the form (and close the dialog): it only applies the value.
  dialog.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && e.target instanceof HTMLInputElement) {
      e.preventDefault();
      update();
    }
  });
  // A closed builder keeps no widget running.
  dialog.addEventListener("close", () => {
    fill(ui.slot);
    lastKey = "";
    item = null;
  });

  return {
    /** Open the builder for `it` ({ kind, value, builtIn }). */
    open(it) {
      item = { kind: it.kind, value: it.value, builtIn: Boolean(it.builtIn) };
      setText(ui.name, it.value.title ?? it.value.id);
      ui.length.hidden = it.kind !== "pattern";
      ui.condBox.hidden = it.kind !== "flow";
      for (const b of boxes) b.checked = false;
      ui.breaths.checked = true;
      ui.count.value = String(counts.breaths);
      ui.count.min = "1";
      ui.count.max = String(LIMITS.breaths[1]);
      lastKey = "";
      fill(ui.slot);
      update();
      dialog.showModal();
    },
  };
}
