// English of store.js's, saved.js's, log.js's and share.js's words (ids "store.*", "saved.*", "log.*", "share.*"; see js/i18n.js).
export default {
  // store.js: problems with the data saved on this device ({what}: the data, e.g. "Your practice log").
  "store.saving": "Saving",
  "store.unavailable-title": "This browser isn't letting the page save anything,",
  "store.unavailable-text": "so your practices and log last only until you close this tab. Everything else works as usual.",
  "store.held-write-title": "{what} can't be saved right now.",
  "store.held-write-text": "The unreadable copy already on this device is kept safe rather than written over, so what's new is kept only until you close this tab. You can download it to keep it.",
  "store.full-title": "{what} couldn't be saved: this device has no room left for this site.",
  "store.full-text": "Nothing is lost: what you have now stays on this page until you close the tab, and the last saved copy is still on the device. Freeing some space (or removing this site's old data in the browser's settings) lets the page save again.",
  "store.download-unsaved": "Download what couldn't be saved",
  "store.set-aside-title": "{what}: part of it could not be read and was set aside.",
  "store.set-aside-text": "Reason: {reason}. The page carries on without it; the original is kept on this device and can be downloaded.",
  "store.download-set-aside": "Download what was set aside",
  "store.held-title-no-room": "{what}: part of it could not be read, and this device has no room left to keep a copy of it aside.",
  "store.held-title-not-allowed": "{what}: part of it could not be read, and this browser isn't letting the page keep a copy of it aside.",
  "store.held-text-no-room": "Reason: {reason}. So it is left exactly as it was, and nothing will be saved over it. Anything new here is kept only until you close this tab. Freeing some space and reloading the page lets it try again.",
  "store.held-text-not-allowed": "Reason: {reason}. So it is left exactly as it was, and nothing will be saved over it. Anything new here is kept only until you close this tab.",
  "store.download-unreadable": "Download the unreadable part",
  // Reasons ({message}: the browser's own words; {type}: a JavaScript type name, kept as it is).
  "store.not-json": "it is not readable JSON ({message})",
  "store.not-a-list": "expected a list, found {type}",
  "store.item-reason": "item {position}: {reason}",

  // saved.js: the person's own practices ({title}: the practice's title, or its id).
  "saved.what": "Your saved patterns and flows",
  "saved.already": "“{title}” is already in your practices, so nothing was added.",
  "saved.renamed": "Added “{title}” to your practices as a new one. You already had a different practice saved under the same id (“{otherTitle}”), so both are kept: the new one is saved as {id}.",
  "saved.added": "Added “{title}” to your practices.",
  // Reasons a saved or opened practice is refused ({field}, {first}, {second}, {phases}, {steps}: JSON names and values, kept as they are).
  "saved.not-a-practice": "not a saved practice",
  "saved.bad-kind": "{field}: must be \"{first}\" or \"{second}\"",
  "saved.missing": "{field}: missing",
  "saved.not-json": "this file is not JSON ({message})",
  "saved.not-an-object": "expected a pattern or a flow object",
  "saved.neither": "expected a pattern (with {phases}) or a flow (with {steps})",

  // log.js: the practice log.
  "log.what": "Your practice log",
  "log.moved-aside": { one: "Your practice log: the oldest entry was moved aside.", other: "Your practice log: the oldest {n} entries were moved aside." },
  "log.moved-aside-text": {
    one: "The log keeps up to {n} practice, so the oldest ones now have their own copy on this device. Nothing is deleted, and you can download them here.",
    other: "The log keeps up to {n} practices, so the oldest ones now have their own copy on this device. Nothing is deleted, and you can download them here.",
  },
  // Reasons a log entry is refused ({field}, {trueValue}, {falseValue}: JSON names and values, kept as they are).
  "log.not-an-entry": "not an entry object",
  "log.not-a-date": "{field}: not a date",
  "log.not-an-id": "{field}: not a practice id",
  "log.not-a-title": "{field}: not a title",
  "log.bad-kind": "{field}: must be \"{first}\" or \"{second}\"",
  "log.out-of-range": "{field}: not {min}–{max}",
  "log.not-whole": "{field}: not a whole number",
  "log.not-boolean": "{field}: not {trueValue} or {falseValue}",

  // share.js: why a shared link cannot be opened.
  "share.too-long": { one: "the link is too long ({n} character)", other: "the link is too long ({n} characters)" },
  "share.not-base64url": "the link was cut short or changed (it is not base64url)",
  "share.not-json": "the link was cut short or changed (its data is not readable JSON)",
  "share.not-a-pattern": "not a pattern",
  "share.not-a-flow": "not a flow",
};
