// The custom pattern editor: breath in, hold, breath out, hold, and an optional slow lengthening
// (ramp) of the breath in and out. Every change is validated by the engine and previewed live on
// a small canvas; the engine's message (which names the field) is shown next to the field.
import { BreathFlow, validatePattern } from "../pkg/breathflow.js";
import { byId, setText } from "./dom.js";
import { rhythm } from "./format.js";
import { language, t } from "./i18n.js";

const DEBOUNCE_MS = 200;

export function createEditor({ onSave, onPractise, onShare }) {
  const form = byId("editor-form");
  const f = {
    title: byId("ed-title"),
    in: byId("ed-in"),
    inRoute: byId("ed-in-route"),
    holdIn: byId("ed-hold-in"),
    out: byId("ed-out"),
    outRoute: byId("ed-out-route"),
    holdOut: byId("ed-hold-out"),
    inTo: byId("ed-in-to"),
    outTo: byId("ed-out-to"),
    rampBreaths: byId("ed-ramp-breaths"),
  };
  const message = byId("editor-message");
  const summary = byId("editor-summary");
  const canvas = byId("preview");
  const previewBtn = byId("preview-toggle");
  const heading = byId("editor-title");
  let editingId = null;
  let preview = null;
  let previewing = false;
  let current = null; // the last valid pattern
  let timer = 0;

  const num = (el) => (el.value.trim() === "" ? null : Number(el.value));

  /** The pattern the form describes, plus which field each phase's values came from. */
  function build() {
    const phases = [];
    const fields = [];
    const rampBreaths = num(f.rampBreaths);
    const add = (phase, secEl, routeEl, toEl) => {
      const seconds = num(secEl);
      const p = { phase, seconds: seconds ?? NaN };
      if (routeEl?.value) p.route = routeEl.value;
      const to = toEl ? num(toEl) : null;
      if (to !== null) p.ramp = { to, breaths: rampBreaths ?? NaN };
      phases.push(p);
      fields.push({ seconds: secEl, route: routeEl, "ramp.to": toEl, "ramp.breaths": f.rampBreaths });
    };
    add("inhale", f.in, f.inRoute, f.inTo);
    if ((num(f.holdIn) ?? 0) !== 0) add("hold-in", f.holdIn);
    add("exhale", f.out, f.outRoute, f.outTo);
    if ((num(f.holdOut) ?? 0) !== 0) add("hold-out", f.holdOut);
    const title = f.title.value.trim() || t("editor.default-title");
    const pattern = { title, phases };
    if (editingId) pattern.id = editingId;
    return { pattern, fields };
  }

  /** The field an engine error points at ("pattern.phases[2].ramp.to: must be …"; the path
   *  starts at validatePattern's argument, `pattern`). */
  function fieldFor(msg, fields) {
    const m = /^pattern\.phases\[(\d+)\]\.([\w.]+)/.exec(msg);
    if (m) return fields[Number(m[1])]?.[m[2]] ?? null;
    if (msg.startsWith("pattern.title")) return f.title;
    return null;
  }

  function labelOf(el) {
    return el ? (form.querySelector(`label[for="${el.id}"]`)?.textContent ?? "").trim() : "";
  }

  function check() {
    for (const el of Object.values(f)) el.removeAttribute("aria-invalid");
    const { pattern, fields } = build();
    // Empty fields, before the engine sees NaN.
    for (const [i, p] of pattern.phases.entries()) {
      const el = fields[i].seconds;
      if (Number.isNaN(p.seconds)) return invalid(t("editor.enter-seconds", { field: labelOf(el) }), el);
      if (p.ramp && Number.isNaN(p.ramp.breaths)) return invalid(t("editor.enter-breaths", { field: labelOf(f.rampBreaths) }), f.rampBreaths);
    }
    try {
      current = validatePattern(pattern);
    } catch (err) {
      const el = fieldFor(err.message, fields);
      const label = labelOf(el);
      return invalid(label ? t("editor.field-error", { field: label, error: err.message.replace(/^[^:]*:\s*/, "") }) : err.message, el);
    }
    setText(message, "");
    message.dataset.state = "ok";
    setText(summary, t(current.phases.some((p) => p.ramp) ? "editor.summary-ramp" : "editor.summary", { rhythm: rhythm(current) }));
    for (const b of form.querySelectorAll("[data-needs-valid]")) b.disabled = false;
    return current;
  }

  function invalid(text, el) {
    current = null;
    el?.setAttribute("aria-invalid", "true");
    setText(message, text);
    message.dataset.state = "error";
    for (const b of form.querySelectorAll("[data-needs-valid]")) b.disabled = true;
    return null;
  }

  function refreshPreview() {
    const pattern = check();
    if (!pattern) return;
    preview?.destroy();
    preview?.free();
    preview = null;
    try {
      preview = new BreathFlow(canvas, { pattern, locale: language });
      if (previewing) preview.start();
    } catch (err) {
      invalid(err.message, null);
    }
  }

  function setPreviewing(on) {
    previewing = on;
    setText(previewBtn, on ? t("editor.pause-preview") : t("editor.play-preview"));
    if (!preview) return;
    const status = preview.state().status;
    if (on) status === "paused" ? preview.resume() : preview.start();
    else if (status === "running") preview.pause();
  }

  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      refreshPreview();
      if (!previewing && current) setPreviewing(true);
    }, DEBOUNCE_MS);
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const p = check();
    if (!p) return;
    try {
      const saved = onSave(p);
      editingId = saved.id;
      setText(heading, t("editor.edit-title"));
      setText(message, t("editor.saved", { title: saved.title }));
      message.dataset.state = "ok";
    } catch (err) {
      invalid(err.message, null);
    }
  });
  previewBtn.addEventListener("click", () => setPreviewing(!previewing));
  byId("editor-practise").addEventListener("click", () => {
    const p = check();
    if (p) onPractise(p);
  });
  byId("editor-share").addEventListener("click", () => {
    const p = check();
    if (p) onShare(p);
  });
  byId("editor-new").addEventListener("click", () => {
    editingId = null;
    form.reset();
    setText(heading, t("editor.new-title"));
    refreshPreview();
  });

  refreshPreview();

  return {
    /** Load a saved pattern into the form. Returns false when its shape does not fit the form. */
    edit(pattern) {
      const by = Object.fromEntries(pattern.phases.map((p) => [p.phase, p]));
      const fits =
        pattern.phases.length === new Set(pattern.phases.map((p) => p.phase)).size && by.inhale && by.exhale;
      if (!fits) return false;
      editingId = pattern.id ?? null;
      f.title.value = pattern.title ?? "";
      f.in.value = String(by.inhale.seconds);
      f.inRoute.value = by.inhale.route ?? "";
      f.holdIn.value = String(by["hold-in"]?.seconds ?? 0);
      f.out.value = String(by.exhale.seconds);
      f.outRoute.value = by.exhale.route ?? "";
      f.holdOut.value = String(by["hold-out"]?.seconds ?? 0);
      f.inTo.value = by.inhale.ramp ? String(by.inhale.ramp.to) : "";
      f.outTo.value = by.exhale.ramp ? String(by.exhale.ramp.to) : "";
      f.rampBreaths.value = String(by.inhale.ramp?.breaths ?? by.exhale.ramp?.breaths ?? 10);
      setText(heading, t("editor.edit-title"));
      refreshPreview();
      return true;
    },
  };
}
