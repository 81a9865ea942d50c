//! Phase-change tones synthesised with Web Audio (no audio files), scheduled on the
//! AudioContext clock so they land on the boundary, not on the frame that noticed it. Which tone
//! and when is decided here (`crate::feedback::tone_for`); `src/web/tone.js` plays it.

use crate::feedback::tone_for;
use crate::pattern::PhaseKind;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

#[wasm_bindgen(module = "/src/web/tone.js")]
extern "C" {
    /// One AudioContext and the tones played on it (none of its methods throws).
    type Tones;
    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<Tones, JsValue>;
    #[wasm_bindgen(method)]
    fn wake(this: &Tones);
    #[wasm_bindgen(method)]
    fn play(this: &Tones, freq_hz: f64, gain: f64, duration_s: f64, delay_s: f64);
    #[wasm_bindgen(method)]
    fn close(this: &Tones);
}

/// One AudioContext per widget that has sound on, created on the first `start()` (a user
/// gesture, as autoplay rules require) and closed on drop.
pub struct Sound {
    tones: Tones,
}

impl Sound {
    /// None when the page has no Web Audio.
    pub fn new() -> Option<Sound> {
        Tones::new().ok().map(|tones| Sound { tones })
    }

    /// Resume a context the browser created suspended (call from a user gesture).
    pub fn wake(&self) {
        self.tones.wake();
    }

    /// Play the tone for `phase`, `delay_ms` from now (negative: already late, play now).
    pub fn play(&self, phase: PhaseKind, delay_ms: f64) {
        let tone = tone_for(phase);
        self.tones
            .play(tone.freq_hz, tone.gain, tone.duration_s, delay_ms / 1000.0);
    }
}

impl Drop for Sound {
    fn drop(&mut self) {
        self.tones.close();
    }
}
