// The library as cards: built-in flows and patterns (with "Embed this"), and the person's own
// practices (with edit, share, embed and delete). Each card shows title, one line, duration and kind, and a Practise button.
import { flowDurationMs, Pacer } from "../pkg/breathflow.js";
import { fill, h } from "./dom.js";
import { roughly, rhythm } from "./format.js";
import { t } from "./i18n.js";

/** Breaths a pattern card's duration is given for. */
const CARD_BREATHS = 10;

/** The planned length of a flow in ms, as the engine computes it (countdown and notes included). */
export function flowMs(spec) {
  return flowDurationMs(spec, undefined);
}

function patternMs(spec) {
  const pacer = new Pacer(spec, { breaths: CARD_BREATHS });
  try {
    return pacer.durationMs;
  } finally {
    pacer.free();
  }
}

function stepCount(flow) {
  return flow.steps.length;
}

/** A card. `actions`: extra buttons after Practise. */
function card({ kind, value, onPractise, actions = [] }) {
  const title = value.title ?? value.id;
  let meta;
  try {
    meta =
      kind === "flow"
        ? [t("library.steps", { n: stepCount(value) }), roughly(flowMs(value))]
        : [t("library.breathing-rhythm", { rhythm: rhythm(value) }), t("library.breaths-time", { n: CARD_BREATHS, time: roughly(patternMs(value)) })];
  } catch (err) {
    meta = [kind === "flow" ? t("library.flow") : t("library.breathing"), t("library.cannot-play", { error: err.message })];
  }
  const headingId = `card-${kind}-${value.id}`;
  return h(
    "li",
    { class: "card", dataset: { kind, id: value.id } },
    h(
      "article",
      { "aria-labelledby": headingId },
      h("h4", { id: headingId, text: title }),
      value.description ? h("p", { class: "card-desc", text: value.description }) : null,
      h("p", { class: "card-meta" }, h("span", { text: meta[0] }), h("span", { text: meta[1] })),
      h(
        "div",
        { class: "card-actions" },
        h("button", { type: "button", class: "primary small", onclick: onPractise }, t("library.practise"), h("span", { class: "vh", text: ` ${title}` })),
        actions,
      ),
    ),
  );
}

/**
 * Render the built-in library into `flowsEl` and `patternsEl` once, and return `renderMine(items)`
 * for the person's own practices. Callbacks get `{ kind, value }`.
 */
export function createLibrary({ lib, flowsEl, patternsEl, mineEl, emptyEl, onPractise, onEdit, onShare, onDelete, onEmbed }) {
  const embed = (item) =>
    onEmbed
      ? h("button", { type: "button", class: "small", onclick: () => onEmbed(item) }, t("library.embed"), h("span", { class: "vh", text: ` ${item.value.title ?? item.value.id}` }))
      : null;
  const builtIn = (kind) => (value) => {
    const item = { kind, value, builtIn: true };
    return card({ kind, value, onPractise: () => onPractise(item), actions: [embed(item)] });
  };
  fill(flowsEl, lib.flows.map(builtIn("flow")));
  fill(patternsEl, lib.patterns.map(builtIn("pattern")));
  return function renderMine(items) {
    emptyEl.hidden = items.length > 0;
    fill(
      mineEl,
      items.map((item) => {
        const title = item.value.title ?? item.value.id;
        const small = (label, fn) =>
          h("button", { type: "button", class: "small", onclick: fn }, label, h("span", { class: "vh", text: ` ${title}` }));
        return card({
          ...item,
          onPractise: () => onPractise(item),
          actions: [
            item.kind === "pattern" ? small(t("library.edit"), () => onEdit(item)) : null,
            small(t("library.share-link"), () => onShare(item)),
            embed(item),
            small(t("library.delete"), () => onDelete(item)),
          ],
        });
      }),
    );
  };
}
