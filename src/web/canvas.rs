//! Replays a [`Scene`] on a `CanvasRenderingContext2d`, and keeps the canvas's backing store
//! matched to its CSS size × devicePixelRatio so the drawing is crisp.
//!
//! Colours come from the canvas's CSS custom properties (`--bf-bg`, `--bf-rib`, `--bf-accent`,
//! `--bf-text`), read once per theme change rather than per frame; the fallbacks follow
//! `prefers-color-scheme`. Every string the canvas is handed is a JS string made once and kept
//! (colours, fixed state values, fonts, and the texts drawn lately, in small bounded caches), so a
//! steady frame allocates nothing and decodes no UTF-8; setters whose value the context already
//! holds are skipped. `bench/baseline.js` replays the same way (keep them in step).

use crate::scene::{Align, Cmd, Role, Scene};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

// The same canvas members as web-sys's, but taking a JS string the painter already holds: web-sys's
// `&str` versions copy and decode the UTF-8 into a new JS string (TextDecoder) on every call.
#[wasm_bindgen]
extern "C" {
    /// The same object as `CanvasRenderingContext2d` (`ctx.unchecked_ref::<Ctx>()`).
    #[wasm_bindgen(js_name = CanvasRenderingContext2D)]
    type Ctx;
    #[wasm_bindgen(method, setter = font)]
    fn set_font_js(this: &Ctx, v: &JsValue);
    #[wasm_bindgen(method, setter = textAlign)]
    fn set_text_align_js(this: &Ctx, v: &JsValue);
    #[wasm_bindgen(method, setter = lineCap)]
    fn set_line_cap_js(this: &Ctx, v: &JsValue);
    #[wasm_bindgen(method, setter = lineJoin)]
    fn set_line_join_js(this: &Ctx, v: &JsValue);
    #[wasm_bindgen(method, setter = textBaseline)]
    fn set_text_baseline_js(this: &Ctx, v: &JsValue);
    #[wasm_bindgen(method, js_name = roundRect)]
    fn round_rect_js(this: &Ctx, x: f64, y: f64, w: f64, h: f64, r: f64);
    #[wasm_bindgen(method, js_name = fillText)]
    fn fill_text_js(this: &Ctx, text: &JsValue, x: f64, y: f64, max_width: f64);
}

/// JS strings made once: the fixed state values, one per font in use, and the texts drawn lately
/// (titles, cues and labels repeat frame after frame). Bounded, so memory stops growing.
struct JsStrings {
    round: JsValue,
    middle: JsValue,
    align: [JsValue; 3],
    fonts: Vec<((u32, bool), JsValue)>,
    texts: Vec<(String, JsValue)>,
    next_text: usize,
}

const MAX_FONTS: usize = 8;
const MAX_TEXTS: usize = 32;

impl JsStrings {
    fn new() -> JsStrings {
        JsStrings {
            round: JsValue::from_str("round"),
            middle: JsValue::from_str("middle"),
            align: [Align::Left, Align::Center, Align::Right]
                .map(|a| JsValue::from_str(a.as_str())),
            fonts: Vec::with_capacity(MAX_FONTS),
            texts: Vec::with_capacity(MAX_TEXTS),
            next_text: 0,
        }
    }

    fn align(&self, a: Align) -> &JsValue {
        &self.align[match a {
            Align::Left => 0,
            Align::Center => 1,
            Align::Right => 2,
        }]
    }

    fn font(&mut self, size: f32, bold: bool) -> &JsValue {
        let key = (size.to_bits(), bold);
        let i = match self.fonts.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                let weight = if bold { "600" } else { "400" };
                let v = JsValue::from_str(&format!(
                    "{weight} {}px system-ui, sans-serif",
                    crate::json::fmt_f32(size)
                ));
                if self.fonts.len() == MAX_FONTS {
                    self.fonts.remove(0);
                }
                self.fonts.push((key, v));
                self.fonts.len() - 1
            }
        };
        &self.fonts[i].1
    }

    fn text(&mut self, text: &str) -> &JsValue {
        let i = match self.texts.iter().position(|(t, _)| t == text) {
            Some(i) => i,
            None if self.texts.len() < MAX_TEXTS => {
                self.texts.push((text.to_string(), JsValue::from_str(text)));
                self.texts.len() - 1
            }
            None => {
                // Replace round-robin, reusing the String's buffer.
                let i = self.next_text;
                self.next_text = (i + 1) % MAX_TEXTS;
                let e = &mut self.texts[i];
                e.0.clear();
                e.0.push_str(text);
                e.1 = JsValue::from_str(text);
                i
            }
        };
        &self.texts[i].1
    }
}

