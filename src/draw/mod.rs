//! The drawing, as data: the rib-cage geometry and the overlay laid out into a [`scene::Scene`]
//! (a display list), what a frame shows at a session time, the repaint planning and the compact
//! canvas-op encoding the web layer replays. No canvas here: tests check the geometry natively.

pub mod canvas_ops;
pub mod damage;
pub mod frame_state;
pub mod input;
pub mod overlay;
pub mod ribcage;
pub mod scene;
pub mod words;
pub mod wrap;
