// The practice page in the reader's language: English, Spanish, German or French.
//
// Which one: the reader's own choice from the switcher (kept on this device), else the first of
// the browser's languages the page speaks (a regional tag counts as its language: de-AT → de),
// else English. The choice sets <html lang> before anything is shown, so screen readers, speech
// and hyphenation follow it; changing it reloads the page in the new language (everything the
// page keeps is saved on the device, so nothing is lost but a practice under way).
//
// Where the words live:
// - the page's own words: English in index.html (elements marked `data-t="id"`, attributes in
//   `data-t-attr="aria-label=id placeholder=id"`) and in TEXTS below (the words the scripts
//   write); the other languages in i18n/<lang>.json, one text per id, fetched only for them;
// - the engine's words (canvas, library, safety texts): locales/<lang>.json, the files the
//   <breath-flow> element uses, handed to the engine by app.js (`registerLocale`).
// A text whose translation is missing falls back to English, never to an id.
//
// Placeholders: "{name}" is filled from the values given to t(); in an element's text "{0}",
// "{1}"… stand for its child elements (a <kbd>, a link), kept as they are. A text that depends on
// a number is an object of plural forms ({ one, other, … }: Intl.PluralRules' categories) and
// is chosen by its value `n`.

import { TEXTS } from "./texts.js";

/** The languages of the page (the switcher in index.html names each in itself). */
const LANGUAGES = ["en", "es", "de", "fr"];
/** Where the reader's choice is kept (localStorage; read and written directly: a switch that is
 * not remembered still switches). */
export const CHOICE_KEY = "breathflow.language";

/** The language of a tag, lower-case: "de-AT" and "de_at" → "de" (anything else → ""). */
export function baseLanguage(tag) {
  return String(tag ?? "").toLowerCase().split(/[-_]/)[0];
}

/** The language to show: `chosen` (the saved choice) if the page has it, else the first of
 * `preferred` (the browser's languages, most wanted first) it has, else English. */
export function pickLanguage(chosen, preferred = []) {
  for (const tag of [chosen, ...preferred]) {
    const lang = baseLanguage(tag);
    if (LANGUAGES.includes(lang)) return lang;
  }
  return "en";
}

function savedChoice() {
  try {
    return localStorage.getItem(CHOICE_KEY);
  } catch {
    return null; // storage disabled: the browser's languages decide
  }
}

/** Fetch a JSON object; null when it cannot be had (offline before the first visit, a bad file). */
async function fetchTable(url) {
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const table = await res.json();
    if (table === null || typeof table !== "object" || Array.isArray(table)) throw new Error("not an object");
    return table;
  } catch (err) {
    console.warn(`breathflow: ${url} could not be loaded (${err.message}); English is shown instead`);
    return null;
  }
}

/** The page's language: `?lang=` in the address (a switch the browser could not remember), the
 * saved choice, or the browser's languages. Pages in English only (the API page, which uses
 * format.js) leave out `data-languages` on <html> and stay English. */
export const language = document.documentElement.hasAttribute("data-languages")
  ? pickLanguage(new URLSearchParams(location.search).get("lang") ?? savedChoice(), navigator.languages ?? [navigator.language])
  : "en";
document.documentElement.lang = language;
// Until translateMarkup() has run, app.css keeps a page in another language from showing its
// English (for at most a second, should anything go wrong).
if (language !== "en") document.documentElement.classList.add("translating");

// The page's texts and the engine's for `language` (English: nothing to fetch).
const [pageTable, engineTable] =
  language === "en"
    ? [{}, null]
    : await Promise.all([fetchTable(new URL(`../i18n/${language}.json`, import.meta.url)), fetchTable(new URL(`../locales/${language}.json`, import.meta.url))]);
const table = pageTable ?? {};

/** The engine's texts for `language` (for `registerLocale`), or null for English or when they
 * could not be loaded. */
export const engineTexts = engineTable;

let plurals = null;

/** The plural form of `forms` ({ one, other, … }) for `n` in `language`. */
function pluralOf(forms, n) {
  plurals ??= new Intl.PluralRules(language);
  return forms[plurals.select(n)] ?? forms.other ?? "";
}

function fillIn(text, values) {
  return text.replace(/\{([a-z][a-zA-Z]*)\}/g, (whole, key) => (Object.hasOwn(values, key) ? String(values[key]) : whole));
}

