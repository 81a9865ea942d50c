// Phase tones, synthesised with Web Audio: src/web/sound.rs decides which tone and when; this
// plays it. One small class instead of a wasm import per Web Audio call (oscillator, gain, each
// ramp, connect, start, stop…): the glue and the wasm both come out smaller. No method throws:
// a tone that cannot play is skipped, as the Rust side did before, and an exception must never
// unwind through the wasm (it would leave the widget borrowed).

export class Tones {
  /** Throws when the page has no Web Audio (the widget then stays silent). */
  constructor() {
    const Context = globalThis.AudioContext ?? globalThis.webkitAudioContext;
    this.ctx = new Context();
  }

  /** Resume a context the browser created suspended (call from a user gesture). */
  wake() {
    try {
      this.ctx.resume().catch(() => {});
    } catch {}
  }

  /**
   * A sine tone of `freqHz`, rising to `gain` (0..1) in 12 ms and fading over `durationS` s,
   * starting `delayS` s from now (≤ 0: now).
   */
  play(freqHz, gain, durationS, delayS) {
    try {
      const ctx = this.ctx;
      const t0 = ctx.currentTime + Math.max(0, delayS);
      const osc = ctx.createOscillator();
      const amp = ctx.createGain();
      osc.type = "sine";
      osc.frequency.value = freqHz;
      amp.gain.setValueAtTime(0.0001, t0);
      amp.gain.exponentialRampToValueAtTime(gain, t0 + 0.012);
      amp.gain.exponentialRampToValueAtTime(0.0001, t0 + durationS);
      osc.connect(amp);
      amp.connect(ctx.destination);
      osc.start(t0);
      osc.stop(t0 + durationS + 0.02);
    } catch {}
  }

  /** Release the audio hardware. */
  close() {
    try {
      this.ctx.close().catch(() => {});
    } catch {}
  }
}
