// The practice page: wires the engine to the page's parts. Each part lives in its own module under
// js/ (player, safety check, library cards, editor, log and chart, sharing, speech, wake lock,
// saved data); this file only connects them. No inline script anywhere: the page runs under a
// strict Content-Security-Policy.
import init, { conditions, library, registerLocale } from "./pkg/breathflow.js";
import { engineTexts, language, t, translateMarkup, wireSwitcher } from "./js/i18n.js";
import { createAnnouncer } from "./js/announce.js";
import { createChart } from "./js/chart.js";
import { byId, download, fill, h, setText } from "./js/dom.js";
import { createEditor } from "./js/editor.js";
import { createEmbedBuilder } from "./js/embed-builder.js";
import { when } from "./js/format.js";
import { createLibrary } from "./js/library.js";
import * as log from "./js/log.js";
import { createPlayer } from "./js/player.js";
import { createSafetyCheck } from "./js/safety.js";
import * as saved from "./js/saved.js";
import { linkFor, readShared } from "./js/share.js";
import { createSpeech } from "./js/speech.js";
import * as store from "./js/store.js";
import { createWakeLock } from "./js/wakelock.js";

// The page's words in its language (English: as the markup has them), and the switcher.
translateMarkup();
wireSwitcher(byId("language"));

const DEFAULT_PATTERN = "ribs";
const reducedMotion = matchMedia("(prefers-reduced-motion: reduce)");

// ---- notices: saved-data problems, share links, updates ---------------------------------------
const notices = byId("notices");

/** Show a dismissible notice. `tone`: "info" | "warn" | "error". Returns its element. */
function notify({ title, text, tone = "info", actions = [], extra = null }) {
  const box = h(
    "div",
    { class: `notice notice-${tone}`, role: tone === "info" ? "status" : "alert" },
    h("p", {}, h("strong", { text: title }), text ? ` ${text}` : ""),
    extra,
  );
  const close = () => box.remove();
  box.append(
    h(
      "div",
      { class: "actions" },
      actions.map((a) =>
        h("button", { type: "button", class: "small", onclick: () => { a.onclick(); if (a.closes !== false) close(); } }, a.label),
      ),
      h("button", { type: "button", class: "small", onclick: close }, t("app.dismiss")),
    ),
  );
  notices.append(box);
  return box;
}

// store.js words each problem for people; a download is offered only when there is text to give.
store.onProblem((p) => {
  notify({
    tone: "warn",
    title: p.title,
    text: p.text,
    actions: p.raw === null ? [] : [{ label: p.downloadLabel, closes: false, onclick: () => download(p.filename, typeof p.raw === "function" ? p.raw() : p.raw) }],
  });
});

// ---- the engine ----------------------------------------------------------------------------------
try {
  await init();
} catch (err) {
  console.error("breathflow: the engine could not load", err);
  byId("player").dataset.status = "error";
  setText(byId("practice-kind"), t("app.sorry"));
  setText(byId("practice-title"), t("app.could-not-load"));
  setText(byId("practice-description"), t("app.could-not-load-detail", { message: err.message }));
  throw err;
}
// The engine's words in the page's language: its texts file, loaded by js/i18n.js.
if (engineTexts) {
  try {
    registerLocale(language, engineTexts);
  } catch (err) {
    console.warn(`breathflow: locales/${language}.json was not accepted (${err.message}); the engine speaks English`);
  }
}
const lib = library(language);

// ---- the player and the safety check ----------------------------------------------------------
const speech = createSpeech();
const safety = createSafetyCheck(byId("safety"));
const player = createPlayer({
  announcer: createAnnouncer(byId("announcer")),
  speech,
  wakeLock: createWakeLock(),
  onChangeAnswers: (p) => practise({ kind: p.kind, value: p.value, builtIn: p.builtIn }),
});

