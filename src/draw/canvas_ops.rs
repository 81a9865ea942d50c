//! A [`Scene`] flattened into one stream of 32-bit words for the web painter's JS replayer
//! (`src/web/replay.js`), which turns it into the canvas calls of the table in [`crate::scene`].
//!
//! Why: calling the canvas from wasm one method at a time costs a wasm→JS transition, a glue
//! function and a boxed number per argument for each of a frame's ~400 calls. One call per frame
//! that hands over this stream (read in place from wasm memory through a `Uint32Array` and a
//! `Float32Array` over the same words) costs less than a JS loop over the exported command
//! objects does (bench: render (a)/(b)).
//!
//! The encoder also decides which state setters a frame needs (those whose value the context
//! already holds are left out, as `bench/baseline.js` does with `elide`), and which strings the
//! replayer must learn: fonts and texts live in JS in numbered slots, and a [`op::SET_STR`] word
//! teaches a slot a new string (its UTF-8 bytes are in [`Ops::strs`]). A steady frame repeats
//! the strings of the previous one and so sets none. Pure and deterministic: no web types.
//!
//! Word layout: an opcode, then its operands; `f` is an `f32` (as its bits), `u` a `u32`.
//! | opcode | operands | canvas |
//! | --- | --- | --- |
//! | `CLEAR` | `f w, f h` | see `Clear` in [`crate::scene`] |
//! | `SAVE`, `RESTORE`, `BEGIN_PATH`, `CLOSE_PATH`, `CLIP`, `FILL`, `STROKE` | – | the method |
//! | `MOVE_TO`, `LINE_TO` | `f x, f y` | |
//! | `QUAD_TO` | `f cx, f cy, f x, f y` | `quadraticCurveTo` |
//! | `BEZIER_TO` | `f ×6` | `bezierCurveTo` |
//! | `ARC` | `f x, f y, f r ≥ 0, f start, f end, u ccw` | |
//! | `ELLIPSE` | `f x, f y, f rx ≥ 0, f ry ≥ 0, f rotation, f start, f end, u ccw` | |
//! | `RECT` | `f x, f y, f w, f h` | |
//! | `ROUND_RECT` | `f x, f y, f w, f h, f r ≥ 0` | |
//! | `ALPHA` | `f alpha` | `globalAlpha =` |
//! | `FILL_STYLE`, `STROKE_STYLE` | `u slot` | `fillStyle =` / `strokeStyle =` the slot's string |
//! | `LINE_WIDTH` | `f width` | `lineWidth =` |
//! | `FONT` | `u slot` | `font =` the slot's string |
//! | `TEXT_ALIGN` | `u 0 left, 1 center, 2 right` | `textAlign =` |
//! | `FILL_TEXT` | `u slot, f x, f y, f maxWidth` | `fillText` |
//! | `SET_STR` | `u slot, u start, u len` | slot ← UTF-8 of `strs[start..start + len]` (no canvas call) |
//! | `CLIP_CLEAR` | `u x, u y, u w, u h` (device px) | `save()`; in device px: clip to the rectangle, `fillRect` it with the background (after a `clearRect` when the background colour is not opaque); back to CSS px; the states of `CLEAR` (a partial frame, [`Encoder::encode_partial`]; it ends with `RESTORE`) |
//!
//! Slots 0..=3 hold the colours of [`Role`]s (`Bg`, `Rib`, `Accent`, `Text`), set by the painter
//! when it reads the theme; fonts and texts use the slots after them.

use crate::damage::{DeviceRect, Unit};
use crate::scene::{Align, Cmd, Role, Scene};

/// Opcodes (the first word of each command).
pub mod op {
    pub const CLEAR: u32 = 1;
    pub const SAVE: u32 = 2;
    pub const RESTORE: u32 = 3;
    pub const BEGIN_PATH: u32 = 4;
    pub const MOVE_TO: u32 = 5;
    pub const LINE_TO: u32 = 6;
    pub const QUAD_TO: u32 = 7;
    pub const BEZIER_TO: u32 = 8;
    pub const ARC: u32 = 9;
    pub const ELLIPSE: u32 = 10;
    pub const RECT: u32 = 11;
    pub const ROUND_RECT: u32 = 12;
    pub const CLOSE_PATH: u32 = 13;
    pub const CLIP: u32 = 14;
    pub const FILL: u32 = 15;
    pub const STROKE: u32 = 16;
    pub const FILL_TEXT: u32 = 17;
    pub const ALPHA: u32 = 18;
    pub const FILL_STYLE: u32 = 19;
    pub const STROKE_STYLE: u32 = 20;
    pub const LINE_WIDTH: u32 = 21;
    pub const FONT: u32 = 22;
    pub const TEXT_ALIGN: u32 = 23;
    pub const SET_STR: u32 = 24;
    pub const CLIP_CLEAR: u32 = 25;
}