/// Fallback palette when a custom property is not set: (light, dark).
const DEFAULTS: [(Role, &str, &str); 4] = [
    (Role::Bg, "#f4f7f6", "#0f1a20"),
    (Role::Rib, "#3d5a66", "#c9dde3"),
    (Role::Accent, "#1f8a7a", "#6fd3c2"),
    (Role::Text, "#15262d", "#eef5f6"),
];

/// A canvas, its 2d context and the resolved palette.
pub struct Painter {
    pub canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    colours: [JsValue; 4],
    strings: JsStrings,
    font_key: (u32, bool),
    /// CSS size of the canvas in px and the device pixel ratio used for the backing store.
    pub css_size: (f32, f32),
    pub dpr: f64,
}

fn role_index(r: Role) -> usize {
    match r {
        Role::Bg => 0,
        Role::Rib => 1,
        Role::Accent => 2,
        Role::Text => 3,
    }
}

impl Painter {
    /// Take the canvas's 2d context; errors name the `canvas` argument.
    pub fn new(canvas: HtmlCanvasElement) -> Result<Painter, String> {
        let ctx = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
            .ok_or("canvas: must be a <canvas> whose 2d context is available (not already used for WebGL)")?;
        let mut p = Painter {
            canvas,
            ctx,
            colours: Default::default(),
            strings: JsStrings::new(),
            font_key: (0, false),
            css_size: (0.0, 0.0),
            dpr: 1.0,
        };
        p.read_theme();
        p.fit();
        Ok(p)
    }