/** Load a practice into the player; a flow goes through the safety check first. */
async function practise(item, { scroll = true } = {}) {
  const { kind, value } = item;
  const spec = item.builtIn ? value.id : value;
  let conditions = [];
  if (kind === "flow") {
    conditions = await safety.ask(spec, value.title ?? t("app.this-flow"));
    if (conditions === null) return;
  }
  player.load({ kind, id: value.id ?? `${kind}-shared`, title: value.title ?? value.id ?? t("app.shared-practice"), description: value.description ?? "", spec, conditions, value, builtIn: item.builtIn });
  if (scroll) {
    byId("player").scrollIntoView({ behavior: reducedMotion.matches ? "auto" : "smooth", block: "start" });
    player.focus();
  }
}

// The first practice goes into the player before the rest of the page is built, so the rib cage
// is on screen as early as possible.
const first = lib.patterns.find((p) => p.id === DEFAULT_PATTERN) ?? lib.patterns[0];
practise({ kind: "pattern", value: first, builtIn: true }, { scroll: false });

// ---- sharing -----------------------------------------------------------------------------------
async function share(kind, value) {
  const url = linkFor(kind, value);
  let copied = false;
  try {
    await navigator.clipboard.writeText(url);
    copied = true;
  } catch {
    // No clipboard permission: the link is shown to copy by hand.
  }
  const field = h("input", { type: "text", readonly: true, value: url, class: "share-link", "aria-label": t("app.link-to", { title: value.title ?? t("app.this-practice") }) });
  field.addEventListener("focus", () => field.select());
  notify({
    title: t(copied ? "app.link-copied" : "app.link-shown", { title: value.title }),
    text: t("app.link-explained"),
    extra: field,
  });
}

const sharedBox = byId("shared");
function showShared() {
  const got = readShared();
  sharedBox.hidden = !got;
  if (!got) return fill(sharedBox);
  if (got.error) {
    fill(
      sharedBox,
      h("h2", { text: t("app.shared-broken") }),
      h("p", { class: "error-text", text: t(got.kind === "flow" ? "app.shared-invalid-flow" : "app.shared-invalid-pattern", { error: got.error }) }),
      h("p", { text: t("app.shared-ask") }),
    );
    sharedBox.dataset.state = "error";
    return;
  }
  const { kind, value } = got;
  sharedBox.dataset.state = "ok";
  fill(
    sharedBox,
    h("p", { class: "eyebrow", text: t(kind === "flow" ? "app.shared-flow" : "app.shared-pattern") }),
    h("h2", { text: value.title ?? t("app.shared-practice") }),
    value.description ? h("p", { text: value.description }) : null,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "primary", onclick: () => practise(got) }, t("app.practise-it")),
      h("button", {
        type: "button",
        onclick: (e) => {
          const { item, outcome, message } = saved.keep(kind, value);
          e.target.disabled = true;
          setText(e.target, t(outcome === "already" ? "app.already-saved" : "app.saved"));
          e.target.dataset.savedId = item.value.id;
          notify({ title: message });
        },
      }, t("app.save-shared")),
    ),
  );
  if (kind === "pattern") practise(got, { scroll: false });
}
window.addEventListener("hashchange", showShared);

// ---- library, own practices, import ----------------------------------------------------------
let editor = null;
const builder = createEmbedBuilder({ dialog: byId("embed"), conditionList: conditions(language) });
const renderMine = createLibrary({
  lib,
  flowsEl: byId("flow-cards"),
  patternsEl: byId("pattern-cards"),
  mineEl: byId("mine-cards"),
  emptyEl: byId("mine-empty"),
  onPractise: (item) => practise(item),
  onEdit: (item) => {
    if (editor.edit(item.value)) {
      byId("editor").scrollIntoView({ behavior: reducedMotion.matches ? "auto" : "smooth" });
      byId("ed-title").focus({ preventScroll: true });
    } else {
      notify({ title: t("app.editor-cannot-show", { title: item.value.title }), text: t("app.editor-cannot-show-detail") });
    }
  },
  onShare: (item) => share(item.kind, item.value),
  onEmbed: (item) => builder.open(item),
  onDelete: (item) => {
    saved.remove(item);
    notify({ title: t("app.deleted", { title: item.value.title ?? item.value.id }), actions: [{ label: t("app.undo"), onclick: () => saved.keep(item.kind, item.value) }] });
  },
});
saved.subscribe(renderMine);

