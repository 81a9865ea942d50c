// English of player.js's and safety.js's words (ids "player.*", "safety.*"; see js/i18n.js).
export default {
  // Saved settings (named in the notices of js/store.js; the reason follows "Reason: ").
  "player.settings-name": "Your player settings",
  "player.settings-not-object": "expected an object of settings",

  // The practice, its sides and the changes made for the person's conditions.
  "player.kind-flow": "Flow",
  "player.kind-pattern": "Breathing pattern",
  "player.side-left": "Left side",
  "player.side-right": "Right side",
  "player.side-left-inline": "left side",
  "player.side-right-inline": "right side",
  "player.action-removed": "removed",
  "player.action-replaced": "replaced",
  "player.action-cautioned": "cautioned",

  // Options.
  "player.unit-breaths": { one: "breath", other: "breaths" },
  "player.unit-minutes": { one: "minute", other: "minutes" },
  "player.applies-next-start": "This change applies when you next start.",

  // The step card.
  "player.breaths": { one: "{n} breath", other: "{n} breaths" },
  "player.breath-of": "Breath {n} of {total}",
  "player.step-of": "Step {n} of {total}",
  "player.step-of-coming-up": "Step {n} of {total} · coming up",
  "player.ready-when-you-are": "Ready when you are",
  "player.get-ready": "Get ready",
  "player.rhythm-cue": "{rhythm}.",
  "player.sit-comfortably": "Sit or lie comfortably, shoulders and belly soft.",
  "player.complete": "Complete",
  "player.well-done": "Well done",
  "player.you-practised": "You practised for {time}. It is in your log below.",
  "player.rest-before-up": "Rest for a moment before you get up.",
  "player.could-not-start": "This practice could not start",
  "player.up-next-side": "{title} ({side})",

  // Progress and controls.
  "player.time-in-all": "{time} in all",
  "player.time-left": "{time} left",
  "player.progress-percent": "{percent} percent",
  "player.progress-percent-left": "{percent} percent, {time} left",
  "player.start": "Start",
  "player.pause": "Pause",
  "player.continue": "Continue",
  "player.resume": "Resume",
  "player.start-again": "Start again",

  // What screen readers hear (the live region).
  "player.step-announce": "Step {n} of {total}: {title}.",
  "player.step-announce-side": "Step {n} of {total}: {title}, {side}.",
  "player.step-announce-spot": "Step {n} of {total}: {title}, spot {spot}.",
  "player.step-announce-side-spot": "Step {n} of {total}: {title}, {side}, spot {spot}.",
  "player.back-to-step": "Back to step {n} of {total}: {title}.",
  "player.back-to-step-side": "Back to step {n} of {total}: {title}, {side}.",
  "player.from-start-of": "From the start of {title}.",
  "player.get-ready-in": "Get ready: starting in {time}.",
  "player.read-then-continue": "{title}. Read this step, then press Continue.",
  "player.paused": "Paused.",
  "player.resumed": "Resumed.",
  "player.stopped": "Stopped.",
  "player.practice-complete": {
    one: "Practice complete: {time}, {n} breath. Saved to your log.",
    other: "Practice complete: {time}, {n} breaths. Saved to your log.",
  },

  // What speech says.
  "player.speak-step": "{title}. {cue}",
  "player.speak-step-side": "{title}, {side}. {cue}",
  "player.well-done-spoken": "Well done. Rest for a moment before you move on.",

  // The safety check (safety.js).
  "safety.answers-name": "Your safety-check answers",
  "safety.answers-not-list": "expected a list of condition ids",
  "safety.nothing-to-change": "Nothing in this flow needs changing for you.",
  "safety.tick-to-adapt": "Tick anything that applies and the flow will adapt.",
  "safety.could-not-check": "This flow could not be checked: {message}",
};
