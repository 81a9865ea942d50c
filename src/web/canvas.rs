//! Replays a [`Scene`] on a `CanvasRenderingContext2d`, and keeps the canvas's backing store
//! matched to its CSS size × devicePixelRatio so the drawing is crisp.
//!
//! Colours come from the canvas's CSS custom properties (`--bf-bg`, `--bf-rib`, `--bf-accent`,
//! `--bf-text`), read once per theme change rather than per frame; the fallbacks follow
//! `prefers-color-scheme`. A frame reaches the canvas in one call: `src/canvas_ops.rs` encodes the
//! scene into words in wasm memory (deciding the state setters, skipping those whose value the
//! context already holds, and the strings the replayer must learn) and `src/web/replay.js` reads
//! them in place and makes the canvas calls. A steady frame allocates nothing and decodes no
//! UTF-8. Only what changed is repainted (`src/damage.rs`). `bench/baseline.js` issues the
//! calls of a whole frame from JS (keep them in step).

use crate::canvas_ops::{colour_slot, Encoder, Ops};
use crate::damage::{Damage, Plan};
use crate::scene::{Role, Scene};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

#[wasm_bindgen(module = "/src/web/replay.js")]
extern "C" {
    /// Runs a frame's words (see `src/canvas_ops.rs`) on one canvas context.
    type Replayer;
    #[wasm_bindgen(constructor)]
    fn new(ctx: &CanvasRenderingContext2d, memory: &JsValue) -> Replayer;
    #[wasm_bindgen(method)]
    fn set(this: &Replayer, slot: u32, value: &JsValue);
    #[wasm_bindgen(method)]
    fn message(this: &Replayer, text: &str, font_px: f64);
    /// Throws only when the opcode tables are out of step (a bug): caught once per frame.
    #[wasm_bindgen(method, catch)]
    fn run(this: &Replayer, ptr: u32, len: u32, strs_ptr: u32, dpr: f64) -> Result<(), JsValue>;
}

/// Fallback palette when a custom property is not set: (light, dark).
const DEFAULTS: [(Role, &str, &str); 4] = [
    (Role::Bg, "#f4f7f6", "#0f1a20"),
    (Role::Rib, "#3d5a66", "#c9dde3"),
    (Role::Accent, "#1f8a7a", "#6fd3c2"),
    (Role::Text, "#15262d", "#eef5f6"),
];

/// A canvas and the replayer that draws on its 2d context (holding the resolved palette).
pub struct Painter {
    pub canvas: HtmlCanvasElement,
    replayer: Replayer,
    encoder: Encoder,
    /// The words of the frame being drawn.
    ops: Ops,
    /// The frame on the canvas, to repaint only what the next one changes.
    damage: Damage,
    /// CSS size of the canvas in px and the device pixel ratio used for the backing store.
    pub css_size: (f32, f32),
    pub dpr: f64,
    /// The backing store's size in device px.
    backing: (u32, u32),
    /// Repaint every changed frame whole (option `repaint: "whole"`).
    pub whole: bool,
    /// Whether the canvas still shows the last frame replayed: false until the first frame, and
    /// after anything that changes the pixels or their colours behind the scene's back (a new
    /// backing store, new theme colours, the failure message, a restored context).
    pub shows_last: bool,
}

impl Painter {
    /// Take the canvas's 2d context; errors name the `canvas` argument.
    pub fn new(canvas: HtmlCanvasElement) -> Result<Painter, String> {
        let ctx = canvas
            .get_context("2d")
            .ok()
            .flatten()
            // A "2d" context is always a CanvasRenderingContext2D (null when taken by WebGL).
            .map(|c| c.unchecked_into::<CanvasRenderingContext2d>())
            .ok_or("canvas: must be a <canvas> whose 2d context is available (not already used for WebGL)")?;
        let replayer = Replayer::new(&ctx, &wasm_bindgen::memory());
        let mut p = Painter {
            canvas,
            replayer,
            encoder: Encoder::new(),
            ops: Ops::default(),
            damage: Damage::new(),
            css_size: (0.0, 0.0),
            dpr: 1.0,
            backing: (0, 0),
            whole: false,
            shows_last: false,
        };
        p.read_theme();
        p.fit();
        Ok(p)
    }

