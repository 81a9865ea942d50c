// English of library.js's, editor.js's, chart.js's and embed-builder.js's words (ids "library.*", "editor.*", "chart.*", "embed.*"; see js/i18n.js).
export default {
  // Library cards. The buttons' visible words; the practice's title follows them for screen readers.
  "library.steps": { one: "Flow · {n} step", other: "Flow · {n} steps" },
  "library.breathing-rhythm": "Breathing · {rhythm}",
  "library.breaths-time": { one: "{n} breath {time}", other: "{n} breaths {time}" },
  "library.flow": "Flow",
  "library.breathing": "Breathing",
  "library.cannot-play": "cannot be played: {error}",
  "library.practise": "Practise",
  "library.embed": "Embed this",
  "library.edit": "Edit",
  "library.share-link": "Share link",
  "library.delete": "Delete",

  // The pattern editor. {field} is a field's label, {error} the engine's message (English).
  "editor.default-title": "My pattern",
  "editor.enter-seconds": "{field}: enter a number of seconds",
  "editor.enter-breaths": "{field}: enter a number of breaths",
  "editor.field-error": "{field}: {error}",
  "editor.summary": "{rhythm}.",
  "editor.summary-ramp": "{rhythm}, lengthening slowly.",
  "editor.play-preview": "Play preview",
  "editor.pause-preview": "Pause preview",
  "editor.edit-title": "Edit your pattern",
  "editor.new-title": "Make your own pattern",
  "editor.saved": "Saved on this device as “{title}”. It is under Your practices.",

  // The log's chart (its accessible name). {minutes}: "12.5 minutes"; {days}: "Tue 21 Nov: 2.5 min; …".
  "chart.day-minutes": "{day}: {minutes}",
  "chart.summary": {
    one: "Minutes practised over the last 14 days: {minutes} on {n} day. {days}.",
    other: "Minutes practised over the last 14 days: {minutes} on {n} days. {days}.",
  },
  "chart.summary-none": "Minutes practised over the last 14 days: none yet.",

  // "Embed this". The unit after the count field takes the count's form.
  "embed.unit-breaths": { one: "breath", other: "breaths" },
  "embed.unit-minutes": { one: "minute", other: "minutes" },
  "embed.size-range": "Size must be a whole number from {min} to {max}.",
  "embed.size-range-not": "Size must be a whole number from {min} to {max}, not “{value}”.",
  "embed.breaths-range": "Breaths must be a whole number from {min} to {max}.",
  "embed.breaths-range-not": "Breaths must be a whole number from {min} to {max}, not “{value}”.",
  "embed.minutes-range": "Minutes must be a whole number from {min} to {max}.",
  "embed.minutes-range-not": "Minutes must be a whole number from {min} to {max}, not “{value}”.",
  "embed.fix-first": "{problem} The preview and the code follow once it is fixed.",
  "embed.preview-failed": "The preview could not load: {error}. The code still works.",
  "embed.copied-script": "Copied the script snippet.",
  "embed.copied-frame": "Copied the frame snippet.",
  "embed.selected-script": "The script snippet is selected: copy it with Ctrl+C (⌘C on a Mac), or press and hold, then Copy.",
  "embed.selected-frame": "The frame snippet is selected: copy it with Ctrl+C (⌘C on a Mac), or press and hold, then Copy.",
  // The title of the <iframe> in the code (read out on the blogger's page).
  "embed.frame-title": "Breathing guide: {title}",
};
