// Spoken guidance with the browser's speech synthesis, in the page's language. Available only
// when the browser has a voice for that language (voices often arrive a moment after load:
// `onchange` reports it); without one the option is hidden rather than reading German words with
// an English voice. Off unless the page turns it on; a new utterance replaces whatever is still
// being said, so speech never lags behind the practice.
import { baseLanguage, language } from "./i18n.js";

/** The voice to speak `lang` with (a language code such as "de"), from `voices`: the browser's
 * default for it, else a local one, else any; null when none speaks it. */
export function voiceFor(voices, lang) {
  const speaks = voices.filter((v) => baseLanguage(v.lang) === lang);
  return speaks.find((v) => v.default) ?? speaks.find((v) => v.localService) ?? speaks[0] ?? null;
}

export function createSpeech(lang = language) {
  const synth = globalThis.speechSynthesis;
  const listeners = new Set();
  let voice = null;
  const check = () => {
    const now = synth ? voiceFor(synth.getVoices(), lang) : null;
    const changed = Boolean(now) !== Boolean(voice);
    voice = now;
    if (changed) for (const fn of listeners) fn(Boolean(voice));
  };
  synth?.addEventListener?.("voiceschanged", check);
  check();
  return {
    get available() {
      return Boolean(voice);
    },
    /** `fn(available)` now and whenever a voice for the language appears or goes away. */
    onchange(fn) {
      listeners.add(fn);
      fn(Boolean(voice));
      return () => listeners.delete(fn);
    },
    speak(text, { interrupt = true } = {}) {
      if (!voice || !text) return;
      if (interrupt) synth.cancel();
      const u = new SpeechSynthesisUtterance(text);
      u.rate = 0.92;
      u.lang = voice.lang || lang;
      if (typeof SpeechSynthesisVoice === "function" && voice instanceof SpeechSynthesisVoice) u.voice = voice;
      synth.speak(u);
    },
    cancel() {
      if (synth) synth.cancel();
    },
  };
}
