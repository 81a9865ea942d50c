// The safety check before a flow: the stop-on-pain rule and the red flags that need a doctor
// first (guidance()), then the four conditions as checkboxes (from the engine's conditions()), and a
// preview of what this flow will change for the ticked conditions (adaptFlow()). The answers are
// remembered on this device and ticked again next time.
import { adaptFlow, conditions, guidance } from "../pkg/breathflow.js";
import { byId, fill, h } from "./dom.js";
import { language, t } from "./i18n.js";
import * as store from "./store.js";

const KEY = "conditions";
const WHAT = t("safety.answers-name");
/** Guidance shown at the top of the check, above the conditions. */
const FIRST = new Set(["stop-on-pain", "see-a-doctor"]);

/** The remembered answers (condition ids the engine knows). */
export function remembered() {
  const known = new Set(conditions(language).map((c) => c.id));
  return store.read(KEY, {
    what: WHAT,
    check: (v) => {
      if (!Array.isArray(v) || !v.every((id) => typeof id === "string")) throw new Error(t("safety.answers-not-list"));
      return v.filter((id) => known.has(id));
    },
    fallback: [],
  });
}

export function createSafetyCheck(dialog) {
  const list = byId("safety-conditions");
  const advice = byId("safety-guidance");
  const more = byId("safety-advice");
  const preview = byId("safety-preview");
  const boxes = conditions(language).map((c) => {
    const input = h("input", { type: "checkbox", id: `cond-${c.id}`, name: "conditions", value: c.id });
    list.append(h("li", {}, input, h("label", { for: input.id, text: cap(c.describe) })));
    return input;
  });
  let flow = null;

  const ticked = () => boxes.filter((b) => b.checked).map((b) => b.value);

  function render() {
    const chosen = ticked();
    // Pain and the doctor come first, before anything to tick, so they are read before Continue
    // even on a small phone; advice for the ticked conditions goes with the preview below.
    const all = guidance(chosen, language);
    const item = (g) => h("div", { class: `guidance guidance-${g.id}` }, h("h3", { text: g.title }), h("p", { text: g.text }));
    fill(advice, all.filter((g) => FIRST.has(g.id)).map(item));
    fill(more, all.filter((g) => !FIRST.has(g.id)).map(item));
    if (!flow) return;
    let items;
    try {
      const { changes } = adaptFlow(flow, chosen, language);
      items = changes.length
        ? changes.map((c) => h("li", { text: c.reason }))
        : [h("li", { text: t(chosen.length ? "safety.nothing-to-change" : "safety.tick-to-adapt") })];
    } catch (err) {
      items = [h("li", { text: t("safety.could-not-check", { message: err.message }) })];
    }
    fill(preview, items);
  }
  for (const b of boxes) b.addEventListener("change", render);

  return {
    /** Show the check for `flowSpec` (an id or a flow object). Resolves to the ticked ids, or null if cancelled. */
    ask(flowSpec, title) {
      flow = flowSpec;
      const saved = new Set(remembered());
      for (const b of boxes) b.checked = saved.has(b.value);
      byId("safety-flow").textContent = title;
      render();
      dialog.returnValue = "";
      dialog.showModal();
      return new Promise((resolve) => {
        dialog.addEventListener(
          "close",
          () => {
            if (dialog.returnValue !== "ok") return resolve(null);
            const chosen = ticked();
            store.write(KEY, chosen, WHAT);
            resolve(chosen);
          },
          { once: true },
        );
      });
    },
  };
}

function cap(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
