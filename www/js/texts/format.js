// English of format.js's words (ids "format.*"; see js/i18n.js).
export default {
  "format.about": "about {time}",
  "format.in": "in",
  "format.out": "out",
  "format.hold": "hold",
  "format.breathe-in": "Breathe in",
  "format.breathe-out": "Breathe out",
  "format.hold-phase": "Hold",
  "format.kind-breathe": "Breathing",
  "format.kind-pose": "Pose",
  "format.kind-pressure-hold": "Pressure points",
  "format.kind-roll": "Ball massage",
  "format.kind-rest": "Rest",
  "format.kind-note": "Read first",
};