    /// Re-read the `--bf-*` colours (call when the theme may have changed).
    pub fn read_theme(&mut self) {
        self.shows_last = false;
        let window = crate::web::dom::window();
        let dark = window
            .as_ref()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .is_some_and(|m| m.matches());
        let style = window
            .as_ref()
            .and_then(|w| w.get_computed_style(&self.canvas).ok().flatten());
        for (role, light, dark_c) in DEFAULTS {
            let custom = style
                .as_ref()
                .and_then(|s| s.get_property_value(role.css_var()).ok())
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty());
            let colour = custom.unwrap_or_else(|| if dark { dark_c } else { light }.to_string());
            self.replayer
                .set(colour_slot(role), &JsValue::from_str(&colour));
        }
    }

    /// Match the backing store to the CSS box × devicePixelRatio. Returns true when it changed.
    /// An unstyled canvas (no CSS size) keeps the size it was laid out at: its width/height
    /// attributes then size its box too, so the backing store would feed back into the layout
    /// (at a ratio of 2, 300 → 600 → 1200 … px, a frame each, until the context is lost). When
    /// setting the backing store moves the box, its CSS size is pinned to what it was.
    pub fn fit(&mut self) -> bool {
        let dpr = crate::web::dom::window()
            .map(|w| w.device_pixel_ratio())
            .unwrap_or(1.0)
            .max(0.25);
        let rect = self.canvas.get_bounding_client_rect();
        let (mut w, mut h) = (rect.width() as f32, rect.height() as f32);
        if w < 1.0 || h < 1.0 {
            // Not laid out (detached or display:none): keep the attribute size.
            w = (self.canvas.width() as f64 / self.dpr) as f32;
            h = (self.canvas.height() as f64 / self.dpr) as f32;
        }
        let (bw, bh) = (
            (w as f64 * dpr).round().max(1.0) as u32,
            (h as f64 * dpr).round().max(1.0) as u32,
        );
        let changed = self.canvas.width() != bw || self.canvas.height() != bh || self.dpr != dpr;
        if changed {
            self.canvas.set_width(bw);
            self.canvas.set_height(bh);
            self.shows_last = false;
            if rect.width() >= 1.0 && rect.height() >= 1.0 {
                // One layout read, only when the backing store changed (a resize, a new ratio).
                // A box sized by CSS on one side only follows the attributes' aspect ratio,
                // which the backing store keeps: only a side that moved is pinned.
                let now = self.canvas.get_bounding_client_rect();
                let style = self.canvas.style();
                if (now.width() - rect.width()).abs() >= 0.5 {
                    let _ = style.set_property("width", &format!("{}px", rect.width()));
                }
                if (now.height() - rect.height()).abs() >= 0.5 {
                    let _ = style.set_property("height", &format!("{}px", rect.height()));
                }
            }
        }
        self.css_size = (bw as f32 / dpr as f32, bh as f32 / dpr as f32);
        self.dpr = dpr;
        self.backing = (bw, bh);
        changed
    }

    /// Draw `scene`, scaled from CSS px to device px: encode it (the core decides the state
    /// setters and strings) and hand the words to the replayer in one call.
    ///
    /// Only what changed is drawn ([`Damage::plan`]): a frame like the one on the canvas is not
    /// drawn at all (holds, poses and rests repeat the same picture for up to a second at a
    /// time), and a frame that moves only the cage and the ring repaints the rectangle around
    /// them, not the texts and background around it. Each drawing costs the canvas calls and a
    /// raster of the pixels it covers.
    pub fn replay(&mut self, scene: &Scene) {
        if !self.shows_last {
            self.damage.invalidate();
        }
        let (bw, bh) = self.backing;
        match self.damage.plan(scene, self.dpr as f32, bw, bh) {
            Plan::Same => return,
            Plan::Partial(rect) if !self.whole => {
                self.encoder
                    .encode_partial(scene, self.damage.units(), rect, &mut self.ops)
            }
            Plan::Full | Plan::Partial(_) => self.encoder.encode(scene, &mut self.ops),
        }
        self.shows_last = true;
        let words = &self.ops.words;
        let r = self.replayer.run(
            words.as_ptr() as u32,
            words.len() as u32,
            self.ops.strs.as_ptr() as u32,
            self.dpr,
        );
        if let Err(e) = r {
            // Not all of it may be on the canvas, nor every string it taught in the replayer.
            self.shows_last = false;
            self.encoder.forget_strings();
            web_sys::console::error_2(&"breathflow: drawing failed:".into(), &e);
        }
    }

    /// Paint a short message centred on the canvas (used once the module has failed): the
    /// background colour, and the text in the text colour at 10–18 px (times the device pixel
    /// ratio) as the canvas is wide.
    pub fn message(&mut self, text: &str) {
        let w = self.canvas.width() as f64;
        let px = (w / 28.0).clamp(10.0, 18.0) * self.dpr;
        self.replayer.message(text, px);
        self.shows_last = false;
        self.encoder.forget_font();
    }
}