/// Fonts kept in slots at once (a frame uses about six).
pub const FONT_SLOTS: u32 = 8;
/// Texts kept in slots at once (a frame draws about ten; titles, cues and labels repeat).
pub const TEXT_SLOTS: u32 = 32;
/// The first font slot (after the four colours).
pub const FIRST_FONT_SLOT: u32 = 4;
/// The first text slot.
pub const FIRST_TEXT_SLOT: u32 = FIRST_FONT_SLOT + FONT_SLOTS;
/// Every slot the replayer may be asked to hold.
pub const SLOTS: u32 = FIRST_TEXT_SLOT + TEXT_SLOTS;

/// The slot of a role's colour.
pub fn colour_slot(role: Role) -> u32 {
    match role {
        Role::Bg => 0,
        Role::Rib => 1,
        Role::Accent => 2,
        Role::Text => 3,
    }
}

/// The `font` string of a text command: `"600 18px system-ui, sans-serif"`.
pub fn font(size: f32, bold: bool) -> String {
    let mut s = String::from(if bold { "600 " } else { "400 " });
    {
        use std::fmt::Write;
        let _ = write!(s, "{size}");
    }
    s.push_str("px system-ui, sans-serif");
    s
}

/// One frame's words and the strings its `SET_STR`s refer to. Reused frame after frame: after
/// the first frames, encoding allocates nothing.
#[derive(Debug, Default)]
pub struct Ops {
    pub words: Vec<u32>,
    pub strs: String,
}

/// What the replayer's slots and the context hold between frames.
#[derive(Debug, Default)]
pub struct Encoder {
    /// (size bits, bold) of each font slot, in slot order.
    fonts: Vec<(u32, bool)>,
    next_font: usize,
    texts: Vec<String>,
    next_text: usize,
    /// Strings made ahead for the text slots not yet in use (see [`Encoder::new`]).
    spare: Vec<String>,
    /// The slot (index into `texts`) of the n-th text of the last frame: a steady frame draws
    /// the same texts in the same order, so each is found at the first comparison instead of
    /// by a search through every slot.
    recent: Vec<usize>,
    /// The font the context holds, as a slot (None: unknown, e.g. after a resize or `restore()`).
    font: Option<u32>,
}

/// State setters already issued in the current frame (None: unknown).
#[derive(Default)]
struct Held {
    alpha: Option<f32>,
    fill: Option<Role>,
    stroke: Option<Role>,
    width: Option<f32>,
    align: Option<Align>,
}

impl Ops {
    /// Appends one command's words.
    #[inline(always)]
    fn push<const N: usize>(&mut self, words: [u32; N]) {
        self.push_words(&words);
    }

    /// Appends words, shared by every opcode (out of line: inlining the copy at each of the
    /// encoder's two dozen call sites made its code half again as large).
    #[inline(never)]
    fn push_words(&mut self, words: &[u32]) {
        if self.words.capacity() - self.words.len() < words.len() {
            self.words.reserve(words.len().max(256));
        }
        self.words.extend_from_slice(words);
    }
}

fn f(v: f32) -> u32 {
    v.to_bits()
}

/// `v` clamped to ≥ 0, with NaN as 0 (a negative radius makes the canvas throw).
fn radius(v: f32) -> u32 {
    f(v.max(0.0))
}

impl Encoder {
    /// An encoder with room for every slot from the start, and a string for each text slot
    /// (64 bytes, what a label or a count needs): a session that meets its seventeenth text
    /// after an hour allocates nothing then, and so grows no wasm memory.
    pub fn new() -> Encoder {
        Encoder {
            fonts: Vec::with_capacity(FONT_SLOTS as usize),
            texts: Vec::with_capacity(TEXT_SLOTS as usize),
            recent: Vec::with_capacity(TEXT_SLOTS as usize),
            spare: (0..TEXT_SLOTS).map(|_| String::with_capacity(64)).collect(),
            ..Encoder::default()
        }
    }

    /// Forget which font the context holds (call after touching the context directly, or after
    /// resizing the canvas, which resets its state).
    pub fn forget_font(&mut self) {
        self.font = None;
    }

