//! First slice through every layer: a circle that breathes on a canvas, driven by animation frames.
use super::frame_loop::FrameLoop;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

struct Inner {
    ctx: CanvasRenderingContext2d,
    canvas: HtmlCanvasElement,
    t0: Option<f64>,
    frames: Option<FrameLoop>,
}

#[wasm_bindgen]
pub struct BreathFlow {
    inner: Rc<RefCell<Inner>>,
}

#[wasm_bindgen]
impl BreathFlow {
    #[wasm_bindgen(constructor)]
    pub fn new(canvas: HtmlCanvasElement) -> Result<BreathFlow, JsError> {
        let ctx = canvas
            .get_context("2d")
            .map_err(|_| JsError::new("canvas: 2d context unavailable"))?
            .ok_or_else(|| JsError::new("canvas: 2d context unavailable"))?
            .dyn_into::<CanvasRenderingContext2d>()
            .map_err(|_| JsError::new("canvas: 2d context unavailable"))?;
        let inner = Rc::new(RefCell::new(Inner { ctx, canvas, t0: None, frames: None }));
        let weak = Rc::downgrade(&inner);
        let frames = FrameLoop::new(move |ts| {
            let Some(inner) = weak.upgrade() else { return };
            let mut me = inner.borrow_mut();
            let t0 = *me.t0.get_or_insert(ts);
            draw(&me.ctx, &me.canvas, crate::demo_expansion(ts - t0));
            if let Some(f) = me.frames.as_ref() {
                f.request();
            }
        });
        inner.borrow_mut().frames = Some(frames);
        Ok(BreathFlow { inner })
    }

    pub fn start(&self) {
        if let Some(f) = self.inner.borrow().frames.as_ref() {
            f.request();
        }
    }

    pub fn destroy(&self) {
        self.inner.borrow_mut().frames.take();
    }
}

fn draw(ctx: &CanvasRenderingContext2d, canvas: &HtmlCanvasElement, e: f64) {
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    ctx.set_fill_style_str("#0b1d2a");
    ctx.fill_rect(0.0, 0.0, w, h);
    ctx.begin_path();
    let _ = ctx.arc(w / 2.0, h / 2.0, w.min(h) * (0.2 + 0.2 * e), 0.0, std::f64::consts::TAU);
    ctx.set_fill_style_str("#7fd1c7");
    ctx.fill();
}
