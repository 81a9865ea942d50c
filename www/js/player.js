// The player: one BreathFlow on the big canvas, the step card, "up next", the progress bar with
// time left, the controls and their keys, the options (length, sound, vibration, speech), and what
// the person hears (live region, speech) as the practice moves on. Practices end up in the log.
//
// A practice: { kind: "pattern" | "flow", id, title, description, spec, conditions? } where spec
// is a library id or a validated object.
import { adaptFlow, BreathFlow, validatePattern } from "../pkg/breathflow.js";
import { byId, fill, h, setText } from "./dom.js";
import { clock, KIND_LABEL, phaseShort, phaseWord, rhythm, spoken } from "./format.js";
import { language, number, quantity, t } from "./i18n.js";
import * as log from "./log.js";
import * as store from "./store.js";

/** A stopped practice this long or longer still goes in the log (marked as stopped early). */
export const LOG_PARTIAL_AFTER_MS = 60_000;
/** Seconds of "get ready" before a breathing pattern (flows carry their own). */
const PATTERN_COUNTDOWN_S = 3;
/** How often the time left and the progress bar refresh while running. */
const TICK_MS = 250;

const SETTINGS_KEY = "settings";
const DEFAULTS = {
  sound: false,
  haptics: false,
  speakSteps: false,
  speakPhases: false,
  announcePhases: false,
  lengthMode: "breaths",
  breaths: 10,
  minutes: 3,
};

function readSettings() {
  return store.read(SETTINGS_KEY, {
    what: t("player.settings-name"),
    check: (v) => {
      if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error(t("player.settings-not-object"));
      const s = { ...DEFAULTS };
      for (const [k, d] of Object.entries(DEFAULTS)) if (typeof v[k] === typeof d) s[k] = v[k];
      if (s.lengthMode !== "breaths" && s.lengthMode !== "minutes") s.lengthMode = "breaths";
      s.breaths = clampInt(s.breaths, 1, 200, DEFAULTS.breaths);
      s.minutes = clampInt(s.minutes, 1, 60, DEFAULTS.minutes);
      return s;
    },
    fallback: { ...DEFAULTS },
  });
}

function clampInt(v, lo, hi, fallback) {
  const n = Math.round(Number(v));
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : fallback;
}

const SIDE = { left: t("player.side-left"), right: t("player.side-right") };
/** A side within a sentence ("…, left side."): its own text, as lower-casing is not safe in every language. */
const SIDE_INLINE = { left: t("player.side-left-inline"), right: t("player.side-right-inline") };
/** The chip before each change made for the person's conditions (the engine's action). */
const ACTION = { removed: t("player.action-removed"), replaced: t("player.action-replaced"), cautioned: t("player.action-cautioned") };

