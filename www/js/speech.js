// Spoken guidance with the browser's speech synthesis. Available only when the browser has at
// least one voice (voices often arrive a moment after load: `onchange` reports it). Off unless the
// page turns it on; a new utterance replaces whatever is still being said, so speech never lags
// behind the practice.

export function createSpeech() {
  const synth = globalThis.speechSynthesis;
  const listeners = new Set();
  let available = false;
  const check = () => {
    const now = Boolean(synth) && synth.getVoices().length > 0;
    if (now !== available) {
      available = now;
      for (const fn of listeners) fn(available);
    }
  };
  synth?.addEventListener?.("voiceschanged", check);
  check();
  return {
    get available() {
      return available;
    },
    /** `fn(available)` now and whenever voices appear or go away. */
    onchange(fn) {
      listeners.add(fn);
      fn(available);
      return () => listeners.delete(fn);
    },
    speak(text, { interrupt = true } = {}) {
      if (!available || !text) return;
      if (interrupt) synth.cancel();
      const u = new SpeechSynthesisUtterance(text);
      u.rate = 0.92;
      u.lang = document.documentElement.lang || "en";
      synth.speak(u);
    },
    cancel() {
      if (synth) synth.cancel();
    },
  };
}