const importInput = byId("import-file");
const importMessage = byId("import-message");
importInput.addEventListener("change", async () => {
  const file = importInput.files?.[0];
  if (!file) return;
  try {
    if (file.size > 1_000_000) throw new Error(t("app.file-too-large"));
    const { kind, value } = saved.parseImport(await file.text());
    setText(importMessage, saved.keep(kind, value).message);
    importMessage.dataset.state = "ok";
  } catch (err) {
    setText(importMessage, t("app.file-not-opened", { file: file.name, message: err.message }));
    importMessage.dataset.state = "error";
  } finally {
    importInput.value = "";
  }
});

// ---- the editor --------------------------------------------------------------------------------
editor = createEditor({
  onSave: (pattern) => saved.save("pattern", pattern).value,
  onPractise: (pattern) => practise({ kind: "pattern", value: { ...pattern, id: pattern.id ?? "mine-unsaved" } }),
  onShare: (pattern) => share("pattern", pattern),
});

// ---- the log -----------------------------------------------------------------------------------
const chart = createChart(byId("chart"));
const logList = byId("log-list");
const logSummary = byId("log-summary");
const SHOWN = 30;
log.subscribe((entries) => {
  chart.update(entries);
  const weekAgo = Date.now() - 7 * 86_400_000;
  const week = entries.filter((e) => Date.parse(e.at) >= weekAgo);
  const minutes = Math.round(week.reduce((s, e) => s + e.minutes, 0));
  setText(
    logSummary,
    entries.length === 0
      ? t("app.log-empty")
      : t("app.log-week", { practices: t("app.log-practices", { n: week.length }), minutes: t("app.log-minutes", { n: minutes }), all: entries.length }),
  );
  fill(
    logList,
    entries.slice().sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, SHOWN).map((e) =>
      h(
        "li",
        { class: e.completed ? "" : "partial" },
        h("time", { datetime: e.at, text: when(e.at) }),
        h("span", { class: "log-title", text: e.title }),
        h("span", { class: "log-meta", text: t(e.completed ? "app.log-entry" : "app.log-entry-stopped", { minutes: e.minutes, breaths: t("app.log-breaths", { n: e.breaths }) }) }),
      ),
    ),
  );
  byId("log-export").disabled = entries.length === 0;
  byId("log-clear").disabled = entries.length === 0;
});
byId("log-export").addEventListener("click", () => download(`breathflow-log-${new Date().toISOString().slice(0, 10)}.json`, log.toJson()));
const confirmBox = byId("log-confirm");
byId("log-clear").addEventListener("click", () => {
  setText(byId("log-confirm-text"), t("app.log-confirm", { n: log.all().length }));
  confirmBox.hidden = false;
  byId("log-clear-no").focus();
});
byId("log-clear-no").addEventListener("click", () => {
  confirmBox.hidden = true;
  byId("log-clear").focus();
});
byId("log-clear-yes").addEventListener("click", () => {
  log.clear();
  confirmBox.hidden = true;
  byId("log-export").focus();
});

showShared();

// ---- offline -----------------------------------------------------------------------------------
if ("serviceWorker" in navigator) {
  let controlled = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    // The first install takes control silently; a later one is a new build.
    if (controlled) {
      notify({
        title: t("app.new-version"),
        text: t("app.new-version-detail"),
        actions: [{ label: t("app.reload-now"), onclick: () => location.reload() }],
      });
    }
    controlled = true;
  });
  navigator.serviceWorker.register("sw.js", { updateViaCache: "none" }).catch((err) => {
    console.warn("breathflow: offline use is not available:", err.message);
  });
}
