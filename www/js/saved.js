// The person's own practices, kept on this device: patterns from the editor, and patterns or flows
// opened from a shared link or a JSON file. Each is validated by the engine when saved and again
// when read back; one that no longer validates is set aside and reported, the rest still load.
//
// Item: { kind: "pattern" | "flow", value } with value.id always set ("mine-…").
import { validateFlow, validatePattern } from "../pkg/breathflow.js";
import * as store from "./store.js";

const KEY = "practices";
const WHAT = "Your saved patterns and flows";
const listeners = new Set();
let items = null;

/** The engine's verdict on an item: the normalised item, or an Error naming field and rule. */
export function check(item) {
  if (typeof item !== "object" || item === null) throw new Error("not a saved practice");
  if (item.kind !== "pattern" && item.kind !== "flow") throw new Error(`kind: must be "pattern" or "flow"`);
  const value = item.kind === "pattern" ? validatePattern(item.value) : validateFlow(item.value);
  if (typeof value !== "object" || value === null || typeof value.id !== "string") throw new Error("id: missing");
  return { kind: item.kind, value };
}

function load() {
  items ??= store.read(KEY, { what: WHAT, check: store.checkList(KEY, WHAT, check), fallback: [] });
  return items;
}

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
  return `mine-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/**
 * Validate and save (replacing an item with the same id). A value without an id gets one.
 * Returns the saved item; throws the engine's error when the value does not validate.
 */
export function save(kind, value) {
  const item = check({ kind, value: { ...value, id: value.id?.startsWith("mine-") ? value.id : newId() } });
  const list = load();
  const i = list.findIndex((x) => x.value.id === item.value.id);
  if (i >= 0) list[i] = item;
  else list.push(item);
  changed();
  return item;
}

export function remove(id) {
  const list = load();
  const i = list.findIndex((x) => x.value.id === id);
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
    throw new Error(`this file is not JSON (${err.message})`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new Error("expected a pattern or a flow object");
  if ("steps" in doc) return { kind: "flow", value: validateFlow(doc) };
  if ("phases" in doc) return { kind: "pattern", value: validatePattern(doc) };
  throw new Error("expected a pattern (with phases) or a flow (with steps)");
}
