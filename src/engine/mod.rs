//! The engine that runs a practice in time, sans-IO: every answer is a function of milliseconds
//! since the session began (the caller owns the clock). The pacer (one pattern), the flow's
//! timeline, the session (a pattern or a flow with its countdown), the player (start, pause,
//! hidden-page policy, events), the host-facing state and the nap / wake / sound schedule.

pub mod clock;
pub mod ease;
pub mod feedback;
pub mod options;
pub mod pacer;
pub mod plan;
pub mod player;
pub mod schedule;
pub mod session;
pub mod state;
