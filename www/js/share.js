// Sharing a custom pattern or flow as a link: its JSON, base64url-encoded, in the URL fragment
// (`index.html#pattern=…` or `#flow=…`). The fragment never reaches a server. Opening a link
// decodes it here and validates it with the engine before anything uses it.
import { validateFlow, validatePattern } from "../pkg/breathflow.js";
import { t } from "./i18n.js";

/** Longest fragment accepted (a flow of a few dozen steps fits easily). */
const MAX_CHARS = 60_000;

function toBase64Url(text) {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(s) {
  const bin = atob(s.replaceAll("-", "+").replaceAll("_", "/"));
  return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/** A link to the practice page that opens `value` (a pattern or flow object). */
export function linkFor(kind, value, base = location.href) {
  const url = new URL("index.html", base);
  url.hash = `${kind}=${toBase64Url(JSON.stringify(value))}`;
  return url.href;
}

/**
 * What the fragment `hash` shares: null when it shares nothing; otherwise `{ kind, value }` with
 * the engine-normalised value, or `{ kind, error }` with a message a person can read.
 */
export function readShared(hash = location.hash) {
  const m = /^#(pattern|flow)=(.*)$/s.exec(hash);
  if (!m) return null;
  const [, kind, data] = m;
  try {
    if (data.length > MAX_CHARS) throw new Error(t("share.too-long", { n: data.length }));
    if (!/^[A-Za-z0-9_-]*$/.test(data)) throw new Error(t("share.not-base64url"));
    let doc;
    try {
      doc = JSON.parse(fromBase64Url(data));
    } catch {
      throw new Error(t("share.not-json"));
    }
    const value = kind === "pattern" ? validatePattern(doc) : validateFlow(doc);
    if (typeof value !== "object" || value === null) throw new Error(t(kind === "pattern" ? "share.not-a-pattern" : "share.not-a-flow"));
    return { kind, value };
  } catch (err) {
    return { kind, error: err.message };
  }
}
