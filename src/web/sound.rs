//! Phase-change tones synthesised with Web Audio (no audio files), scheduled on the
//! AudioContext clock so they land on the boundary, not on the frame that noticed it.

use crate::feedback::tone_for;
use crate::pattern::PhaseKind;
use web_sys::{AudioContext, OscillatorType};

/// One AudioContext per widget that has sound on, created on the first `start()` (a user
/// gesture, as autoplay rules require) and closed on drop.
pub struct Sound {
    ctx: AudioContext,
}

impl Sound {
    pub fn new() -> Option<Sound> {
        AudioContext::new().ok().map(|ctx| Sound { ctx })
    }

    /// Resume a context the browser created suspended (call from a user gesture).
    pub fn wake(&self) {
        let _ = self.ctx.resume();
    }

    /// Play the tone for `phase`, `delay_ms` from now (negative: already late, play now).
    pub fn play(&self, phase: PhaseKind, delay_ms: f64) {
        let tone = tone_for(phase);
        let t0 = self.ctx.current_time() + (delay_ms / 1000.0).max(0.0);
        let (Ok(osc), Ok(gain)) = (self.ctx.create_oscillator(), self.ctx.create_gain()) else {
            return;
        };
        osc.set_type(OscillatorType::Sine);
        osc.frequency().set_value(tone.freq_hz as f32);
        let g = gain.gain();
        let _ = g.set_value_at_time(0.0001, t0);
        let _ = g.exponential_ramp_to_value_at_time(tone.gain as f32, t0 + 0.012);
        let _ = g.exponential_ramp_to_value_at_time(0.0001, t0 + tone.duration_s);
        if osc.connect_with_audio_node(&gain).is_err() {
            return;
        }
        if gain
            .connect_with_audio_node(&self.ctx.destination())
            .is_err()
        {
            return;
        }
        let _ = osc.start_with_when(t0);
        let _ = osc.stop_with_when(t0 + tone.duration_s + 0.02);
    }
}

impl Drop for Sound {
    fn drop(&mut self) {
        let _ = self.ctx.close();
    }
}