    /// Forget every string the replayer was taught, and the font: the next frame teaches what
    /// it draws again (call when a frame's words may not all have run, e.g. the replayer threw).
    pub fn forget_strings(&mut self) {
        self.fonts.clear();
        self.next_font = 0;
        self.spare.append(&mut self.texts);
        self.next_text = 0;
        self.recent.clear();
        self.font = None;
    }

    /// Encode every command of `scene` into `out` (cleared first).
    pub fn encode(&mut self, scene: &Scene, out: &mut Ops) {
        out.words.clear();
        out.strs.clear();
        let mut held = Held::default();
        let mut nth_text = 0;
        self.cmds(scene, scene.cmds(), &mut held, &mut nth_text, out);
    }

    /// Encode a partial frame into `out` (cleared first): clip to `rect` (device px) and paint
    /// the background there, then the `units` of `scene` (from [`crate::damage::Damage::units`])
    /// that meet `rect`, in order, without their `Clear`; then restore the context. Within
    /// `rect` the canvas gets the calls of a full frame (see [`crate::damage`]).
    pub fn encode_partial(
        &mut self,
        scene: &Scene,
        units: &[Unit],
        rect: DeviceRect,
        out: &mut Ops,
    ) {
        out.words.clear();
        out.strs.clear();
        out.push([op::CLIP_CLEAR, rect.x, rect.y, rect.w, rect.h]);
        let mut held = Held {
            alpha: Some(1.0),
            fill: Some(Role::Bg),
            ..Held::default()
        };
        self.font = None;
        let mut nth_text = 0;
        let all = scene.cmds();
        for u in units.iter().filter(|u| u.rect.meets(&rect)) {
            let mut run = &all[u.start as usize..u.end as usize];
            if let [Cmd::Clear { .. }, rest @ ..] = run {
                run = rest;
            }
            self.cmds(scene, run, &mut held, &mut nth_text, out);
        }
        out.push([op::RESTORE]);
        self.font = None;
    }

    /// Encode `cmds` (commands of `scene`), given the setters `held` and the texts drawn so far.
    fn cmds(
        &mut self,
        scene: &Scene,
        cmds: &[Cmd],
        held: &mut Held,
        nth_text: &mut usize,
        out: &mut Ops,
    ) {
        for cmd in cmds {
            match *cmd {
                Cmd::Clear { w, h } => {
                    out.push([op::CLEAR, f(w), f(h)]);
                    *held = Held {
                        alpha: Some(1.0),
                        fill: Some(Role::Bg),
                        ..Held::default()
                    };
                    self.font = None;
                }
                Cmd::Save => out.push([op::SAVE]),
                Cmd::Restore => {
                    out.push([op::RESTORE]);
                    *held = Held::default();
                    self.font = None;
                }
                Cmd::BeginPath => out.push([op::BEGIN_PATH]),
                Cmd::MoveTo { x, y } => out.push([op::MOVE_TO, f(x), f(y)]),
                Cmd::LineTo { x, y } => out.push([op::LINE_TO, f(x), f(y)]),
                Cmd::QuadTo { cx, cy, x, y } => out.push([op::QUAD_TO, f(cx), f(cy), f(x), f(y)]),
                Cmd::BezierTo {
                    c1x,
                    c1y,
                    c2x,
                    c2y,
                    x,
                    y,
                } => out.push([op::BEZIER_TO, f(c1x), f(c1y), f(c2x), f(c2y), f(x), f(y)]),
                Cmd::Arc {
                    x,
                    y,
                    r,
                    start,
                    end,
                    ccw,
                } => out.push([op::ARC, f(x), f(y), radius(r), f(start), f(end), ccw as u32]),
                Cmd::Ellipse {
                    x,
                    y,
                    rx,
                    ry,
                    rotation,
                    start,
                    end,
                    ccw,
                } => out.push([
                    op::ELLIPSE,
                    f(x),
                    f(y),
                    radius(rx),
                    radius(ry),
                    f(rotation),
                    f(start),
                    f(end),
                    ccw as u32,
                ]),
                Cmd::Rect { x, y, w, h } => out.push([op::RECT, f(x), f(y), f(w), f(h)]),
                Cmd::RoundRect { x, y, w, h, r } => {
                    out.push([op::ROUND_RECT, f(x), f(y), f(w), f(h), radius(r)])
                }
                Cmd::ClosePath => out.push([op::CLOSE_PATH]),
                Cmd::Clip => out.push([op::CLIP]),
                Cmd::Fill { paint } => {
                    held.set_alpha(paint.alpha, out);
                    held.set_fill(paint.role, out);
                    out.push([op::FILL]);
                }
                Cmd::Stroke { paint, width } => {
                    held.set_alpha(paint.alpha, out);
                    if held.stroke != Some(paint.role) {
                        out.push([op::STROKE_STYLE, colour_slot(paint.role)]);
                        held.stroke = Some(paint.role);
                    }
                    if held.width != Some(width) {
                        out.push([op::LINE_WIDTH, f(width)]);
                        held.width = Some(width);
                    }
                    out.push([op::STROKE]);
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
                    let font = self.font_slot(size, bold, out);
                    if self.font != Some(font) {
                        out.push([op::FONT, font]);
                        self.font = Some(font);
                    }
                    held.set_alpha(paint.alpha, out);
                    held.set_fill(paint.role, out);
                    if held.align != Some(align) {
                        let a = match align {
                            Align::Left => 0,
                            Align::Center => 1,
                            Align::Right => 2,
                        };
                        out.push([op::TEXT_ALIGN, a]);
                        held.align = Some(align);
                    }
                    let text = self.text_slot(*nth_text, scene.text(span), out);
                    *nth_text += 1;
                    out.push([op::FILL_TEXT, text, f(x), f(y), f(max_width)]);
                }
            }
        }
    }