export function createPlayer({ announcer, speech, wakeLock, onChangeAnswers }) {
  const root = byId("player");
  const canvas = byId("stage");
  const ui = {
    kind: byId("practice-kind"),
    title: byId("practice-title"),
    description: byId("practice-description"),
    adapted: byId("adapted"),
    adaptedList: byId("adapted-list"),
    stepCount: byId("step-count"),
    stepKind: byId("step-kind"),
    stepSide: byId("step-side"),
    stepCaution: byId("step-caution"),
    stepTitle: byId("step-title"),
    stepCues: byId("step-cues"),
    stepText: byId("step-text"),
    upNext: byId("up-next"),
    upNextTitle: byId("up-next-title"),
    progress: byId("progress"),
    timeLeft: byId("time-left"),
    play: byId("btn-play"),
    prev: byId("btn-prev"),
    next: byId("btn-next"),
    stop: byId("btn-stop"),
    length: byId("length-options"),
    lenBreaths: byId("len-breaths"),
    lenMinutes: byId("len-minutes"),
    lenCount: byId("len-count"),
    lenUnit: byId("len-unit"),
    sound: byId("opt-sound"),
    haptics: byId("opt-haptics"),
    speech: byId("speech-options"),
    speakSteps: byId("opt-speak-steps"),
    speakPhases: byId("opt-speak-phases"),
    announcePhases: byId("opt-announce-phases"),
    optionsNote: byId("options-note"),
  };

  const settings = readSettings();
  let practice = null;
  let flowDoc = null; // the adapted flow (for the step list before the start)
  let pattern = null; // the validated pattern (phase cues)
  let widget = null;
  let offs = [];
  let ticker = 0;
  let stale = false; // options changed while a practice was under way: rebuild at the next start
  let session = { breaths: 0, logged: false };
  let lastCard = "";

  // ---- options ------------------------------------------------------------------------------
  ui.sound.checked = settings.sound;
  ui.haptics.checked = settings.haptics;
  ui.speakSteps.checked = settings.speakSteps;
  ui.speakPhases.checked = settings.speakPhases;
  ui.announcePhases.checked = settings.announcePhases;
  (settings.lengthMode === "minutes" ? ui.lenMinutes : ui.lenBreaths).checked = true;
  showLength();
  if (!("vibrate" in navigator)) ui.haptics.closest("label").hidden = true;
  speech.onchange((ok) => {
    ui.speech.hidden = !ok;
  });
  syncSpeechBoxes();

  function saveSettings() {
    store.write(SETTINGS_KEY, settings, t("player.settings-name"));
  }
  function showLength() {
    const minutes = settings.lengthMode === "minutes";
    ui.lenCount.min = "1";
    ui.lenCount.max = minutes ? "60" : "200";
    ui.lenCount.value = String(minutes ? settings.minutes : settings.breaths);
    setText(ui.lenUnit, t(minutes ? "player.unit-minutes" : "player.unit-breaths", { n: minutes ? settings.minutes : settings.breaths }));
  }
  function syncSpeechBoxes() {
    ui.speakPhases.disabled = !ui.speakSteps.checked;
  }
  /** Options that the widget takes at construction apply now when nothing is under way. */
  function optionsChanged() {
    saveSettings();
    const status = widget?.state().status;
    if (status === "running" || status === "paused") {
      stale = true;
      setText(ui.optionsNote, t("player.applies-next-start"));
    } else {
      rebuild();
    }
  }
  ui.sound.addEventListener("change", () => {
    settings.sound = ui.sound.checked;
    optionsChanged();
  });
  ui.haptics.addEventListener("change", () => {
    settings.haptics = ui.haptics.checked;
    optionsChanged();
  });
  for (const radio of [ui.lenBreaths, ui.lenMinutes]) {
    radio.addEventListener("change", () => {
      settings.lengthMode = ui.lenMinutes.checked ? "minutes" : "breaths";
      showLength();
      optionsChanged();
    });
  }
  ui.lenCount.addEventListener("change", () => {
    const minutes = settings.lengthMode === "minutes";
    const v = clampInt(ui.lenCount.value, 1, minutes ? 60 : 200, minutes ? settings.minutes : settings.breaths);
    if (minutes) settings.minutes = v;
    else settings.breaths = v;
    showLength(); // the new count, and its unit in the right plural form
    optionsChanged();
  });
  ui.speakSteps.addEventListener("change", () => {
    settings.speakSteps = ui.speakSteps.checked;
    syncSpeechBoxes();
    if (!settings.speakSteps) speech.cancel();
    saveSettings();
  });
  ui.speakPhases.addEventListener("change", () => {
    settings.speakPhases = ui.speakPhases.checked;
    saveSettings();
  });
  ui.announcePhases.addEventListener("change", () => {
    settings.announcePhases = ui.announcePhases.checked;
    saveSettings();
  });

  // ---- controls ------------------------------------------------------------------------------
  function toggle() {
    if (!widget) return;
    const s = widget.state();
    if (s.status === "running") widget.pause();
    else if (s.status === "paused") widget.resume();
    else start();
  }
  function start() {
    if (stale) rebuild();
    if (!widget) return;
    session = { breaths: 0, logged: false };
    widget.start();
  }
  function previous() {
    if (!widget || widget.state().status === "idle") return;
    const before = widget.state().step;
    widget.previous();
    // Moving back fires no step event: say where we are now.
    const s = widget.state();
    if (s.step && (s.step.index !== before?.index || s.step.side !== before?.side)) {
      const where = { n: s.step.index + 1, total: s.step.count, title: s.step.title };
      announcer.say(s.step.side ? t("player.back-to-step-side", { ...where, side: SIDE_INLINE[s.step.side] }) : t("player.back-to-step", where));
    } else if (s.step) {
      announcer.say(t("player.from-start-of", { title: s.step.title }));
    }
  }
  function next() {
    const s = widget?.state();
    if (s && s.status !== "idle" && s.status !== "done") widget.next();
  }
  function stop() {
    if (!widget) return;
    const s = widget.state();
    if (s.status === "idle") return;
    logPartial(s);
    widget.stop();
    speech.cancel();
    announcer.say(t("player.stopped"));
    if (stale) rebuild();
  }
  ui.play.addEventListener("click", toggle);
  // The rib cage itself is a big play button: a click or a tap starts, pauses and resumes, with
  // the same announcements as the Start button.
  canvas.addEventListener("click", toggle);
  ui.prev.addEventListener("click", previous);
  ui.next.addEventListener("click", next);
  ui.stop.addEventListener("click", stop);
  byId("adapted-edit").addEventListener("click", () => onChangeAnswers?.(practice));

  /** Space, ← → and Esc anywhere on the page, except where they already mean something; Enter on the canvas. */
  document.addEventListener("keydown", (e) => {
    if (!widget || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    if (document.querySelector("dialog[open]")) return;
    const target = e.target;
    if (target instanceof Element && target.closest("input, textarea, select, [contenteditable], [role=slider]")) return;
    const native = target instanceof Element && target.closest("button, a[href], summary");
    if ((e.key === " " && !native) || (e.key === "Enter" && target === canvas)) {
      e.preventDefault();
      toggle();
    } else if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      if (widget.state().status === "idle") return;
      e.preventDefault();
      if (e.key === "ArrowRight") next();
      else previous();
    } else if (e.key === "Escape") {
      if (widget.state().status === "idle") return;
      e.preventDefault();
      stop();
    }
  });

  // ---- logging -------------------------------------------------------------------------------
  function entryBase() {
    return { id: practice.id, title: practice.title, kind: practice.kind };
  }
  function logPartial(s) {
    if (session.logged || !practice) return;
    if ((s.status === "running" || s.status === "paused") && s.elapsedMs >= LOG_PARTIAL_AFTER_MS) {
      log.add({ ...entryBase(), ms: s.elapsedMs, breaths: session.breaths, completed: false });
      session.logged = true;
    }
  }
  window.addEventListener("pagehide", () => {
    if (widget) logPartial(widget.state());
  });

  // ---- the widget ------------------------------------------------------------------------------
  function options() {
    const base = { sound: settings.sound, haptics: settings.haptics, locale: language };
    if (practice.kind === "flow") return { ...base, flow: practice.spec, conditions: practice.conditions ?? [] };
    const length = settings.lengthMode === "minutes" ? { seconds: settings.minutes * 60 } : { breaths: settings.breaths };
    return { ...base, pattern: practice.spec, countdown: PATTERN_COUNTDOWN_S, ...length };
  }

  function teardown() {
    for (const off of offs) off();
    offs = [];
    clearInterval(ticker);
    ticker = 0;
    wakeLock.hold(false);
    if (widget) {
      widget.destroy();
      widget.free();
      widget = null;
    }
  }

  function rebuild() {
    teardown();
    stale = false;
    setText(ui.optionsNote, "");
    lastCard = "";
    if (!practice) return;
    try {
      widget = new BreathFlow(canvas, options());
    } catch (err) {
      showError(err);
      return;
    }
    offs.push(
      widget.on("status", onStatus),
      widget.on("step", onStep),
      widget.on("phase", onPhase),
      widget.on("breath", () => {
        session.breaths += 1;
      }),
      widget.on("countdown", (d) => announcer.say(t("player.get-ready-in", { time: spoken(d.durationMs) }))),
      widget.on("complete", onComplete),
    );
    render();
  }

  function onStatus({ status }) {
    wakeLock.hold(status === "running");
    clearInterval(ticker);
    ticker = status === "running" ? setInterval(render, TICK_MS) : 0;
    const s = widget.state();
    if (status === "paused") {
      speech.cancel();
      if (s.step?.awaitsPerson) announcer.say(t("player.read-then-continue", { title: s.step.title }));
      else announcer.say(t("player.paused"));
    } else if (status === "running" && s.elapsedMs > 0) {
      announcer.say(t("player.resumed"));
    }
    render();
  }

  function onStep(d) {
    const s = widget.state();
    const step = s.step;
    const where = { n: d.index + 1, total: step?.count ?? "?", title: d.title, side: SIDE_INLINE[d.side] ?? "", spot: d.spot };
    const which = d.side && d.spot ? "player.step-announce-side-spot" : d.side ? "player.step-announce-side" : d.spot ? "player.step-announce-spot" : "player.step-announce";
    announcer.say(t(which, where));
    if (settings.speakSteps && step) {
      const first = step.cues[0] ?? step.text ?? "";
      speech.speak(d.side ? t("player.speak-step-side", { title: d.title, side: SIDE_INLINE[d.side] ?? d.side, cue: first }) : t("player.speak-step", { title: d.title, cue: first }));
    }
    render();
  }

  function onPhase(d) {
    if (settings.announcePhases) announcer.phase(phaseWord(d.phase));
    if (settings.speakSteps && settings.speakPhases) speech.speak(phaseShort(d.phase), { interrupt: false });
    if (practice.kind === "pattern") render();
  }

  function onComplete(d) {
    const s = widget.state();
    if (!session.logged) {
      log.add({ ...entryBase(), ms: s.elapsedMs, breaths: d.breaths, completed: true });
      session.logged = true;
    }
    announcer.say(t("player.practice-complete", { time: spoken(s.elapsedMs), n: d.breaths }));
    if (settings.speakSteps) speech.speak(t("player.well-done-spoken"));
  }

  // ---- rendering -------------------------------------------------------------------------------
  function showError(err) {
    console.error("breathflow:", err);
    root.dataset.status = "error";
    setText(ui.stepCount, "");
    setText(ui.stepTitle, t("player.could-not-start"));
    fill(ui.stepCues, h("li", { text: err.message }));
    ui.stepText.hidden = true;
    for (const b of [ui.play, ui.prev, ui.next, ui.stop]) b.disabled = true;
  }

  function cardFor(s) {
    if (s.status === "done") {
      return {
        key: "done",
        count: t("player.complete"),
        kind: "",
        title: t("player.well-done"),
        cues: [t("player.you-practised", { time: spoken(s.elapsedMs) }), t("player.rest-before-up")],
      };
    }
    if (practice.kind === "pattern") {
      const phase = s.phase && pattern ? pattern.phases[s.phaseIndex] : null;
      const bound = settings.lengthMode === "minutes" ? quantity(settings.minutes, "minute") : t("player.breaths", { n: settings.breaths });
      if (!phase) {
        return {
          key: `pattern-${s.status}`,
          count: bound,
          kind: KIND_LABEL.breathe,
          title: s.status === "idle" ? t("player.ready-when-you-are") : t("player.get-ready"),
          cues: [t("player.rhythm-cue", { rhythm: rhythm(pattern ?? { phases: [] }) }), t("player.sit-comfortably")],
        };
      }
      return {
        key: `phase-${s.phaseIndex}`,
        count: settings.lengthMode === "breaths" ? t("player.breath-of", { n: Math.min(s.breath + 1, settings.breaths), total: settings.breaths }) : bound,
        kind: KIND_LABEL.breathe,
        title: phaseWord(s.phase),
        cues: phase.cue ? [phase.cue] : [],
      };
    }
    // A flow: the current step, or before the first step the one that comes first.
    const step = s.step ?? firstStep();
    if (!step) return { key: "empty", count: "", kind: "", title: practice.title, cues: [] };
    const index = step.index ?? 0;
    const cautioned = (s.changes ?? []).some((c) => c.action === "cautioned" && c.stepId === step.id);
    return {
      key: `step-${index}-${step.side}-${s.status === "idle" || !s.step}`,
      caution: cautioned,
      count: t(s.step ? "player.step-of" : "player.step-of-coming-up", { n: index + 1, total: step.count ?? flowDoc.steps.length }),
      kind: KIND_LABEL[step.kind] ?? "",
      side: step.side,
      title: step.title,
      cues: step.cues ?? [],
      text: step.text,
      awaits: s.step?.awaitsPerson && s.status === "paused",
    };
  }

  function firstStep() {
    const st = flowDoc?.steps[0];
    return st ? { index: 0, count: flowDoc.steps.length, id: st.id, kind: st.kind, title: st.title ?? "", cues: st.cues ?? [], text: st.text, side: st.sides ? "left" : null } : null;
  }

  function render() {
    if (!widget) return;
    const s = widget.state();
    root.dataset.status = s.status;
    const card = cardFor(s);
    const key = `${card.key}|${card.count}|${card.title}`;
    if (key !== lastCard) {
      lastCard = key;
      setText(ui.stepCount, card.count);
      setText(ui.stepKind, card.kind);
      ui.stepKind.hidden = !card.kind;
      setText(ui.stepSide, card.side ? SIDE[card.side] : "");
      ui.stepSide.hidden = !card.side;
      ui.stepCaution.hidden = !card.caution;
      setText(ui.stepTitle, card.title);
      fill(ui.stepCues, card.cues.map((c) => h("li", { text: c })));
      ui.stepText.hidden = !card.text;
      setText(ui.stepText, card.text ?? "");
    }
    // A pattern is one part: nothing comes "next".
    const up = s.status !== "done" && practice.kind === "flow" ? s.upNext : null;
    ui.upNext.hidden = !up;
    if (up) setText(ui.upNextTitle, up.side ? t("player.up-next-side", { title: up.title, side: SIDE_INLINE[up.side] ?? up.side }) : up.title);

    ui.progress.value = s.progress;
    if (s.totalMs === null || s.totalMs === undefined) setText(ui.timeLeft, "");
    else if (s.status === "idle") setText(ui.timeLeft, t("player.time-in-all", { time: clock(s.totalMs) }));
    else if (s.status === "done") setText(ui.timeLeft, t("player.complete"));
    else setText(ui.timeLeft, t("player.time-left", { time: clock(s.totalMs - s.elapsedMs) }));
    const percent = number(Math.round(s.progress * 100));
    ui.progress.setAttribute(
      "aria-valuetext",
      s.totalMs ? t("player.progress-percent-left", { percent, time: spoken(Math.max(0, s.totalMs - s.elapsedMs)) }) : t("player.progress-percent", { percent }),
    );

    const awaits = s.status === "paused" && s.step?.awaitsPerson;
    setText(
      ui.play,
      t({ idle: "player.start", running: "player.pause", paused: awaits ? "player.continue" : "player.resume", done: "player.start-again" }[s.status] ?? "player.start"),
    );
    ui.play.disabled = false;
    ui.prev.disabled = s.status === "idle";
    ui.next.disabled = s.status === "idle" || s.status === "done";
    ui.stop.disabled = s.status === "idle";
    renderChanges(s.changes);
  }

  let lastChanges = "";
  function renderChanges(changes) {
    const key = JSON.stringify(changes ?? []);
    if (key === lastChanges) return;
    lastChanges = key;
    ui.adapted.hidden = !changes?.length;
    fill(ui.adaptedList, (changes ?? []).map((c) => h("li", { dataset: { action: c.action, step: c.stepId } }, h("span", { class: "chip", text: ACTION[c.action] ?? c.action }), " ", c.reason)));
  }

  return {
    /** Load a practice into the player (stopping and logging whatever was under way). */
    load(p) {
      if (widget) logPartial(widget.state());
      speech.cancel();
      practice = p;
      pattern = null;
      flowDoc = null;
      try {
        if (p.kind === "flow") flowDoc = adaptFlow(p.spec, p.conditions ?? [], language).flow;
        else pattern = validatePattern(p.spec);
      } catch (err) {
        showError(err);
      }
      setText(ui.kind, t(p.kind === "flow" ? "player.kind-flow" : "player.kind-pattern"));
      setText(ui.title, p.title);
      setText(ui.description, p.description ?? "");
      ui.length.hidden = p.kind !== "pattern";
      lastChanges = "";
      rebuild();
    },
    get practice() {
      return practice;
    },
    focus() {
      ui.play.focus({ preventScroll: true });
    },
    start,
    toggle,
  };
}
