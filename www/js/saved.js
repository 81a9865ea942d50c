// The person's own practices, kept on this device: patterns from the editor, and patterns or flows
// opened from a shared link or a JSON file. Each is validated by the engine when saved and again
// when read back; one that no longer validates is set aside and reported, the rest still load. A
// file or a shared link never replaces a saved practice (keep()); ids are unique within the list.
//
// Item: { kind: "pattern" | "flow", value } with value.id always set ("mine-…").
import { validateFlow, validatePattern } from "../pkg/breathflow.js";
import { t } from "./i18n.js";
import * as store from "./store.js";

const KEY = "practices";
const WHAT = t("saved.what");
const listeners = new Set();
let items = null;

/** The engine's verdict on an item: the normalised item, or an Error naming field and rule. */
export function check(item) {
  if (typeof item !== "object" || item === null) throw new Error(t("saved.not-a-practice"));
  if (item.kind !== "pattern" && item.kind !== "flow") throw new Error(t("saved.bad-kind", { field: "kind", first: "pattern", second: "flow" }));
  const value = item.kind === "pattern" ? validatePattern(item.value) : validateFlow(item.value);
  if (typeof value !== "object" || value === null || typeof value.id !== "string") throw new Error(t("saved.missing", { field: "id" }));
  return { kind: item.kind, value };
}

/** The longest id the engine accepts (1–64 characters of a-z, 0-9 and "-"). */
const MAX_ID = 64;

/** `id`, or `id-2`, `id-3`… (trimmed to fit) — the first that `taken` does not hold. */
export function uniqueId(id, taken) {
  if (!taken.has(id)) return id;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = id.slice(0, MAX_ID - suffix.length) + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Saved by older versions, two entries can share an id: the later one gets a unique id (both are
 * kept), saved at once only if that can be done quietly — otherwise the same renaming simply
 * happens again on the next visit.
 */
function distinctIds(list) {
  const taken = new Set();
  let renamed = false;
  for (const [i, item] of list.entries()) {
    const id = uniqueId(item.value.id, taken);
    if (id !== item.value.id) {
      list[i] = { kind: item.kind, value: { ...item.value, id } };
      renamed = true;
    }
    taken.add(id);
  }
  if (renamed) store.write(KEY, list, WHAT, { quiet: true });
  return list;
}

function load() {
  items ??= distinctIds(store.read(KEY, { what: WHAT, check: store.checkList(KEY, WHAT, check), fallback: [] }));
  return items;
}

/** The list, read again first when another tab has changed it since (so its change is kept). */
function fresh() {
  if (items !== null && store.changedElsewhere(KEY)) items = null;
  return load();
}

store.watch(KEY, () => {
  items = null;
  const list = all();
  for (const fn of listeners) fn(list.slice());
});

function changed() {
  store.write(KEY, items, WHAT);
  for (const fn of listeners) fn(items.slice());
}

export function all() {
  return load().slice();
}

export function subscribe(fn) {
  listeners.add(fn);
  fn(all());
  return () => listeners.delete(fn);
}

/** A fresh id for a new practice. */
export function newId() {
  const taken = new Set(load().map((x) => x.value.id));
  return uniqueId(`mine-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`, taken);
}

/** The id a value is saved under: its own when it is one of ours ("mine-…"), else a fresh one. */
function ownId(value) {
  return typeof value.id === "string" && value.id.startsWith("mine-") ? value.id : newId();
}

/**
 * Validate and save (replacing an item with the same id: the editor saving a pattern it is
 * editing). A value without an id of ours gets one. Returns the saved item; throws the engine's
 * error when the value does not validate.
 */
export function save(kind, value) {
  const list = fresh();
  const item = check({ kind, value: { ...value, id: ownId(value) } });
  const i = list.findIndex((x) => x.value.id === item.value.id);
  if (i >= 0) list[i] = item;
  else list.push(item);
  changed();
  return item;
}

/** JSON with object keys sorted, so two equal documents give the same text. */
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (typeof v === "object" && v !== null) {
    return `{${Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/** The practice without its id, as comparable text. */
function content(kind, value) {
  const { id: _id, ...rest } = value;
  return `${kind}:${canonical(rest)}`;
}

/**
 * Keep a practice that arrives from outside (a file or a shared link) without ever replacing one
 * already saved. Returns `{ item, outcome, message }`:
 * - "already": the same practice is saved already (nothing changes);
 * - "renamed": a different practice was saved under its id, so this one is added under a new id;
 * - "added": added as it is.
 * Throws the engine's error when the value does not validate.
 */
export function keep(kind, value) {
  const wanted = typeof value.id === "string" && value.id.startsWith("mine-") ? value.id : null;
  const incoming = check({ kind, value: { ...value, id: wanted ?? "mine-incoming" } });
  const list = fresh();
  const name = (v) => v.title ?? v.id;
  const same = list.find((x) => x.kind === kind && content(x.kind, x.value) === content(kind, incoming.value));
  if (same) {
    return { item: same, outcome: "already", message: t("saved.already", { title: name(same.value) }) };
  }
  const taken = new Set(list.map((x) => x.value.id));
  const clash = wanted !== null && taken.has(wanted);
  const id = wanted === null ? newId() : uniqueId(wanted, taken);
  const item = check({ kind, value: { ...incoming.value, id } });
  list.push(item);
  changed();
  if (clash) {
    const other = list.find((x) => x.value.id === wanted);
    return {
      item,
      outcome: "renamed",
      message: t("saved.renamed", { title: name(item.value), otherTitle: name(other.value), id }),
    };
  }
  return { item, outcome: "added", message: t("saved.added", { title: name(item.value) }) };
}

/**
 * Delete exactly `target`: the item object as listed (as given to subscribers) — or, when the list
 * was read again since, the item with its id and content — or the item with that id when given an
 * id. An item no longer listed (deleted already, here or in another tab) deletes nothing.
 */
export function remove(target) {
  const list = fresh();
  let i;
  if (typeof target === "object" && target !== null) {
    i = list.indexOf(target);
    if (i < 0) i = list.findIndex((x) => x.value.id === target.value?.id && content(x.kind, x.value) === content(target.kind, target.value));
  } else {
    i = list.findIndex((x) => x.value.id === target);
  }
  if (i >= 0) {
    list.splice(i, 1);
    changed();
  }
}

export function get(id) {
  return load().find((x) => x.value.id === id) ?? null;
}

/** Read a JSON document a person chose (a pattern or a flow) and validate it with the engine. */
export function parseImport(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(t("saved.not-json", { message: err.message }));
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new Error(t("saved.not-an-object"));
  if ("steps" in doc) return { kind: "flow", value: validateFlow(doc) };
  if ("phases" in doc) return { kind: "pattern", value: validatePattern(doc) };
  throw new Error(t("saved.neither", { phases: "phases", steps: "steps" }));
}