    /// The slot holding the font (size, bold), teaching one when none does (oldest replaced).
    fn font_slot(&mut self, size: f32, bold: bool, out: &mut Ops) -> u32 {
        let key = (size.to_bits(), bold);
        let i = match self.fonts.iter().position(|k| *k == key) {
            Some(i) => i,
            None => {
                let i = if self.fonts.len() < FONT_SLOTS as usize {
                    self.fonts.push(key);
                    self.fonts.len() - 1
                } else {
                    let i = self.next_font;
                    self.next_font = (i + 1) % FONT_SLOTS as usize;
                    self.fonts[i] = key;
                    i
                };
                let slot = FIRST_FONT_SLOT + i as u32;
                if self.font == Some(slot) {
                    self.font = None; // the context holds the font this slot had
                }
                set_str(out, slot, &font(size, bold));
                i
            }
        };
        FIRST_FONT_SLOT + i as u32
    }

    /// The slot holding `text`, teaching one when none does (replaced round-robin). A slot a
    /// command earlier in the frame used can be taught again: the replayer runs the words in
    /// order, so that command has drawn by then.
    fn text_slot(&mut self, nth: usize, text: &str, out: &mut Ops) -> u32 {
        let last = self.recent.get(nth).copied();
        let same_as_last = last.filter(|&i| self.texts.get(i).is_some_and(|t| t == text));
        let i = match same_as_last.or_else(|| self.texts.iter().position(|t| t == text)) {
            Some(i) => i,
            None if self.texts.len() < TEXT_SLOTS as usize => {
                let mut t = self.spare.pop().unwrap_or_default();
                t.clear();
                t.push_str(text);
                self.texts.push(t);
                let i = self.texts.len() - 1;
                set_str(out, FIRST_TEXT_SLOT + i as u32, text);
                i
            }
            None => {
                let i = self.next_text;
                self.next_text = (i + 1) % TEXT_SLOTS as usize;
                let t = &mut self.texts[i];
                t.clear();
                t.push_str(text);
                set_str(out, FIRST_TEXT_SLOT + i as u32, text);
                i
            }
        };
        match self.recent.get_mut(nth) {
            Some(r) => *r = i,
            None => self.recent.push(i),
        }
        FIRST_TEXT_SLOT + i as u32
    }
}

fn set_str(out: &mut Ops, slot: u32, s: &str) {
    let start = out.strs.len() as u32;
    out.strs.push_str(s);
    out.push([op::SET_STR, slot, start, s.len() as u32]);
}

impl Held {
    #[inline(always)]
    fn set_alpha(&mut self, alpha: f32, out: &mut Ops) {
        if self.alpha != Some(alpha) {
            out.push([op::ALPHA, f(alpha)]);
            self.alpha = Some(alpha);
        }
    }
    #[inline(always)]
    fn set_fill(&mut self, role: Role, out: &mut Ops) {
        if self.fill != Some(role) {
            out.push([op::FILL_STYLE, colour_slot(role)]);
            self.fill = Some(role);
        }
    }
}