    /// Re-read the `--bf-*` colours (call when the theme may have changed).
    pub fn read_theme(&mut self) {
        let window = web_sys::window();
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
            self.colours[role_index(role)] = JsValue::from_str(&colour);
        }
    }

    /// Match the backing store to the CSS box × devicePixelRatio. Returns true when it changed.
    /// An unstyled canvas (no CSS size) keeps its width/height attributes as its CSS size.
    pub fn fit(&mut self) -> bool {
        let dpr = web_sys::window()
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
        }
        self.css_size = (bw as f32 / dpr as f32, bh as f32 / dpr as f32);
        self.dpr = dpr;
        changed
    }

    /// Draw every command of `scene`, scaled from CSS px to device px.
    // Colours are passed as cached JS strings: the `JsValue` setters are deprecated in favour of
    // `_str` ones, which would re-encode the same string on every call of every frame.
    #[allow(deprecated)]
    pub fn replay(&mut self, scene: &Scene) {
        let ctx = &self.ctx;
        let cx: &Ctx = ctx.unchecked_ref();
        let _ = ctx.set_transform(self.dpr, 0.0, 0.0, self.dpr, 0.0, 0.0);
        // What the context holds now, to skip setters that would change nothing (unknown: None).
        let mut alpha: Option<f32> = None;
        let mut fill: Option<Role> = None;
        let mut stroke: Option<Role> = None;
        let mut width: Option<f32> = None;
        let mut text_align: Option<Align> = None;
        for cmd in scene.cmds() {
            match *cmd {
                Cmd::Clear { w, h } => {
                    let (w, h) = (w as f64, h as f64);
                    ctx.set_global_alpha(1.0);
                    ctx.set_fill_style(&self.colours[role_index(Role::Bg)]);
                    // Always clear, even under an opaque background: a full-canvas clearRect is
                    // what lets Chromium drop the drawing still queued from earlier frames. An
                    // opaque fillRect alone does not, so a host ticking a manual clock many times
                    // between presentations stalled for ~1 s every ~540 frames while the queue
                    // was rasterised (bench: memory, the manual-clock hour).
                    ctx.clear_rect(0.0, 0.0, w, h);
                    ctx.fill_rect(0.0, 0.0, w, h);
                    cx.set_line_cap_js(&self.strings.round);
                    cx.set_line_join_js(&self.strings.round);
                    cx.set_text_baseline_js(&self.strings.middle);
                    alpha = Some(1.0);
                    (fill, stroke, width, text_align) = (Some(Role::Bg), None, None, None);
                    // Resizing the canvas resets its state, font included: set it afresh.
                    self.font_key = (0, false);
                }
                Cmd::Save => ctx.save(),
                Cmd::Restore => {
                    ctx.restore();
                    self.font_key = (0, false);
                    (alpha, fill, stroke, width, text_align) = (None, None, None, None, None);
                }
                Cmd::BeginPath => ctx.begin_path(),
                Cmd::MoveTo { x, y } => ctx.move_to(x as f64, y as f64),
                Cmd::LineTo { x, y } => ctx.line_to(x as f64, y as f64),
                Cmd::QuadTo { cx, cy, x, y } => {
                    ctx.quadratic_curve_to(cx as f64, cy as f64, x as f64, y as f64)
                }
                Cmd::BezierTo {
                    c1x,
                    c1y,
                    c2x,
                    c2y,
                    x,
                    y,
                } => ctx.bezier_curve_to(
                    c1x as f64, c1y as f64, c2x as f64, c2y as f64, x as f64, y as f64,
                ),
                Cmd::Arc {
                    x,
                    y,
                    r,
                    start,
                    end,
                    ccw,
                } => {
                    let _ = ctx.arc_with_anticlockwise(
                        x as f64,
                        y as f64,
                        r.max(0.0) as f64,
                        start as f64,
                        end as f64,
                        ccw,
                    );
                }
                Cmd::Ellipse {
                    x,
                    y,
                    rx,
                    ry,
                    rotation,
                    start,
                    end,
                    ccw,
                } => {
                    let _ = ctx.ellipse_with_anticlockwise(
                        x as f64,
                        y as f64,
                        rx.max(0.0) as f64,
                        ry.max(0.0) as f64,
                        rotation as f64,
                        start as f64,
                        end as f64,
                        ccw,
                    );
                }
                Cmd::Rect { x, y, w, h } => ctx.rect(x as f64, y as f64, w as f64, h as f64),
                Cmd::RoundRect { x, y, w, h, r } => {
                    cx.round_rect_js(x as f64, y as f64, w as f64, h as f64, r.max(0.0) as f64)
                }
                Cmd::ClosePath => ctx.close_path(),
                Cmd::Clip => ctx.clip(),
                Cmd::Fill { paint } => {
                    if alpha != Some(paint.alpha) {
                        ctx.set_global_alpha(paint.alpha as f64);
                        alpha = Some(paint.alpha);
                    }
                    if fill != Some(paint.role) {
                        ctx.set_fill_style(&self.colours[role_index(paint.role)]);
                        fill = Some(paint.role);
                    }
                    ctx.fill();
                }
                Cmd::Stroke { paint, width: w } => {
                    if alpha != Some(paint.alpha) {
                        ctx.set_global_alpha(paint.alpha as f64);
                        alpha = Some(paint.alpha);
                    }
                    if stroke != Some(paint.role) {
                        ctx.set_stroke_style(&self.colours[role_index(paint.role)]);
                        stroke = Some(paint.role);
                    }
                    if width != Some(w) {
                        ctx.set_line_width(w as f64);
                        width = Some(w);
                    }
                    ctx.stroke();
                }
                Cmd::Text {
                    span,
                    x,
                    y,
                    size,
                    bold,
                    align,
                    paint,
                    max_width,
                } => {
                    let key = (size.to_bits(), bold);
                    if self.font_key != key {
                        cx.set_font_js(self.strings.font(size, bold));
                        self.font_key = key;
                    }
                    if alpha != Some(paint.alpha) {
                        ctx.set_global_alpha(paint.alpha as f64);
                        alpha = Some(paint.alpha);
                    }
                    if fill != Some(paint.role) {
                        ctx.set_fill_style(&self.colours[role_index(paint.role)]);
                        fill = Some(paint.role);
                    }
                    if text_align != Some(align) {
                        cx.set_text_align_js(self.strings.align(align));
                        text_align = Some(align);
                    }
                    cx.fill_text_js(
                        self.strings.text(scene.text(span)),
                        x as f64,
                        y as f64,
                        max_width as f64,
                    );
                }
            }
        }
    }

    #[allow(deprecated)]
    /// Paint a short message centred on the canvas (used once the module has failed).
    pub fn message(&mut self, text: &str) {
        let ctx = &self.ctx;
        let (w, h) = (self.canvas.width() as f64, self.canvas.height() as f64);
        let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        ctx.set_global_alpha(1.0);
        ctx.set_fill_style(&self.colours[0]);
        ctx.fill_rect(0.0, 0.0, w, h);
        ctx.set_fill_style(&self.colours[3]);
        ctx.set_text_align("center");
        ctx.set_text_baseline("middle");
        ctx.set_font(&format!(
            "400 {}px system-ui, sans-serif",
            crate::json::fmt_number((w / 28.0).clamp(10.0, 18.0) * self.dpr)
        ));
        let _ = ctx.fill_text_with_max_width(text, w / 2.0, h / 2.0, w * 0.9);
        self.font_key = (0, false);
    }
}
