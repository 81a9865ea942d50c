//! What the optional sound and vibration say at each phase change: pure data, so the mapping is
//! tested natively and the web layer only plays it.

use crate::pattern::PhaseKind;

/// A short synthesised tone: a sine at `freq_hz` with a fast attack and an exponential release.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tone {
    /// Pitch in Hz: higher for an inhale, lower for an exhale.
    pub freq_hz: f64,
    /// Length of the tone in seconds, attack included.
    pub duration_s: f64,
    /// Peak gain 0..=1 (kept low: the tone accompanies, it does not alarm).
    pub gain: f64,
}

/// The tone announcing the start of a phase.
pub fn tone_for(phase: PhaseKind) -> Tone {
    match phase {
        PhaseKind::Inhale => Tone {
            freq_hz: 528.0,
            duration_s: 0.35,
            gain: 0.18,
        },
        PhaseKind::Exhale => Tone {
            freq_hz: 352.0,
            duration_s: 0.45,
            gain: 0.18,
        },
        // A soft tick for either hold.
        PhaseKind::HoldIn | PhaseKind::HoldOut => Tone {
            freq_hz: 880.0,
            duration_s: 0.06,
            gain: 0.08,
        },
    }
}

/// `navigator.vibrate` pattern (ms on, off, on, …) for the start of a phase: one pulse for an
/// inhale, two for an exhale, nothing for holds.
pub fn vibration_for(phase: PhaseKind) -> &'static [u32] {
    match phase {
        PhaseKind::Inhale => &[70],
        PhaseKind::Exhale => &[50, 90, 50],
        PhaseKind::HoldIn | PhaseKind::HoldOut => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inhale_is_higher_than_exhale_and_holds_are_ticks() {
        assert!(tone_for(PhaseKind::Inhale).freq_hz > tone_for(PhaseKind::Exhale).freq_hz);
        let tick = tone_for(PhaseKind::HoldIn);
        assert!(tick.duration_s < 0.1 && tick.gain < tone_for(PhaseKind::Inhale).gain);
        assert_eq!(tone_for(PhaseKind::HoldIn), tone_for(PhaseKind::HoldOut));
    }

    #[test]
    fn one_pulse_in_two_pulses_out() {
        assert_eq!(vibration_for(PhaseKind::Inhale).len(), 1);
        assert_eq!(
            vibration_for(PhaseKind::Exhale).iter().step_by(2).count(),
            2
        );
        assert!(vibration_for(PhaseKind::HoldOut).is_empty());
    }
}