/** The text `id` in the page's language, with `values` filled in ({ n } also picks the plural
 * form). Falls back to English; an unknown id is a bug and throws. */
export function t(id, values = {}) {
  let text = Object.hasOwn(table, id) ? table[id] : TEXTS[id];
  if (text === undefined) throw new Error(`i18n: no text "${id}"`);
  if (typeof text === "object") text = pluralOf(text, values.n ?? 0);
  return fillIn(text, values);
}

/** Numbers as the language writes them (decimal comma in es/de/fr). */
let numbers = null;
export function number(n) {
  numbers ??= new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
  return numbers.format(n);
}

const units = new Map();
/** `n` of `unit` ("second", "minute") in words, `style` "long" ("2 minutes", "2 Minuten") or
 * "short" ("2 min", "2 Min."), through Intl.NumberFormat. */
export function quantity(n, unit, style = "long") {
  const key = `${unit} ${style}`;
  if (!units.has(key)) units.set(key, new Intl.NumberFormat(language, { style: "unit", unit, unitDisplay: style, maximumFractionDigits: 1 }));
  return units.get(key).format(n);
}

/** The English of an element marked `data-t` (its text, with "{i}" for its i-th child
 * element) and the child elements themselves. */
function englishOf(el) {
  const kids = [];
  let text = "";
  for (const node of el.childNodes) {
    if (node.nodeType === Node.ELEMENT_NODE) {
      text += `{${kids.length}}`;
      kids.push(node);
    } else if (node.nodeType === Node.TEXT_NODE) text += node.data;
  }
  return { text: text.replace(/\s+/g, " ").trim(), kids };
}

/** The [attribute, id] pairs of an element marked `data-t-attr="aria-label=id placeholder=id"`. */
function attrIds(el) {
  return el.dataset.tAttr.trim().split(/\s+/).map((pair) => pair.split("="));
}

/** Put `text` into `el`, "{i}" replaced by its i-th child element `kids[i]`. */
function setWithKids(el, text, kids) {
  const nodes = [];
  for (const [i, part] of text.split(/\{(\d+)\}/).entries()) {
    if (i % 2 === 0) {
      if (part) nodes.push(part);
    } else if (kids[Number(part)]) nodes.push(kids[Number(part)]);
  }
  el.replaceChildren(...nodes);
}

/** Every text of the page's markup under `root`: id → English (what the locale files must
 * cover besides TEXTS; the tests compare). */
function markupTexts(root = document) {
  const out = {};
  for (const el of root.querySelectorAll("[data-t]")) out[el.dataset.t] = englishOf(el).text;
  for (const el of root.querySelectorAll("[data-t-attr]")) {
    for (const [attr, id] of attrIds(el)) out[id] = el.getAttribute(attr) ?? "";
  }
  return out;
}

// The markup's English as the page was parsed (module scripts run after parsing, and this one
// before the page's own), before scripts write their own words into some of these elements.
const MARKUP = markupTexts();

/** Every text id the page uses, with its English: the markup's and the scripts'. */
export function allEnglish() {
  return { ...MARKUP, ...TEXTS };
}

/** Translate the markup under `root` into the page's language (English: left as it is). */
export function translateMarkup(root = document) {
  if (language === "en") return;
  try {
    for (const el of root.querySelectorAll("[data-t]")) {
      const id = el.dataset.t;
      if (!Object.hasOwn(table, id)) continue;
      const { kids } = englishOf(el);
      setWithKids(el, table[id], kids);
    }
    for (const el of root.querySelectorAll("[data-t-attr]")) {
      for (const [attr, id] of attrIds(el)) if (Object.hasOwn(table, id)) el.setAttribute(attr, table[id]);
    }
  } finally {
    document.documentElement.classList.remove("translating");
  }
}

/** Make the language switcher `select` (its options are in the markup) show the page's language
 * and switch (remembered, then a reload). */
export function wireSwitcher(select) {
  select.value = language;
  select.addEventListener("change", () => {
    try {
      localStorage.setItem(CHOICE_KEY, select.value);
    } catch {
      // Not remembered (storage disabled): this visit still switches, through the address.
    }
    const url = new URL(location.href);
    if (savedChoice() !== select.value) url.searchParams.set("lang", select.value);
    else url.searchParams.delete("lang");
    location.replace(url.href);
  });
}
