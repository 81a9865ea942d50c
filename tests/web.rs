//! Browser tests for the web shell, run by wasm-bindgen-test-runner in headless Chromium:
//! `cargo test --target wasm32-unknown-unknown --test web`.
#![cfg(target_arch = "wasm32")]

use breathflow::web::{api, BreathFlow, Pacer};
use js_sys::{Array, Function, Object, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

fn canvas(size: u32) -> HtmlCanvasElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let c: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    c.set_width(size);
    c.set_height(size);
    doc.body().unwrap().append_child(&c).unwrap();
    c
}

/// A canvas with a CSS size too (so the widget fits its backing store to it, × devicePixelRatio).
fn css_canvas(px: u32) -> HtmlCanvasElement {
    let c = canvas(px);
    c.style().set_property("width", &format!("{px}px")).unwrap();
    c.style()
        .set_property("height", &format!("{px}px"))
        .unwrap();
    c
}

fn json(s: &str) -> JsValue {
    js_sys::JSON::parse(s).unwrap()
}

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &k.into()).unwrap()
}

fn pixels(c: &HtmlCanvasElement) -> Vec<u8> {
    let ctx: CanvasRenderingContext2d = c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    ctx.get_image_data(0.0, 0.0, c.width() as f64, c.height() as f64)
        .unwrap()
        .data()
        .0
}

/// Resolve after `n` animation frames.
async fn frames(n: u32) {
    for _ in 0..n {
        let p = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .request_animation_frame(&resolve)
                .unwrap();
        });
        JsFuture::from(p).await.unwrap();
    }
}

/// Let the page's event loop run (a `setTimeout(0)` task): a long test yields now and then so
/// the test driver, which polls the page and gives up after 30 s without an answer, is answered.
async fn yield_to_driver() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback(&resolve)
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

/// Error message of a thrown JsError, asserting it is a real `Error`.
fn message(e: JsError) -> String {
    let v: JsValue = e.into();
    let err = v.dyn_ref::<js_sys::Error>().expect("an Error instance");
    String::from(err.message())
}

/// Collect event details of `kind` from `on()` into a shared list.
fn collect(flow: &BreathFlow, kind: &str) -> (Rc<RefCell<Vec<JsValue>>>, Function) {
    let list = Rc::new(RefCell::new(Vec::new()));
    let l2 = list.clone();
    let cb = Closure::<dyn FnMut(JsValue)>::new(move |d: JsValue| l2.borrow_mut().push(d));
    let off = flow.on(kind.into(), cb.as_ref().clone()).unwrap();
    cb.forget(); // test-only: lives for the test page
    (list, off)
}

#[wasm_bindgen_test]
fn constructs_draws_and_destroys() {
    let c = canvas(200);
    let flow = BreathFlow::new(
        c.clone().into(),
        json(r#"{"pattern":"box","clock":"manual"}"#),
    )
    .unwrap();
    flow.tick(0.0).unwrap();
    assert!(
        pixels(&c).chunks(4).any(|p| p[3] != 0),
        "something was drawn"
    );
    flow.destroy();
    flow.destroy(); // harmless
    assert!(message(flow.tick(10.0).unwrap_err()).contains("destroyed"));
    assert!(message(flow.state().map(|_| ()).unwrap_err()).contains("destroyed"));
}

#[wasm_bindgen_test]
fn a_manual_hour_of_4_7_8_fires_exactly_the_expected_events() {
    let c = canvas(120);
    let flow = BreathFlow::new(
        c.into(),
        json(r#"{"pattern":"4-7-8","seconds":3600,"clock":"manual"}"#),
    )
    .unwrap();
    let (phases, _) = collect(&flow, "phase");
    let (breaths, _) = collect(&flow, "breath");
    let (complete, _) = collect(&flow, "complete");
    // Irregular steps (as a host clock would give), never landing on the boundaries on purpose.
    let mut t = 0.0;
    let mut k = 0u32;
    while t < 3_700_000.0 {
        flow.tick(t).unwrap();
        k += 1;
        t += 97.0 + (k % 7) as f64 * 53.3;
    }
    flow.tick(3_700_000.0).unwrap();
    // 3600 s / 19 s per breath → the first breath ending at or after 3600 s is breath 190 (3610 s).
    let n = 190u64;
    let phases = phases.borrow();
    assert_eq!(phases.len() as u64, n * 3);
    for (i, p) in phases.iter().enumerate() {
        let b = i as u64 / 3;
        let (want_phase, off) = [("inhale", 0), ("hold-in", 4000), ("exhale", 11_000)][i % 3];
        assert_eq!(get(p, "phase").as_string().unwrap(), want_phase);
        assert_eq!(
            get(p, "atMs").as_f64().unwrap() as u64,
            b * 19_000 + off,
            "phase event {i}"
        );
        assert_eq!(get(p, "breath").as_f64().unwrap() as u64, b);
        assert_eq!(get(p, "phaseIndex").as_f64().unwrap() as usize, i % 3);
    }
    let breaths = breaths.borrow();
    assert_eq!(breaths.len() as u64, n);
    for (i, b) in breaths.iter().enumerate() {
        assert_eq!(get(b, "breath").as_f64().unwrap() as u64, i as u64 + 1);
        assert_eq!(
            get(b, "atMs").as_f64().unwrap() as u64,
            (i as u64 + 1) * 19_000
        );
    }
    let complete = complete.borrow();
    assert_eq!(complete.len(), 1);
    assert_eq!(
        get(&complete[0], "atMs").as_f64(),
        Some(n as f64 * 19_000.0)
    );
    assert_eq!(
        get(&flow.state().unwrap(), "status").as_string().unwrap(),
        "done"
    );
    flow.destroy();
}

#[wasm_bindgen_test]
fn scrubbing_backward_redraws_without_events_and_same_time_gives_same_pixels() {
    let c = canvas(160);
    let flow = BreathFlow::new(
        c.clone().into(),
        json(r#"{"pattern":"4-7-8","clock":"manual"}"#),
    )
    .unwrap();
    let (phases, _) = collect(&flow, "phase");
    flow.tick(0.0).unwrap();
    let at0 = pixels(&c);
    flow.tick(4000.0).unwrap(); // end of the inhale: expansion 1
    let at1 = pixels(&c);
    assert_eq!(get(&flow.state().unwrap(), "expansion").as_f64(), Some(1.0));
    assert_ne!(at0, at1, "pixels differ between expansion 0 and 1");
    let fired = phases.borrow().len();
    flow.tick(0.0).unwrap();
    assert_eq!(
        phases.borrow().len(),
        fired,
        "a backward move fires nothing"
    );
    assert_eq!(
        pixels(&c),
        at0,
        "the same session time yields the same pixels"
    );
    flow.destroy();
}

#[wasm_bindgen_test]
fn two_instances_are_independent() {
    let (ca, cb) = (canvas(100), canvas(100));
    let a = BreathFlow::new(ca.into(), json(r#"{"pattern":"box","clock":"manual"}"#)).unwrap();
    let b = BreathFlow::new(
        cb.into(),
        json(r#"{"flow":"mobilize-ribs","clock":"manual"}"#),
    )
    .unwrap();
    let (pa, _) = collect(&a, "phase");
    let (sb, _) = collect(&b, "step");
    a.tick(9000.0).unwrap();
    assert_eq!(pa.borrow().len(), 3);
    assert!(sb.borrow().is_empty());
    assert_eq!(
        get(&b.state().unwrap(), "status").as_string().unwrap(),
        "idle"
    );
    b.tick(6000.0).unwrap();
    assert_eq!(get(&sb.borrow()[0], "id").as_string().unwrap(), "lie-down");
    a.destroy();
    // b keeps working after a is destroyed, and a failed call on one leaves the other intact.
    assert!(a.tick(1.0).is_err());
    b.tick(7000.0).unwrap();
    assert_eq!(
        get(&b.state().unwrap(), "status").as_string().unwrap(),
        "running"
    );
    b.destroy();
}

/// Records the MediaQueryLists `window.matchMedia` hands out until `restore()`.
struct MediaCapture(JsValue);

fn capture_media() -> MediaCapture {
    let rec = Function::new_with_args(
        "win",
        "const orig = win.matchMedia; const got = []; \
         win.matchMedia = function (q) { const m = orig.call(this, q); got.push(m); return m; }; \
         return { got, restore() { win.matchMedia = orig; } };",
    )
    .call1(&JsValue::NULL, &web_sys::window().unwrap())
    .unwrap();
    MediaCapture(rec)
}

impl MediaCapture {
    /// Put `matchMedia` back; returns the lists handed out meanwhile.
    fn restore(self) -> Vec<web_sys::MediaQueryList> {
        get(&self.0, "restore")
            .unchecked_into::<Function>()
            .call0(&self.0)
            .unwrap();
        Array::from(&get(&self.0, "got"))
            .iter()
            .map(JsCast::unchecked_into)
            .collect()
    }
}

fn change(target: &web_sys::MediaQueryList) {
    target
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

/// Wrap `window[name]` (or `document[name]`) with a counter; returns the counter reader.
fn spy(target: &JsValue, name: &str) -> Function {
    let f = Function::new_with_args(
        "target, name",
        "const orig = target[name]; let n = 0; \
         target[name] = function (...a) { n++; return orig.apply(this, a); }; \
         return () => n;",
    );
    f.call2(&JsValue::NULL, target, &name.into())
        .unwrap()
        .dyn_into()
        .unwrap()
}

fn count(reader: &Function) -> u32 {
    reader.call0(&JsValue::NULL).unwrap().as_f64().unwrap() as u32
}

#[wasm_bindgen_test]
async fn after_destroy_no_frame_is_requested_and_no_listener_remains() {
    let window: JsValue = web_sys::window().unwrap().into();
    let document: JsValue = web_sys::window().unwrap().document().unwrap().into();
    let raf = spy(&window, "requestAnimationFrame");
    let added = spy(&document, "addEventListener");
    let removed = spy(&document, "removeEventListener");
    let c = canvas(100);
    let flow = BreathFlow::new(c.into(), json(r#"{"pattern":"box"}"#)).unwrap();
    assert_eq!(
        count(&added) - count(&removed),
        1,
        "one visibilitychange listener"
    );
    let before = count(&raf);
    flow.start().unwrap();
    frames(3).await;
    assert!(count(&raf) > before, "a running widget requests frames");
    flow.pause().unwrap();
    frames(1).await;
    let paused = count(&raf);
    frames(3).await;
    // Only our own `frames()` helper calls requestAnimationFrame while paused.
    assert_eq!(count(&raf) - paused, 3, "no frames while paused");
    flow.resume().unwrap();
    frames(2).await;
    flow.destroy();
    let at_destroy = count(&raf);
    frames(3).await;
    assert_eq!(count(&raf) - at_destroy, 3, "no frames after destroy");
    assert_eq!(
        count(&added),
        count(&removed),
        "every listener added was removed"
    );
}

#[wasm_bindgen_test]
fn bad_options_and_flows_throw_errors_naming_the_field() {
    let c = canvas(50);
    let cases = [
        (
            r#"{"pattern":"box","breaths":0}"#,
            "options.breaths: must be 1–10000",
        ),
        (
            r#"{"pattern":"nope"}"#,
            "options.pattern: unknown pattern id",
        ),
        (
            r#"{"pattern":"box","flow":"mobilize-ribs"}"#,
            "either pattern or flow",
        ),
        (r#"{"pattern":"box","clock":"sundial"}"#, "options.clock"),
        (
            r#"{"pattern":"box","colour":"red"}"#,
            "options.colour: unknown field",
        ),
        (
            r#"{"flow":"mobilize-ribs","conditions":["flu"]}"#,
            "options.conditions[0]: unknown condition",
        ),
        (
            r#"{"flow":{"title":"x","steps":[{"kind":"rest","seconds":-5}]}}"#,
            "options.flow.steps[0].seconds",
        ),
        (r#"{"flow":{"title":"x","steps":[]}}"#, "options.flow.steps"),
    ];
    for (opts, want) in cases {
        let e = BreathFlow::new(c.clone().into(), json(opts))
            .err()
            .unwrap_or_else(|| panic!("{opts} accepted"));
        let m = message(e);
        assert!(m.contains(want), "{opts}: got {m:?}, want {want:?}");
    }
    // NaN would become null in JSON and vanish silently: it is refused, with its path.
    let nan = json(r#"{"pattern":"box"}"#);
    Reflect::set(&nan, &"breaths".into(), &f64::NAN.into()).unwrap();
    let m = message(BreathFlow::new(c.clone().into(), nan).err().unwrap());
    assert_eq!(m, "options.breaths: must be a finite number, got NaN");
    // Deep inside a flow, the same (the path was lost when values crossed as JSON text).
    let deep = json(
        r#"{"flow":{"title":"t","steps":[{"kind":"rest","seconds":30},{"kind":"rest","seconds":1}]}}"#,
    );
    let steps = Reflect::get(
        &Reflect::get(&deep, &"flow".into()).unwrap(),
        &"steps".into(),
    )
    .unwrap();
    let second = Reflect::get(&steps, &1.into()).unwrap();
    Reflect::set(&second, &"seconds".into(), &f64::NAN.into()).unwrap();
    let m = message(BreathFlow::new(c.clone().into(), deep).err().unwrap());
    assert_eq!(
        m,
        "options.flow.steps[1].seconds: must be a finite number, got NaN"
    );
    assert!(message(
        BreathFlow::new(JsValue::from_str("stage"), json(r#"{"pattern":"box"}"#))
            .err()
            .unwrap()
    )
    .starts_with("canvas:"));
    let m = message(
        api::validate_flow(json(
            r#"{"title":"x","steps":[{"kind":"rest","seconds":-5}]}"#,
        ))
        .unwrap_err(),
    );
    // One root for paths everywhere: validateFlow's argument is `flow` (issue 16).
    assert_eq!(m, "flow.steps[0].seconds: must be 1–3600 s, got -5");
    assert!(
        message(Pacer::new("4-x".into(), JsValue::UNDEFINED).err().unwrap()).contains("pattern")
    );
    // The module keeps working after errors.
    let ok = BreathFlow::new(c.into(), json(r#"{"pattern":"box","clock":"manual"}"#)).unwrap();
    ok.tick(100.0).unwrap();
    ok.destroy();
}

#[wasm_bindgen_test]
fn library_entries_are_plain_objects_accepted_as_they_are() {
    let lib = api::library(None).unwrap();
    let flows: Array = get(&lib, "flows").dyn_into().unwrap();
    let patterns: Array = get(&lib, "patterns").dyn_into().unwrap();
    assert!(flows.length() >= 5 && patterns.length() >= 7);
    for f in flows.iter() {
        assert_eq!(
            JsValue::from(Object::get_prototype_of(&f)),
            JsValue::from(Object::get_prototype_of(&Object::new())),
            "a plain object"
        );
        api::validate_flow(f.clone()).unwrap();
    }
    for p in patterns.iter() {
        Pacer::new(p, JsValue::UNDEFINED).unwrap();
    }
    let d = api::flow_duration_ms("mobilize-ribs".into(), JsValue::UNDEFINED).unwrap();
    let w = BreathFlow::new(
        canvas(40).into(),
        json(r#"{"flow":"mobilize-ribs","clock":"manual"}"#),
    )
    .unwrap();
    assert_eq!(get(&w.state().unwrap(), "totalMs").as_f64(), Some(d));
    w.set_sound(true).unwrap();
    w.set_haptics(true).unwrap();
    w.destroy();
    let shorter = api::flow_duration_ms(
        "back-strengthening".into(),
        json(r#"["lymph-nodes-or-chemo"]"#),
    )
    .unwrap();
    assert!(shorter > 0.0);
    let adapted = api::adapt_flow(
        "back-strengthening".into(),
        json(r#"["eye-condition"]"#),
        None,
    )
    .unwrap();
    let changes: Array = get(&adapted, "changes").dyn_into().unwrap();
    assert!(changes.length() >= 1);
    assert!(get(&changes.get(0), "reason").as_string().unwrap().len() > 10);
}

/// Pretend the page is hidden or shown (headless Chromium never hides a page by itself).
fn set_hidden(hidden: bool) {
    let f = Function::new_with_args(
        "hidden",
        "Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden }); \
         Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => hidden ? 'hidden' : 'visible' }); \
         document.dispatchEvent(new Event('visibilitychange'));",
    );
    f.call1(&JsValue::NULL, &hidden.into()).unwrap();
}

#[wasm_bindgen_test]
async fn a_hidden_page_gets_no_frames_and_the_session_waits_where_it_was() {
    let window: JsValue = web_sys::window().unwrap().into();
    let raf = spy(&window, "requestAnimationFrame");
    let c = canvas(100);
    let flow = BreathFlow::new(c.into(), json(r#"{"pattern":"box"}"#)).unwrap();
    flow.start().unwrap();
    frames(3).await;
    set_hidden(true);
    let elapsed = get(&flow.state().unwrap(), "elapsedMs").as_f64().unwrap();
    frames(1).await;
    let at_hide = count(&raf);
    frames(75).await; // about 1.25 s hidden
    assert_eq!(count(&raf) - at_hide, 75, "no widget frames while hidden");
    assert_eq!(
        get(&flow.state().unwrap(), "elapsedMs").as_f64().unwrap(),
        elapsed,
        "session time is frozen"
    );
    assert_eq!(
        get(&flow.state().unwrap(), "status").as_string().unwrap(),
        "running"
    );
    set_hidden(false);
    frames(3).await;
    let after = get(&flow.state().unwrap(), "elapsedMs").as_f64().unwrap();
    assert!(after > elapsed, "frames resume and time moves on");
    assert!(
        after - elapsed < 1000.0,
        "the hidden span was not counted: {after} - {elapsed}"
    );
    flow.destroy();
}

/// A plain JS replay of `drawCommands()` following the table in `src/scene.rs`, with every setter
/// issued on every command (no elision, no slots): the reference the painter must match.
fn reference_replay() -> Function {
    Function::new_with_args(
        "ctx, cmds, dpr",
        r#"
        const s = getComputedStyle(ctx.canvas);
        const col = (r) => s.getPropertyValue(`--bf-${r}`).trim();
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
        for (const c of cmds) {
          const paint = (p) => { ctx.globalAlpha = p.alpha; return col(p.role); };
          switch (c.op) {
            case "clear": ctx.globalAlpha = 1; ctx.fillStyle = col("bg"); ctx.clearRect(0, 0, c.w, c.h);
              ctx.fillRect(0, 0, c.w, c.h); ctx.lineCap = "round"; ctx.lineJoin = "round";
              ctx.textBaseline = "middle"; break;
            case "save": ctx.save(); break;
            case "restore": ctx.restore(); break;
            case "beginPath": ctx.beginPath(); break;
            case "moveTo": ctx.moveTo(c.x, c.y); break;
            case "lineTo": ctx.lineTo(c.x, c.y); break;
            case "quadTo": ctx.quadraticCurveTo(c.cx, c.cy, c.x, c.y); break;
            case "bezierTo": ctx.bezierCurveTo(c.c1x, c.c1y, c.c2x, c.c2y, c.x, c.y); break;
            case "arc": ctx.arc(c.x, c.y, Math.max(c.r, 0), c.start, c.end, c.ccw); break;
            case "ellipse": ctx.ellipse(c.x, c.y, Math.max(c.rx, 0), Math.max(c.ry, 0), c.rotation, c.start, c.end, c.ccw); break;
            case "rect": ctx.rect(c.x, c.y, c.w, c.h); break;
            case "roundRect": ctx.roundRect(c.x, c.y, c.w, c.h, Math.max(c.r, 0)); break;
            case "closePath": ctx.closePath(); break;
            case "clip": ctx.clip(); break;
            case "fill": ctx.fillStyle = paint(c.paint); ctx.fill(); break;
            case "stroke": ctx.strokeStyle = paint(c.paint); ctx.lineWidth = c.width; ctx.stroke(); break;
            case "text": ctx.fillStyle = paint(c.paint); ctx.textAlign = c.align;
              ctx.font = `${c.bold ? "600" : "400"} ${c.size}px system-ui, sans-serif`;
              ctx.fillText(c.text, c.x, c.y, c.maxWidth); break;
            default: throw new Error("unknown op " + c.op);
          }
        }
        "#,
    )
}

/// Replay `flow`'s present frame whole on `r` with `replay` (see [`reference_replay`]), on a
/// backing store the size of `c`'s (set anew, so `r` starts blank), at `dpr`.
fn replay_whole(
    replay: &Function,
    flow: &BreathFlow,
    c: &HtmlCanvasElement,
    r: &HtmlCanvasElement,
    dpr: f64,
) {
    r.set_width(c.width());
    r.set_height(c.height());
    let ctx: JsValue = r.get_context("2d").unwrap().unwrap().into();
    let cmds = get(&flow.draw_commands().unwrap(), "cmds");
    replay
        .call3(&JsValue::NULL, &ctx, &cmds, &dpr.into())
        .unwrap();
}

/// The palette the pixel tests give both canvases.
const PALETTE: &str = "--bf-bg:#f4f7f6;--bf-rib:#3d5a66;--bf-accent:#1f8a7a;--bf-text:#15262d";

/// Counts the partial frames drawn on `canvas` (src/damage.rs): `fillRect` calls that paint the
/// background over less than the whole canvas. Returns the count reader and the function that
/// removes the spy.
fn partial_clears(canvas: &HtmlCanvasElement) -> (Function, Function) {
    let (partial, _, unspy) = clears(canvas);
    (partial, unspy)
}

/// As [`partial_clears`], with a second reader: the kinds of the frames drawn so far, one letter
/// each, "p" partial or "w" whole.
fn clears(canvas: &HtmlCanvasElement) -> (Function, Function, Function) {
    let f = Function::new_with_args(
        "canvas",
        "const p = CanvasRenderingContext2D.prototype, orig = p.fillRect; let n = 0, kinds = ''; \
         p.fillRect = function (x, y, w, h) { \
           if (this.canvas === canvas) { \
             const part = x > 0 || y > 0 || (w < canvas.width && w * devicePixelRatio < canvas.width - 1); \
             if (part) n++; kinds += part ? 'p' : 'w'; } \
           return orig.call(this, x, y, w, h); }; \
         return [() => n, () => kinds, () => { p.fillRect = orig; }];",
    );
    let r = Array::from(&f.call1(&JsValue::NULL, canvas).unwrap());
    (
        r.get(0).dyn_into().unwrap(),
        r.get(1).dyn_into().unwrap(),
        r.get(2).dyn_into().unwrap(),
    )
}

/// (channels that differ, largest difference) between two canvases' pixels.
fn difference(a: &HtmlCanvasElement, b: &HtmlCanvasElement) -> (usize, i32) {
    let (pa, pb) = (pixels(a), pixels(b));
    assert_eq!(pa.len(), pb.len(), "same size");
    pa.iter().zip(&pb).fold((0, 0), |(n, worst), (x, y)| {
        let d = (*x as i32 - *y as i32).abs();
        (n + (d > 0) as usize, worst.max(d))
    })
}

/// A partial frame equals a whole repaint up to the rasteriser's rounding: Skia antialiases a
/// path whose clipped bounds are small with another blitter, a few levels apart at some edge
/// pixels (up to 10 of 255 seen). A unit left out or a stale edge is far more.
fn like_whole_repaint((n, worst): (usize, i32), channels: usize) -> bool {
    worst <= 12 && n * 100 <= channels
}

#[wasm_bindgen_test]
fn the_painter_draws_exactly_what_draw_commands_describe() {
    // Through a whole flow (titles, wrapped cues, counts, seconds, rings, zones) and past the
    // painter's string slots (more distinct texts than it keeps), every frame's pixels equal a
    // plain replay of the same frame's commands.
    let style = PALETTE;
    let (c, r) = (canvas(220), canvas(220));
    for x in [&c, &r] {
        x.set_attribute("style", style).unwrap();
    }
    let replay = reference_replay();
    let dpr = web_sys::window().unwrap().device_pixel_ratio();
    let (partial, unspy) = partial_clears(&c);
    for (options, end_ms, step_ms) in [
        (
            r#"{"flow":"mobilize-ribs","clock":"manual"}"#,
            240_000.0,
            1_300.0,
        ),
        (r#"{"pattern":"dirga","clock":"manual"}"#, 30_000.0, 700.0),
    ] {
        let flow = BreathFlow::new(c.clone().into(), json(options)).unwrap();
        let mut t = 0.0;
        let mut checked = 0;
        let mut ballast = Vec::new();
        while t <= end_ms {
            if checked == 10 {
                // Grow wasm memory between two frames: the replayer's views of the old buffer
                // are detached and must be made anew.
                let before = wasm_memory();
                while wasm_memory() == before && ballast.len() < 64 {
                    ballast.push(vec![1u8; 4 << 20]);
                }
                assert!(wasm_memory() > before, "memory grew");
            }
            let before = count(&partial);
            flow.tick(t).unwrap();
            replay_whole(&replay, &flow, &c, &r, dpr);
            // Exactly, but for a partial frame (see the next test).
            let d = difference(&c, &r);
            if count(&partial) == before {
                assert_eq!(
                    d.0, 0,
                    "{options}: frame at {t} ms differs from its commands"
                );
            } else {
                let channels = (c.width() * c.height() * 4) as usize;
                assert!(
                    like_whole_repaint(d, channels),
                    "{options}: partial frame at {t} ms differs from its commands: {d:?}"
                );
            }
            checked += 1;
            t += step_ms;
        }
        assert!(checked > 40);
        assert!(!ballast.is_empty());
        flow.destroy();
    }
    unspy.call0(&JsValue::NULL).unwrap();
    // Leave the page as it was: tests that follow need their canvas in view.
    c.remove();
    r.remove();
}

#[wasm_bindgen_test]
async fn partial_frames_leave_the_pixels_of_a_whole_repaint() {
    // At 60 Hz a breathing frame moves the cage and the ring but not the texts around them: the
    // painter repaints only the rectangle around what changed (src/damage.rs). Every frame's
    // pixels must still equal a whole replay of its commands (up to the rasteriser's rounding,
    // see `like_whole_repaint`), at pixel ratios that put the rectangle's edges between device
    // pixels in different ways.
    let style = PALETTE;
    // (`devicePixelRatio` is an own accessor of the global object: put the same one back.)
    let set_dpr = Function::new_with_args(
        "v",
        "const d = (globalThis.__dprDesc ??= Object.getOwnPropertyDescriptor(window, 'devicePixelRatio')); \
         Object.defineProperty(window, 'devicePixelRatio', v === undefined ? d : { value: v, configurable: true });",
    );
    let replay = reference_replay();
    for dpr in [1.0f64, 1.5, 2.0, 1.25] {
        set_dpr.call1(&JsValue::NULL, &dpr.into()).unwrap();
        let (c, r) = (css_canvas(200), canvas(1));
        for x in [&c, &r] {
            x.set_attribute("style", &format!("{style};width:200px;height:200px"))
                .unwrap();
        }
        let (partial, unspy) = partial_clears(&c);
        let (mut frames, mut worst_all) = (0, 0);
        for (options, from_ms) in [
            (r#"{"pattern":"ribs","clock":"manual"}"#, 0.0),
            (r#"{"pattern":"dirga","clock":"manual"}"#, 2_000.0),
            (
                r#"{"pattern":"4-7-8","seconds":600,"clock":"manual"}"#,
                2_500.0,
            ),
            (r#"{"flow":"mobilize-ribs","clock":"manual"}"#, 0.0),
        ] {
            let flow = BreathFlow::new(c.clone().into(), json(options)).unwrap();
            assert_eq!(c.width(), (200.0 * dpr).round() as u32);
            for k in 0..90 {
                if k % 30 == 0 {
                    yield_to_driver().await;
                }
                let t = from_ms + k as f64 * 1000.0 / 60.0;
                flow.tick(t).unwrap();
                replay_whole(&replay, &flow, &c, &r, dpr);
                let (n, worst) = difference(&c, &r);
                assert!(
                    like_whole_repaint((n, worst), (c.width() * c.height() * 4) as usize),
                    "{options} at DPR {dpr}: the frame at {t} ms differs from a whole repaint \
                     ({n} channels, by up to {worst})"
                );
                worst_all = worst_all.max(worst);
                frames += 1;
            }
            flow.destroy();
        }
        let partial = count(&partial);
        unspy.call0(&JsValue::NULL).unwrap();
        assert!(
            partial > frames / 2,
            "DPR {dpr}: {partial} of {frames} frames were partial"
        );
        web_sys::console::log_1(&format!("DPR {dpr}: {partial} of {frames} frames partial, worst channel difference {worst_all}").into());
        c.remove();
        r.remove();
    }
    set_dpr.call1(&JsValue::NULL, &JsValue::UNDEFINED).unwrap();

    // repaint: "whole" repaints every changed frame whole: the pixels of a whole replay, exactly.
    let (c, r) = (css_canvas(200), canvas(1));
    for x in [&c, &r] {
        x.set_attribute("style", &format!("{style};width:200px;height:200px"))
            .unwrap();
    }
    let dpr = web_sys::window().unwrap().device_pixel_ratio();
    let (partial, unspy) = partial_clears(&c);
    let flow = BreathFlow::new(
        c.clone().into(),
        json(r#"{"pattern":"ribs","clock":"manual","repaint":"whole"}"#),
    )
    .unwrap();
    for k in 0..60 {
        let t = k as f64 * 1000.0 / 60.0;
        flow.tick(t).unwrap();
        replay_whole(&replay, &flow, &c, &r, dpr);
        assert_eq!(difference(&c, &r).0, 0, "whole repaint at {t} ms");
    }
    assert_eq!(count(&partial), 0, "no partial frame");
    unspy.call0(&JsValue::NULL).unwrap();
    flow.destroy();
    c.remove();
    r.remove();

    // A background that is not opaque (a host's translucent theme): a partial frame clears its
    // rectangle before painting it, or the old cage would show through.
    let (c, r) = (css_canvas(200), canvas(1));
    let see_through = PALETTE.replace("--bf-bg:#f4f7f6", "--bf-bg:rgba(244, 247, 246, 0.5)");
    for x in [&c, &r] {
        x.set_attribute("style", &format!("{see_through};width:200px;height:200px"))
            .unwrap();
    }
    let (partial, unspy) = partial_clears(&c);
    let flow = BreathFlow::new(
        c.clone().into(),
        json(r#"{"pattern":"ribs","clock":"manual"}"#),
    )
    .unwrap();
    for k in 0..60 {
        let t = k as f64 * 1000.0 / 60.0;
        flow.tick(t).unwrap();
        replay_whole(&replay, &flow, &c, &r, dpr);
        let d = difference(&c, &r);
        assert!(
            like_whole_repaint(d, (c.width() * c.height() * 4) as usize),
            "translucent background: the frame at {t} ms differs from a whole repaint {d:?}"
        );
    }
    assert!(
        count(&partial) > 30,
        "partial frames on a translucent background"
    );
    unspy.call0(&JsValue::NULL).unwrap();
    flow.destroy();
    c.remove();
    r.remove();
}

#[wasm_bindgen_test]
async fn stacked_marks_beyond_the_text_box_leave_the_pixels_of_a_whole_repaint() {
    // A cue of combining marks stacked far above and below its letter ("Zalgo" text), over the
    // title, and one in Tibetan, in the side-by-side layout: src/damage.rs bounds such texts
    // by the whole canvas, so each partial frame draws them again (clipped) and every frame
    // keeps the pixels of a whole repaint. (Whether the core's rule matches the browser's ink is
    // `every_text_drawn_stays_inside_the_box_partial_repaints_give_it`.)
    let zalgo: String = std::iter::once('B')
        .chain((0x300..0x334).cycle().take(40).filter_map(char::from_u32))
        .collect();
    let style = PALETTE;
    let (c, r) = (css_canvas(400), canvas(1));
    for x in [&c, &r] {
        x.set_attribute("style", &format!("{style};width:700px;height:300px"))
            .unwrap();
    }
    let dpr = web_sys::window().unwrap().device_pixel_ratio();
    let replay = reference_replay();
    let (partial, unspy) = partial_clears(&c);
    let step = |id: &str, cue: &str| {
        format!(
            r#"{{"kind":"breathe","id":"{id}","title":"Breathe 🌬️","breaths":1,
                "pattern":{{"phases":[{{"phase":"inhale","seconds":3}},{{"phase":"exhale","seconds":3}}]}},
                "cues":["{cue}"]}}"#
        )
    };
    let flow = format!(
        r#"{{"title":"Breathe 🌬️","steps":[{},{},{}]}}"#,
        step("a", &zalgo),
        step("b", &zalgo.replacen('B', "C", 1)),
        step("c", "བསྒྲུབས་ སྐྱོང་ ཀྵྐྵྐྵ")
    )
    .replace('\n', "");
    let flow = BreathFlow::new(
        c.clone().into(),
        json(&format!(r#"{{"flow":{flow},"clock":"manual"}}"#)),
    )
    .unwrap();
    // At 60 Hz: the first second, and a second and a half around each change of step (at 6
    // and 12 s).
    let ks: Vec<u32> = (0..60).chain(330..420).chain(690..780).collect();
    let frames = ks.len() as u32;
    for k in ks {
        if k % 30 == 0 {
            yield_to_driver().await;
        }
        let t = k as f64 * 1000.0 / 60.0;
        flow.tick(t).unwrap();
        replay_whole(&replay, &flow, &c, &r, dpr);
        let (n, worst) = difference(&c, &r);
        assert!(
            like_whole_repaint((n, worst), (c.width() * c.height() * 4) as usize),
            "the frame at {t} ms differs from a whole repaint ({n} channels, by up to {worst})"
        );
    }
    let partial = count(&partial);
    unspy.call0(&JsValue::NULL).unwrap();
    assert!(
        partial > frames / 2,
        "{partial} of {frames} frames were partial"
    );
    flow.destroy();
    c.remove();
    r.remove();
}

#[wasm_bindgen_test]
fn a_frame_that_fails_midway_leaves_no_clip_behind_and_the_next_is_whole() {
    // A canvas call that throws in the middle of a partial frame (a browser without
    // roundRect, say) must not leave that frame's clip or saves on the context, nor make the
    // painter believe the frame or its strings are on the canvas.
    let style = PALETTE;
    let (c, r) = (canvas(200), canvas(200));
    for x in [&c, &r] {
        x.set_attribute("style", style).unwrap();
    }
    let dpr = web_sys::window().unwrap().device_pixel_ratio();
    let replay = reference_replay();
    let (partial, unspy) = partial_clears(&c);
    let flow = BreathFlow::new(
        c.clone().into(),
        json(r#"{"pattern":"ribs","clock":"manual"}"#),
    )
    .unwrap();
    let step = 1000.0 / 60.0;
    for k in 0..20 {
        flow.tick(k as f64 * step).unwrap();
    }
    assert!(count(&partial) > 10, "partial frames before");
    // The next frame's roundRect throws (the spine is drawn with it).
    let break_once = Function::new_with_args(
        "",
        "const p = CanvasRenderingContext2D.prototype, orig = p.roundRect; \
         p.roundRect = function () { p.roundRect = orig; throw new TypeError('no roundRect'); };",
    );
    let error = get(&get(&js_sys::global(), "console"), "error");
    let quiet = Function::new_no_args("");
    Reflect::set(&get(&js_sys::global(), "console"), &"error".into(), &quiet).unwrap();
    break_once.call0(&JsValue::NULL).unwrap();
    let before = count(&partial);
    flow.tick(20.0 * step).unwrap();
    assert_eq!(count(&partial), before + 1, "the failed frame was partial");
    Reflect::set(&get(&js_sys::global(), "console"), &"error".into(), &error).unwrap();
    // The next frame is drawn whole, on a context with no clip left: exactly a whole replay.
    flow.tick(21.0 * step).unwrap();
    assert_eq!(count(&partial), before + 1, "then a whole repaint");
    replay_whole(&replay, &flow, &c, &r, dpr);
    assert_eq!(difference(&c, &r).0, 0, "the whole frame, unclipped");
    let ctx: CanvasRenderingContext2d = c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    ctx.save();
    ctx.reset_transform().unwrap();
    ctx.set_global_alpha(1.0);
    ctx.set_fill_style_str("rgb(255, 0, 0)");
    ctx.fill_rect(0.0, 0.0, 2.0, 2.0);
    ctx.restore();
    assert_eq!(
        &pixels(&c)[..4],
        [255, 0, 0, 255],
        "no clip left outside the old rectangle"
    );
    unspy.call0(&JsValue::NULL).unwrap();
    flow.destroy();
    c.remove();
    r.remove();
}

#[wasm_bindgen_test]
async fn every_text_drawn_stays_inside_the_box_partial_repaints_give_it() {
    // src/damage.rs bounds a text by its reserved width plus half its size either side, and one
    // and a half times its size above and below its middle, when `flat_script` says its script
    // keeps its ink there; other texts by the whole canvas. Measured with the browser's fonts:
    // the ink of every text of every library flow and pattern (titles, cues, labels, counts),
    // of a user's flow in each script `flat_script` names, and of stacked marks.
    let check = Function::new_with_args(
        "cmds",
        r#"
        const ctx = document.createElement("canvas").getContext("2d");
        ctx.textBaseline = "middle";
        const out = [];
        for (const c of cmds) {
          if (c.op !== "text") continue;
          ctx.font = `${c.bold ? "600" : "400"} ${c.size}px system-ui, sans-serif`;
          ctx.textAlign = c.align;
          const m = ctx.measureText(c.text);
          // fillText squeezes a text wider than maxWidth about its anchor.
          const k = m.width > c.maxWidth ? c.maxWidth / m.width : 1;
          const inkL = c.x - k * m.actualBoundingBoxLeft, inkR = c.x + k * m.actualBoundingBoxRight;
          const inkT = c.y - m.actualBoundingBoxAscent, inkB = c.y + m.actualBoundingBoxDescent;
          const left = c.align === "left" ? c.x : c.align === "center" ? c.x - c.maxWidth / 2 : c.x - c.maxWidth;
          const over = c.size / 2;
          const inside = !(inkL < left - over || inkR > left + c.maxWidth + over || inkT < c.y - 1.5 * c.size || inkB > c.y + 1.5 * c.size);
          out.push([c.text, inside, `${c.size}px ${c.align}: ink ${inkL}..${inkR} × ${inkT}..${inkB}`]);
        }
        return out;
        "#,
    );
    // Every text is inside its box or one the core bounds by the whole canvas; some of the
    // latter (stacked marks) do reach outside it.
    let (mut texts, mut outside) = (0, 0);
    let mut tally = |cmds: &JsValue| {
        for t in Array::from(&check.call1(&JsValue::NULL, cmds).unwrap()).iter() {
            let t = Array::from(&t);
            let text = t.get(0).as_string().unwrap();
            let inside = t.get(1).as_bool().unwrap();
            assert!(
                inside || !breathflow::damage::flat_script(&text),
                "{text:?} at {}",
                t.get(2).as_string().unwrap()
            );
            texts += 1;
            outside += !inside as u32;
        }
    };
    let c = canvas(300);
    let flows = Array::from(&get(&api::library(None).unwrap(), "flows"));
    let mut options: Vec<String> = flows
        .iter()
        .map(|f| {
            let id = get(&f, "id").as_string().unwrap();
            format!(r#"{{"flow":"{id}","clock":"manual","countdown":3}}"#)
        })
        .collect();
    options.push(r#"{"pattern":"dirga","clock":"manual"}"#.into());
    // A user's flow in the scripts src/damage.rs's `flat_script` keeps in the text box.
    let flat = [
        "Ça va — déjà vu’s “test” … ½ € → ≤ × ©",
        "Tiếng Việt: Thở ra chậm, nhẹ nhàng",
        "Ελληνικά: ανάσα",
        "Русский: медленный выдох",
        "日本語：ゆっくり息を吐く",
        "한국어: 천천히 숨을 내쉬세요",
        "ÅÉÎÕÜ ÿ Ǻǽ ŞŢ Ǆ",
    ];
    let step = |(i, t): (usize, &&str)| {
        format!(
            r#"{{"kind":"pose","id":"s{i}","title":"{t}","seconds":5,"cues":["{t}","{t} {t}"]}}"#
        )
    };
    let steps: Vec<String> = flat.iter().enumerate().map(step).collect();
    options.push(format!(
        r#"{{"flow":{{"title":"{}","steps":[{}]}},"clock":"manual"}}"#,
        flat[0],
        steps.join(",")
    ));
    // And one the core does not measure: marks stacked on a letter, beyond the box.
    let zalgo: String = std::iter::once('B')
        .chain((0x300..0x334).cycle().take(40).filter_map(char::from_u32))
        .collect();
    options.push(format!(
        r#"{{"flow":{{"title":"{zalgo}","steps":[{}]}},"clock":"manual"}}"#,
        step((0, &zalgo.as_str()))
    ));
    for o in &options {
        yield_to_driver().await;
        let flow = BreathFlow::new(c.clone().into(), json(o)).unwrap();
        let mut t = 0.0;
        let running =
            |f: &BreathFlow| get(&f.state().unwrap(), "status").as_string() != Some("done".into());
        while running(&flow) && t < 3_600_000.0 {
            flow.tick(t).unwrap();
            let cmds = get(&flow.draw_commands().unwrap(), "cmds");
            tally(&cmds);
            t += 2_500.0;
        }
        flow.destroy();
    }
    assert!(texts > 500, "{texts} texts measured");
    assert!(outside > 0, "no stacked text reached outside its box");
    c.remove();
}

/// Bytes of wasm memory now.
fn wasm_memory() -> f64 {
    get(&get(&wasm_bindgen::memory(), "buffer"), "byteLength")
        .as_f64()
        .unwrap()
}

/// The module's allocator (Rust's default) reuses what a repeated workload frees: after warm-up,
/// rounds of widgets created and destroyed, a 1 MB flow validated (JS string in, JS object out)
/// and a manual-clock session ticked on for another minute do not grow wasm memory at all.
#[wasm_bindgen_test]
fn repeated_work_does_not_grow_wasm_memory() {
    let c = canvas(160);
    let cue = format!(
        "\"{}\"",
        "Breathe out slowly and let the shoulders drop. ".repeat(2)
    );
    let step = format!(
        r#"{{"kind":"pose","title":"Child's pose","seconds":30,"cues":[{}]}}"#,
        vec![cue; 20].join(",")
    );
    let big = json(&format!(
        r#"{{"title":"Big","steps":[{}]}}"#,
        vec![step; 500].join(",")
    ));
    let session = BreathFlow::new(
        c.clone().into(),
        json(r#"{"pattern":"4-7-8","seconds":3600,"clock":"manual"}"#),
    )
    .unwrap();
    let mut tick = 0u32;
    let mut round = || {
        for _ in 0..20 {
            let w = BreathFlow::new(
                c.clone().into(),
                json(r#"{"flow":"mobilize-ribs","clock":"manual"}"#),
            )
            .unwrap();
            // No `on()`: its unsubscribe function holds a `Subscription` (and with it the
            // widget's allocation) until the JS garbage collector finalizes it; the benchmark
            // forces a GC before measuring, this test cannot.
            w.start().unwrap();
            w.tick(2500.0).unwrap();
            w.destroy();
        }
        api::validate_flow(big.clone()).unwrap();
        for _ in 0..3600 {
            session.tick(tick as f64 * 1000.0 / 60.0).unwrap();
            tick += 1;
        }
    };
    // Warm-up: the first round allocates; the next few let the canvas's text cache settle (its
    // 32 strings grow to the longest texts of the session, "breath 12 / 190" and the like).
    for _ in 0..8 {
        round();
    }
    let before = wasm_memory();
    for _ in 0..4 {
        round();
    }
    assert_eq!(wasm_memory() - before, 0.0, "wasm memory grew");
    session.destroy();
}

/// Records every tone the page starts: `[{ hz, when }]` (frequency and start time on the
/// AudioContext clock), and how many contexts were closed.
fn record_tones() -> JsValue {
    Function::new_no_args(
        "const rec = { tones: [], closed: 0 }; \
         const start = OscillatorNode.prototype.start; \
         OscillatorNode.prototype.start = function (when) { \
           rec.tones.push({ hz: this.frequency.value, when }); return start.call(this, when); }; \
         const close = AudioContext.prototype.close; \
         AudioContext.prototype.close = function () { rec.closed++; return close.call(this); }; \
         return rec;",
    )
    .call0(&JsValue::NULL)
    .unwrap()
}

#[wasm_bindgen_test]
async fn sound_plays_the_tone_of_each_phase_and_closes_its_context_on_destroy() {
    let rec = record_tones();
    let c = canvas(60);
    let flow = BreathFlow::new(c.into(), json(r#"{"pattern":"1-1","sound":true}"#)).unwrap();
    flow.start().unwrap();
    // The inhale at 0 and the exhale at 1 s: wait for two tones, at most ~2.5 s.
    for _ in 0..150 {
        if Array::from(&get(&rec, "tones")).length() >= 2 {
            break;
        }
        frames(1).await;
    }
    let tones: Array = get(&rec, "tones").dyn_into().unwrap();
    let hz: Vec<f64> = tones
        .iter()
        .map(|t| get(&t, "hz").as_f64().unwrap())
        .collect();
    assert!(hz.len() >= 2, "tones: {hz:?}");
    let inhale = breathflow::feedback::tone_for(breathflow::pattern::PhaseKind::Inhale).freq_hz;
    let exhale = breathflow::feedback::tone_for(breathflow::pattern::PhaseKind::Exhale).freq_hz;
    assert_eq!((hz[0], hz[1]), (inhale, exhale), "inhale then exhale");
    let when: Vec<f64> = tones
        .iter()
        .map(|t| get(&t, "when").as_f64().unwrap())
        .collect();
    assert!(
        when.windows(2).all(|w| w[1] > w[0]),
        "each tone after the last: {when:?}"
    );
    assert_eq!(get(&rec, "closed").as_f64(), Some(0.0));
    flow.destroy();
    assert_eq!(
        get(&rec, "closed").as_f64(),
        Some(1.0),
        "destroy closes the context"
    );
}

#[wasm_bindgen_test]
fn events_reach_the_page_as_bubbling_composed_dom_events_with_their_detail() {
    let c = canvas(60);
    // Listen above the canvas: the events must bubble (and be composed, to leave a shadow root).
    let rec = Function::new_with_args(
        "target",
        "const got = []; \
         for (const t of ['status', 'phase']) target.addEventListener('breathflow:' + t, (e) => \
           got.push({ type: e.type, bubbles: e.bubbles, composed: e.composed, detail: e.detail })); \
         return got;",
    )
    .call1(&JsValue::NULL, &c.parent_node().unwrap().into())
    .unwrap();
    let flow = BreathFlow::new(c.into(), json(r#"{"pattern":"4-7-8","clock":"manual"}"#)).unwrap();
    flow.tick(0.0).unwrap();
    flow.destroy();
    let got: Array = rec.dyn_into().unwrap();
    let first = got.get(0);
    assert_eq!(
        get(&first, "type").as_string().unwrap(),
        "breathflow:status"
    );
    assert_eq!(
        get(&get(&first, "detail"), "status").as_string().unwrap(),
        "running"
    );
    let phase = got
        .iter()
        .find(|e| get(e, "type").as_string().unwrap() == "breathflow:phase")
        .expect("a phase event");
    assert_eq!(
        get(&get(&phase, "detail"), "phase").as_string().unwrap(),
        "inhale"
    );
    for e in got.iter() {
        assert_eq!(get(&e, "bubbles").as_bool(), Some(true));
        assert_eq!(get(&e, "composed").as_bool(), Some(true));
    }
}

#[wasm_bindgen_test]
fn the_failure_message_is_painted_in_the_text_colour_on_the_background() {
    use breathflow::web::canvas::Painter;
    let c = canvas(200);
    c.style()
        .set_property("--bf-bg", "rgb(10, 20, 30)")
        .unwrap();
    c.style()
        .set_property("--bf-text", "rgb(250, 240, 230)")
        .unwrap();
    let mut p = Painter::new(c.clone()).unwrap();
    p.message("breathflow stopped after an internal error");
    let px = pixels(&c);
    let w = c.width() as usize;
    let at = |x: usize, y: usize| px[(y * w + x) * 4..(y * w + x) * 4 + 4].to_vec();
    assert_eq!(at(2, 2), vec![10, 20, 30, 255], "background in a corner");
    let mid = c.height() as usize / 2;
    let lit = (0..w).filter(|&x| at(x, mid)[0] > 128).count();
    assert!(lit > 10, "text across the middle row ({lit} light pixels)");
    c.remove();
}

#[wasm_bindgen_test]
async fn a_resized_canvas_gets_a_matching_backing_store_and_an_off_screen_one_no_frames() {
    let window: JsValue = web_sys::window().unwrap().into();
    let dpr = web_sys::window().unwrap().device_pixel_ratio();
    let c = css_canvas(100);
    let flow = BreathFlow::new(c.clone().into(), json(r#"{"pattern":"box"}"#)).unwrap();
    assert_eq!(c.width(), (100.0 * dpr).round() as u32);
    c.style().set_property("width", "160px").unwrap();
    frames(3).await; // the ResizeObserver reports, the widget refits and redraws
    assert_eq!(
        c.width(),
        (160.0 * dpr).round() as u32,
        "backing store follows the CSS box"
    );
    assert_eq!(c.height(), (100.0 * dpr).round() as u32);

    // Moved far below the viewport, a running widget requests no frames.
    flow.start().unwrap();
    frames(3).await;
    let raf = spy(&window, "requestAnimationFrame");
    c.style().set_property("position", "absolute").unwrap();
    c.style().set_property("top", "100000px").unwrap();
    frames(4).await; // the IntersectionObserver reports it off screen
    let off = count(&raf);
    frames(30).await;
    assert_eq!(count(&raf) - off, 30, "no widget frames while off screen");
    c.style().set_property("top", "0").unwrap();
    frames(4).await;
    let back = count(&raf);
    frames(10).await;
    assert!(count(&raf) - back > 10, "frames again once on screen");
    flow.destroy();
    c.remove();
}

#[wasm_bindgen_test]
async fn shown_again_or_back_on_screen_the_canvas_is_repainted_whole() {
    // While out of view a browser may drop a canvas's pixels without a contextrestored; the
    // first frame after the page is shown or the canvas is back on screen is a whole repaint.
    let c = css_canvas(150);
    let (_, kinds, unspy) = clears(&c);
    let kinds = || kinds.call0(&JsValue::NULL).unwrap().as_string().unwrap();
    let flow = BreathFlow::new(c.clone().into(), json(r#"{"pattern":"ribs"}"#)).unwrap();
    flow.start().unwrap();
    // Breathing frames are drawn when the figure has moved a device px: a few a second on
    // this small canvas.
    frames(90).await;
    assert!(
        kinds()[2..].matches('p').count() >= 2,
        "breathing frames are partial: {}",
        kinds()
    );
    set_hidden(true);
    frames(5).await;
    let before = kinds().len();
    set_hidden(false);
    frames(3).await;
    assert_eq!(
        &kinds()[before..before + 1],
        "w",
        "the first frame shown again: {}",
        kinds()
    );
    frames(60).await;
    assert!(
        kinds()[before + 1..].contains('p'),
        "then partial again: {}",
        kinds()
    );

    c.style().set_property("position", "absolute").unwrap();
    c.style().set_property("top", "100000px").unwrap();
    frames(6).await; // the IntersectionObserver reports it off screen
    let before = kinds().len();
    c.style().set_property("top", "0").unwrap();
    frames(60).await;
    assert!(kinds().len() > before + 2, "frames again on screen");
    assert_eq!(
        &kinds()[before..before + 1],
        "w",
        "the first frame back on screen: {}",
        kinds()
    );
    unspy.call0(&JsValue::NULL).unwrap();
    flow.destroy();
    c.remove();
}

#[wasm_bindgen_test]
async fn a_frame_like_the_one_shown_is_not_drawn_again_until_the_canvas_needs_it() {
    // Every drawn frame starts with one fillRect of its background (see src/scene.rs); count
    // them on the prototype.
    let proto = get(
        &get(&js_sys::global(), "CanvasRenderingContext2D"),
        "prototype",
    );
    let original = get(&proto, "fillRect");
    let clears = spy(&proto, "fillRect");
    let c = css_canvas(120);
    // Keep the MediaQueryLists the widget listens to, to play a theme change on them.
    let media = capture_media();
    // An hour of 4-7-8, so the progress ring is drawn too.
    let flow = BreathFlow::new(
        c.clone().into(),
        json(r#"{"pattern":"4-7-8","seconds":3600,"clock":"manual"}"#),
    )
    .unwrap();
    let media = media.restore();
    flow.tick(4_500.0).unwrap(); // in the 7 s hold: 7 s to go
                                 // The frame after a new text is drawn once more (without teaching the replayer the text).
    flow.tick(4_500.0 + 1000.0 / 60.0).unwrap();
    let before = pixels(&c);
    let n = count(&clears);
    for k in 2..=20 {
        flow.tick(4_500.0 + k as f64 * 1000.0 / 60.0).unwrap(); // the same second of the hold
    }
    assert_eq!(count(&clears), n, "a hold's identical frames are not drawn");
    assert_eq!(pixels(&c), before, "and the canvas still shows the frame");
    let cmds = get(&flow.draw_commands().unwrap(), "cmds");
    assert!(
        Array::from(&cmds).length() > 50,
        "drawCommands still has the frame"
    );

    flow.tick(5_600.0).unwrap(); // 6 s to go
    assert_eq!(count(&clears), n + 1, "a new second is drawn");
    let after_hold = count(&clears);

    // A resize gives a new backing store and a new layout: the frame is drawn again.
    c.style().set_property("width", "150px").unwrap();
    frames(3).await;
    assert!(
        count(&clears) > after_hold,
        "redrawn on the new backing store"
    );
    assert!(
        pixels(&c).iter().any(|&b| b != 0),
        "the new backing store is painted"
    );
    flow.tick(5_610.0).unwrap();
    let n = count(&clears);
    flow.tick(5_620.0).unwrap();
    assert_eq!(count(&clears), n, "and not again after that");

    // A context the browser lost comes back blank: the same frame is drawn on it.
    c.set_width(c.width()); // clears the backing store, as a restored context starts
    assert!(pixels(&c).iter().all(|&b| b == 0));
    c.dispatch_event(&web_sys::Event::new("contextrestored").unwrap())
        .unwrap();
    assert_eq!(count(&clears), n + 1, "redrawn on the restored context");
    assert!(pixels(&c).iter().any(|&b| b != 0));

    // New theme colours (the OS switched to dark, say): the same commands, other pixels.
    c.style().set_property("--bf-bg", "rgb(255, 0, 0)").unwrap();
    for mql in &media {
        change(mql);
    }
    assert_eq!(
        &pixels(&c)[..4],
        [255, 0, 0, 255],
        "redrawn in the new colours"
    );

    // Breathing moves the cage every frame: each frame is drawn.
    flow.tick(12_000.0).unwrap();
    let n = count(&clears);
    for k in 1..=10 {
        flow.tick(12_000.0 + k as f64 * 1000.0 / 60.0).unwrap();
    }
    assert_eq!(count(&clears), n + 10, "an exhale draws every frame");
    flow.destroy();
    c.remove();
    Reflect::set(&proto, &"fillRect".into(), &original).unwrap();
}

#[wasm_bindgen_test]
async fn a_new_device_pixel_ratio_refits_the_backing_store_and_redraws() {
    let win = web_sys::window().unwrap();
    let dpr = win.device_pixel_ratio();
    let mql_proto = get(&get(&js_sys::global(), "MediaQueryList"), "prototype");
    let added = spy(&mql_proto, "addEventListener");
    let removed = spy(&mql_proto, "removeEventListener");
    let c = css_canvas(100);
    let media = capture_media();
    let flow = BreathFlow::new(
        c.clone().into(),
        json(r#"{"pattern":"box","clock":"manual"}"#),
    )
    .unwrap();
    let resolution = |lists: &[web_sys::MediaQueryList]| -> Vec<web_sys::MediaQueryList> {
        lists
            .iter()
            .filter(|m| m.media().contains("resolution"))
            .cloned()
            .collect()
    };
    let first = resolution(&media.restore());
    assert_eq!(first.len(), 1, "one query watches the pixel ratio");
    assert!(
        first[0].matches(),
        "for the present ratio: {}",
        first[0].media()
    );
    assert_eq!(c.width(), (100.0 * dpr).round() as u32);
    flow.tick(1_000.0).unwrap();

    // Browser zoom (or another screen): the ratio changes, the CSS size does not.
    let zoomed = dpr * 1.5;
    // (`devicePixelRatio` is an own accessor of the global object: put the same one back.)
    let set_dpr = Function::new_with_args(
        "v",
        "const d = (globalThis.__dprDesc ??= Object.getOwnPropertyDescriptor(window, 'devicePixelRatio')); \
         Object.defineProperty(window, 'devicePixelRatio', v === undefined ? d : { value: v, configurable: true });",
    );
    set_dpr.call1(&JsValue::NULL, &zoomed.into()).unwrap();
    c.set_width(c.width()); // blank the canvas, to see the redraw
    let media = capture_media();
    change(&first[0]);
    let second = resolution(&media.restore());
    set_dpr.call1(&JsValue::NULL, &JsValue::UNDEFINED).unwrap();
    assert_eq!(c.width(), (100.0 * zoomed).round() as u32, "refitted");
    assert_eq!(c.height(), (100.0 * zoomed).round() as u32);
    assert!(pixels(&c).iter().any(|&b| b != 0), "and redrawn at once");
    assert_eq!(second.len(), 1, "then it watches the new ratio");
    assert_ne!(second[0].media(), first[0].media());
    assert_eq!(
        count(&added) - count(&removed),
        // the theme, the motion setting and the ratio
        3,
        "the old ratio's listener is removed"
    );

    // And back to the first ratio.
    change(&second[0]);
    assert_eq!(c.width(), (100.0 * dpr).round() as u32, "refitted back");
    flow.destroy();
    assert_eq!(count(&added), count(&removed), "destroy removes them all");
    c.remove();
}

/// Resolve after `ms` of wall time (a timer, not animation frames).
async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_still_picture_takes_no_frames_until_it_changes_and_then_changes_on_time() {
    let window: JsValue = web_sys::window().unwrap().into();
    let raf = spy(&window, "requestAnimationFrame");
    let c = canvas(200);
    c.style().set_property("width", "200px").unwrap();
    // Inhale 0–1 s, hold 1–5 s, exhale 5–6 s; 300 breaths, so the ring's arc moves a step
    // every second or two, and a resize moves those steps.
    let flow = BreathFlow::new(
        c.clone().into(),
        json(r#"{"pattern":{"phases":[{"phase":"inhale","seconds":1},{"phase":"hold-in","seconds":4},{"phase":"exhale","seconds":1}]},"breaths":300}"#),
    )
    .unwrap();
    let seconds_shown = |f: &BreathFlow| -> Option<String> {
        Array::from(&get(&f.draw_commands().unwrap(), "cmds"))
            .iter()
            .map(|c| get(&c, "text"))
            .filter_map(|t| t.as_string())
            .find(|t| t.ends_with(" s"))
    };
    let perf = web_sys::window().unwrap().performance().unwrap();
    // The session time on the frame clock: 0 at `start()`, read from the page's clock.
    let t0 = perf.now();
    flow.start().unwrap();
    let elapsed = || perf.now() - t0;
    let (mut late, mut checks) = (0, 0);
    while elapsed() < 1_100.0 {
        sleep(20).await;
    }
    let at = count(&raf);
    let from = elapsed();
    // Through the hold until 4.6 s: "4 s" until 2 s, "3 s" until 3 s, and so on. At 2.4 s, in
    // the middle of a nap, the canvas is resized (a redraw, which reschedules the nap).
    let mut resized = false;
    while elapsed() < 4_600.0 {
        sleep(15).await;
        let t = elapsed();
        if t > 2_400.0 && !resized {
            c.style().set_property("width", "180px").unwrap();
            resized = true;
        }
        let want = format!("{} s", ((5_000.0 - t) / 1000.0).ceil());
        // The frame that shows a new second comes within a frame or two of it.
        let since_change = 1000.0 - (5_000.0 - t).rem_euclid(1000.0);
        if since_change > 100.0 {
            checks += 1;
            if seconds_shown(&flow).as_deref() != Some(want.as_str()) {
                late += 1;
            }
        }
    }
    let to = elapsed();
    let widget_frames = count(&raf) - at;
    assert!(checks > 50, "{checks} checks");
    // (A timer late by over 50 ms on a loaded machine may cost a sample or two.)
    assert!(
        late <= 2,
        "the seconds shown lag the hold's time ({late} of {checks})"
    );
    // ~210 frames at 60 Hz; napping, a few around each of the three seconds that change.
    assert!(
        widget_frames < 40,
        "{widget_frames} frames from {from} to {to} ms of a hold"
    );
    // `state()` during a nap reports the time now, not that of the last frame (at ~4 s).
    let t = elapsed();
    let reported = get(&flow.state().unwrap(), "elapsedMs").as_f64().unwrap();
    assert!(
        (reported - t).abs() < 30.0,
        "state() says {reported} ms at {t} ms"
    );
    // The exhale moves again: frames again, one for each device px the figure moves (about ten
    // over this 1-s exhale on a 200-px canvas, most of them in its middle).
    while elapsed() < 5_100.0 {
        sleep(20).await;
    }
    let at = count(&raf);
    sleep(300).await;
    assert!(count(&raf) - at >= 3, "frames again once the exhale moves");
    flow.destroy();
    c.remove();
}

#[wasm_bindgen_test]
async fn shown_again_a_napping_catch_up_widget_reports_what_it_crossed_at_once() {
    let perf = web_sys::window().unwrap().performance().unwrap();
    let c = canvas(120);
    let canvas_el = c.clone();
    // Inhale 0–0.5 s, hold 0.5–2.5 s, exhale 2.5–3.5 s.
    let flow = BreathFlow::new(
        c.into(),
        json(r#"{"pattern":{"phases":[{"phase":"inhale","seconds":0.5},{"phase":"hold-in","seconds":2},{"phase":"exhale","seconds":1}]},"gapPolicy":"catch-up"}"#),
    )
    .unwrap();
    let heard: Rc<RefCell<Vec<(String, f64)>>> = Rc::default();
    let h = heard.clone();
    let p = perf.clone();
    let listener = Closure::<dyn FnMut(JsValue)>::new(move |d: JsValue| {
        h.borrow_mut()
            .push((get(&d, "phase").as_string().unwrap(), p.now()));
    });
    let _off = flow
        .on("phase".into(), listener.as_ref().clone().unchecked_into())
        .unwrap();
    let t0 = perf.now();
    flow.start().unwrap();
    while perf.now() - t0 < 800.0 {
        sleep(20).await; // into the hold: the widget naps until 1.5 s
    }
    set_hidden(true);
    while perf.now() - t0 < 2_700.0 {
        sleep(20).await; // the exhale begins (2.5 s) while hidden
    }
    let shown = perf.now();
    set_hidden(false);
    sleep(200).await;
    let exhale = heard
        .borrow()
        .iter()
        .find(|(p, _)| p == "exhale")
        .map(|(_, at)| *at);
    let exhale = exhale.expect("the exhale crossed while hidden is reported");
    assert!(
        exhale >= shown && exhale - shown < 120.0,
        "reported {} ms after the page was shown",
        exhale - shown
    );
    flow.destroy();
    canvas_el.remove();
}

#[wasm_bindgen_test]
async fn a_nap_for_the_same_picture_after_a_jump_back_still_wakes_for_each_second() {
    let perf = web_sys::window().unwrap().performance().unwrap();
    let c = canvas(160);
    // Begins with a 3-s hold: "3 s" until 1 s, "2 s" until 2 s, "1 s" until 3 s.
    let flow = BreathFlow::new(
        c.clone().into(),
        json(r#"{"pattern":{"phases":[{"phase":"hold-out","seconds":3},{"phase":"inhale","seconds":1},{"phase":"exhale","seconds":1}]}}"#),
    )
    .unwrap();
    let seconds_shown = || -> Option<String> {
        Array::from(&get(&flow.draw_commands().unwrap(), "cmds"))
            .iter()
            .filter_map(|c| get(&c, "text").as_string())
            .find(|t| t.ends_with(" s"))
    };
    let t0 = perf.now();
    flow.start().unwrap();
    while perf.now() - t0 < 300.0 {
        sleep(20).await; // napping until 1 s
    }
    // Back to the start (`previous()` of a pattern): the same picture, napping until 1 s
    // from now, while the first nap's timer goes off 300 ms before that.
    let t1 = perf.now();
    flow.previous().unwrap();
    let (mut late, mut checks) = (0, 0);
    while perf.now() - t1 < 2_700.0 {
        sleep(15).await;
        let t = perf.now() - t1;
        let since_change = 1000.0 - (3_000.0 - t).rem_euclid(1000.0);
        if since_change > 100.0 {
            checks += 1;
            let want = format!("{} s", ((3_000.0 - t) / 1000.0).ceil());
            if seconds_shown().as_deref() != Some(want.as_str()) {
                late += 1;
            }
        }
    }
    assert!(checks > 50, "{checks} checks");
    assert!(late <= 2, "the seconds shown lag ({late} of {checks})");
    flow.destroy();
    c.remove();
}

// ---- What a hostile host found -------------------------------------------------------------

/// A JS function of `args` with `body`.
fn js(args: &str, body: &str) -> Function {
    Function::new_with_args(args, body)
}

/// The widget as JS sees it (the class wasm-bindgen generates, with its `free()`).
fn js_widget(c: &HtmlCanvasElement, options: &str) -> JsValue {
    BreathFlow::new(c.clone().into(), json(options))
        .unwrap()
        .into()
}

/// Call method `name` of a JS object with `args`; Err(message) when it throws.
fn call(obj: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let f: Function = get(obj, name).dyn_into().expect("a method");
    f.apply(obj, &args.iter().collect::<Array>()).map_err(|e| {
        get(&e, "message")
            .as_string()
            .unwrap_or_else(|| format!("{e:?}"))
    })
}

/// Set `window.devicePixelRatio` (undefined: the real one back).
fn set_dpr(v: JsValue) {
    js(
        "v",
        "const d = (globalThis.__dprDesc ??= Object.getOwnPropertyDescriptor(window, 'devicePixelRatio')); \
         Object.defineProperty(window, 'devicePixelRatio', v === undefined ? d : { value: v, configurable: true });",
    )
    .call1(&JsValue::NULL, &v)
    .unwrap();
}

/// The README's example on a HiDPI screen: a canvas sized by its attributes alone keeps the size
/// it was laid out at, and its backing store is that × the ratio, frame after frame (it used to
/// double every frame, the attributes feeding back into the layout, until the context was lost).
#[wasm_bindgen_test]
async fn an_unstyled_canvas_keeps_its_laid_out_size_at_any_pixel_ratio() {
    for dpr in [2.0f64, 1.25, 3.0] {
        set_dpr(dpr.into());
        let c = canvas(300);
        let flow =
            BreathFlow::new(c.clone().into(), json(r#"{"pattern":"ribs","breaths":10}"#)).unwrap();
        flow.start().unwrap();
        frames(12).await;
        let rect = c.get_bounding_client_rect();
        let want = (300.0 * dpr).round() as u32;
        assert_eq!(
            (c.width(), c.height()),
            (want, want),
            "backing store at {dpr}"
        );
        assert_eq!(
            (rect.width(), rect.height()),
            (300.0, 300.0),
            "laid-out size at {dpr}"
        );
        flow.destroy();
        c.remove();
    }
    // A canvas sized by CSS on one side only keeps following the CSS: nothing is pinned.
    set_dpr(2.0.into());
    let wrap: web_sys::HtmlElement = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .create_element("div")
        .unwrap()
        .dyn_into()
        .unwrap();
    wrap.style().set_property("width", "240px").unwrap();
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .body()
        .unwrap()
        .append_child(&wrap)
        .unwrap();
    let c = canvas(300);
    wrap.append_child(&c).unwrap();
    c.style().set_property("width", "100%").unwrap();
    let flow =
        BreathFlow::new(c.clone().into(), json(r#"{"pattern":"ribs","breaths":10}"#)).unwrap();
    flow.start().unwrap();
    frames(8).await;
    assert_eq!(c.style().get_property_value("height").unwrap(), "");
    assert_eq!((c.width(), c.height()), (480, 480));
    wrap.style().set_property("width", "200px").unwrap();
    frames(8).await;
    assert_eq!((c.width(), c.height()), (400, 400), "follows the CSS width");
    flow.destroy();
    wrap.remove();
    set_dpr(JsValue::UNDEFINED);
}

/// A jump of any size returns at once and delivers a bounded number of events (tick(1e15)
/// trapped the module, out of memory; tick(1e9) blocked the page for seconds).
#[wasm_bindgen_test]
fn a_tick_of_any_size_returns_with_a_bounded_number_of_events() {
    let c = canvas(100);
    for t in [1e9, 1e11, 1e15, 1e308] {
        let flow = BreathFlow::new(
            c.clone().into(),
            json(r#"{"pattern":"box","clock":"manual"}"#),
        )
        .unwrap();
        let (phases, _off) = collect(&flow, "phase");
        flow.tick(t).unwrap();
        let n = phases.borrow().len();
        assert!(
            (999 * 4..=1000 * 4).contains(&n),
            "tick({t}): {n} phase events"
        );
        let s = flow.state().unwrap();
        assert_eq!(get(&s, "status").as_string().unwrap(), "running");
        flow.tick(t).unwrap(); // and it goes on working
        flow.destroy();
    }
    c.remove();
}

/// Run `act` on the widget from its first `phase` listener call during a 10-breath jump, and
/// return the phase details and DOM phase events that reached the page, and every status.
fn inside_a_listener(act: &str) -> (Vec<JsValue>, u32, Vec<String>) {
    let c = canvas(100);
    let obj = js_widget(&c, r#"{"pattern":"box","breaths":20,"clock":"manual"}"#);
    let log = Array::new();
    let statuses = Array::new();
    let dom = Rc::new(RefCell::new(0u32));
    let d2 = dom.clone();
    let on_dom = Closure::<dyn FnMut(JsValue)>::new(move |_| *d2.borrow_mut() += 1);
    c.add_event_listener_with_callback("breathflow:phase", on_dom.as_ref().unchecked_ref())
        .unwrap();
    on_dom.forget();
    let listener = js(
        "obj, log, act",
        "return (d) => { log.push(d); if (obj.__armed) { obj.__armed = false; act(obj); } };",
    )
    .call3(&JsValue::NULL, &obj, &log, &js("obj", act))
    .unwrap();
    call(&obj, "on", &["phase".into(), listener]).unwrap();
    let st = js("statuses", "return (d) => statuses.push(d.status);")
        .call1(&JsValue::NULL, &statuses)
        .unwrap();
    call(&obj, "on", &["status".into(), st]).unwrap();
    call(&obj, "tick", &[0.0.into()]).unwrap();
    log.set_length(0);
    statuses.set_length(0);
    *dom.borrow_mut() = 0;
    Reflect::set(&obj, &"__armed".into(), &true.into()).unwrap();
    call(&obj, "tick", &[160_000.0.into()]).unwrap(); // 10 breaths of 4 phases
    let n = *dom.borrow();
    let _ = call(&obj, "destroy", &[]);
    c.remove();
    (
        log.iter().collect(),
        n,
        statuses.iter().map(|s| s.as_string().unwrap()).collect(),
    )
}

/// After stop(), next(), previous() or destroy() inside a listener, nothing more of the old
/// timeline reaches the page: neither the rest of the jump's events nor the DOM event of the
/// one being delivered (it used to deliver all 40).
#[wasm_bindgen_test]
fn an_action_inside_a_listener_ends_the_delivery_of_the_old_timeline() {
    let (log, dom, statuses) = inside_a_listener("obj.stop()");
    assert_eq!((log.len(), dom), (1, 0), "stop");
    assert_eq!(statuses, ["idle"]);

    let (log, dom, statuses) = inside_a_listener("obj.destroy()");
    assert_eq!((log.len(), dom, statuses.len()), (1, 0, 0), "destroy");

    // A pattern's next() goes to its end: only the end's events follow.
    let (log, dom, statuses) = inside_a_listener("obj.next()");
    assert_eq!((log.len(), dom), (1, 0), "next");
    assert_eq!(statuses, ["done"]);

    // A pattern's previous() goes back to 0 and, the manual clock being the host's, waits there.
    let (log, _, statuses) = inside_a_listener("obj.previous()");
    let at: Vec<f64> = log
        .iter()
        .map(|d| get(d, "atMs").as_f64().unwrap())
        .collect();
    assert_eq!(
        at,
        [4000.0, 0.0],
        "previous: the first, then where it landed"
    );
    assert!(statuses.is_empty());
}

/// A tick() inside a listener: its events come after the rest of the jump's, in time order.
#[wasm_bindgen_test]
fn a_tick_inside_a_listener_keeps_the_order_by_time() {
    let (log, dom, _) = inside_a_listener("obj.tick(200000)");
    let at: Vec<f64> = log
        .iter()
        .map(|d| get(d, "atMs").as_f64().unwrap())
        .collect();
    assert_eq!(at.len(), 50, "(0, 200 s] at a phase every 4 s");
    assert_eq!(dom, 50);
    assert!(at.windows(2).all(|w| w[0] < w[1]), "in order: {at:?}");
    assert_eq!(at[0], 4000.0);
    assert_eq!(at[49], 200_000.0);
}

/// tick() on a paused manual widget refuses, leaving time and status as they were (it used to
/// move time and fire events while the status stayed "paused").
#[wasm_bindgen_test]
fn a_paused_manual_widget_refuses_tick() {
    let c = canvas(100);
    let flow = BreathFlow::new(
        c.clone().into(),
        json(r#"{"pattern":"box","clock":"manual"}"#),
    )
    .unwrap();
    let (phases, _off) = collect(&flow, "phase");
    flow.tick(1000.0).unwrap();
    flow.pause().unwrap();
    let n = phases.borrow().len();
    let e = message(flow.tick(9000.0).unwrap_err());
    assert!(e.contains("paused") && e.contains("resume()"), "{e}");
    let s = flow.state().unwrap();
    assert_eq!(get(&s, "status").as_string().unwrap(), "paused");
    assert_eq!(get(&s, "elapsedMs").as_f64().unwrap(), 1000.0);
    assert_eq!(phases.borrow().len(), n);
    flow.resume().unwrap();
    flow.tick(9000.0).unwrap();
    assert_eq!(phases.borrow().len(), n + 2);
    flow.destroy();
    c.remove();
}

/// free() inside a listener throws a clear Error and the handle goes on working; calls after
/// free() say so (they said "null pointer passed to rust").
#[wasm_bindgen_test]
async fn free_inside_a_listener_is_refused_and_calls_after_free_say_it_was_freed() {
    let c = canvas(100);
    for options in [
        r#"{"pattern":"box","clock":"manual"}"#,
        r#"{"pattern":"box"}"#,
    ] {
        let obj = js_widget(&c, options);
        let errors = Array::new();
        let listener = js(
            "obj, errors",
            "return () => { try { obj.free(); errors.push('freed'); } catch (e) { errors.push(e.message); } };",
        )
        .call2(&JsValue::NULL, &obj, &errors)
        .unwrap();
        call(&obj, "on", &["phase".into(), listener]).unwrap();
        if options.contains("manual") {
            call(&obj, "tick", &[0.0.into()]).unwrap(); // the listener runs inside tick()
        } else {
            call(&obj, "start", &[]).unwrap();
            call(&obj, "stop", &[]).unwrap();
            call(&obj, "start", &[]).unwrap(); // the first phase: inside start()
        }
        assert!(errors.length() >= 1);
        let e = errors.get(0).as_string().unwrap();
        assert!(e.contains("free() cannot be called from inside"), "{e}");
        // Still usable.
        call(&obj, "state", &[]).unwrap();
        call(&obj, "pause", &[]).unwrap();
        call(&obj, "free", &[]).unwrap();
        for (name, args) in [
            ("state", vec![]),
            ("start", vec![]),
            ("free", vec![]),
            ("destroy", vec![]),
        ] {
            let e = call(&obj, name, &args).unwrap_err();
            assert!(
                e.contains("BreathFlow: this instance was freed"),
                "{name}: {e}"
            );
        }
    }
    // A Pacer after free() says so too.
    let pacer: JsValue = Pacer::new("4-7-8".into(), JsValue::UNDEFINED)
        .unwrap()
        .into();
    call(&pacer, "sample", &[JsValue::from(1000.0)]).unwrap();
    call(&pacer, "free", &[]).unwrap();
    for name in ["sample", "schedule", "free"] {
        let e = call(&pacer, name, &[JsValue::from(0.0), JsValue::from(1.0)]).unwrap_err();
        assert!(e.contains("Pacer: this instance was freed"), "{name}: {e}");
    }
    // A frame-clock listener (no call of the instance under way) is refused too.
    let obj = js_widget(&c, r#"{"pattern":"box"}"#);
    let errors = Array::new();
    let listener = js(
        "obj, errors",
        "return () => { try { obj.free(); errors.push('freed'); } catch (e) { errors.push(e.message); } };",
    )
    .call2(&JsValue::NULL, &obj, &errors)
    .unwrap();
    call(&obj, "on", &["breath".into(), listener]).unwrap();
    call(&obj, "start", &[]).unwrap();
    // The first breath ends at 16 s: jump there with a catch-up page hidden meanwhile instead of
    // waiting — simpler: destroy inside a listener and free after it returns.
    let off = js(
        "obj",
        "return obj.on('phase', () => { obj.destroy(); try { obj.free(); } catch (e) { obj.__err = e.message; } });",
    )
    .call1(&JsValue::NULL, &obj)
    .unwrap();
    let _ = off;
    call(&obj, "stop", &[]).unwrap();
    call(&obj, "start", &[]).unwrap();
    let e = get(&obj, "__err").as_string().unwrap_or_default();
    assert!(e.contains("free() cannot be called from inside"), "{e}");
    call(&obj, "free", &[]).unwrap();
    c.remove();
}

/// on() with a type that is not an event name (not even a string) says what the types are.
#[wasm_bindgen_test]
fn on_with_a_type_that_is_no_event_name_lists_the_names() {
    let c = canvas(100);
    let obj = js_widget(&c, r#"{"pattern":"box","clock":"manual"}"#);
    let f = js("", "return () => {};").call0(&JsValue::NULL).unwrap();
    for (t, got) in [
        (JsValue::from(5), "got a value of type number"),
        (JsValue::NULL, "got null"),
        (JsValue::UNDEFINED, "got a value of type undefined"),
        ("tick".into(), "got \"tick\""),
    ] {
        let e = call(&obj, "on", &[t, f.clone()]).unwrap_err();
        assert!(
            e.starts_with(
                "on: type must be one of phase, breath, step, complete, status, countdown"
            ) && e.ends_with(got),
            "{e}"
        );
    }
    call(&obj, "free", &[]).unwrap();
    c.remove();
}

/// destroy() releases what the instance holds in wasm memory without waiting for free(): 500
/// frame-clock widgets created, started and destroyed, their handles kept (so no garbage
/// collector can free them), leave wasm memory about where it was (it grew by 66 MB).
#[wasm_bindgen_test]
fn destroy_releases_the_instance_memory_without_free() {
    let keep = Array::new();
    let round = |n: u32| {
        for _ in 0..n {
            let c = canvas(160);
            let obj = js_widget(&c, r#"{"flow":"mobilize-ribs"}"#);
            call(&obj, "start", &[]).unwrap();
            call(&obj, "destroy", &[]).unwrap();
            c.remove();
            keep.push(&obj);
        }
    };
    round(20); // warm-up
    let before = wasm_memory();
    round(500);
    let grew = wasm_memory() - before;
    assert!(grew <= 2.0 * 65536.0, "wasm memory grew by {grew} B");
}

/// state() while the canvas is off screen (no frames) and the session runs reports the present
/// session time, not the time of the last frame drawn.
#[wasm_bindgen_test]
async fn state_off_screen_reports_the_present_time() {
    let c = canvas(100);
    c.style().set_property("position", "absolute").unwrap();
    c.style().set_property("top", "20000px").unwrap();
    let flow = BreathFlow::new(c.clone().into(), json(r#"{"pattern":"box"}"#)).unwrap();
    frames(3).await; // the IntersectionObserver's first report: off screen
                     // t0 before start(): the session's time 0 is at or after it, so elapsed ≤ waited.
    let t0 = web_sys::window().unwrap().performance().unwrap().now();
    flow.start().unwrap();
    sleep(600).await;
    let s = flow.state().unwrap();
    let waited = web_sys::window().unwrap().performance().unwrap().now() - t0;
    let elapsed = get(&s, "elapsedMs").as_f64().unwrap();
    assert!(
        elapsed >= 600.0 && elapsed <= waited + 1.0,
        "elapsed {elapsed} after {waited} ms"
    );
    flow.destroy();
    c.remove();
}

/// destroy() inside a listener called from a frame or from the timer at a boundary (the widget
/// is then freed while that callback runs): nothing more is delivered, nothing throws, and the
/// page's frames go on.
#[wasm_bindgen_test]
async fn destroy_inside_a_listener_called_from_a_frame_or_timer() {
    for on_screen in [true, false] {
        let c = canvas(60);
        if !on_screen {
            c.style().set_property("position", "absolute").unwrap();
            c.style().set_property("top", "20000px").unwrap();
        }
        let obj = js_widget(&c, r#"{"pattern":"1-1"}"#);
        let log = Array::new();
        let listener = js(
            "obj, log",
            "return (d) => { log.push(d.atMs); if (d.atMs === 1000) obj.destroy(); };",
        )
        .call2(&JsValue::NULL, &obj, &log)
        .unwrap();
        call(&obj, "on", &["phase".into(), listener]).unwrap();
        frames(2).await;
        call(&obj, "start", &[]).unwrap();
        sleep(2500).await;
        let at: Vec<f64> = log.iter().map(|v| v.as_f64().unwrap()).collect();
        assert_eq!(at, [0.0, 1000.0], "on screen: {on_screen}");
        assert!(call(&obj, "state", &[]).unwrap_err().contains("destroyed"));
        call(&obj, "free", &[]).unwrap();
        frames(2).await;
        c.remove();
    }
}

/// The session ms of the first `step` event whose `key` is `value` (ticking a manual widget
/// through `flow` to its end).
fn step_at(flow: &str, key: &str, value: JsValue) -> f64 {
    let w = BreathFlow::new(
        canvas(40).into(),
        json(&format!(r#"{{"flow":"{flow}","clock":"manual"}}"#)),
    )
    .unwrap();
    let (steps, _off) = collect(&w, "step");
    w.tick(1e9).unwrap();
    let at = steps
        .borrow()
        .iter()
        .find(|d| get(d, key) == value)
        .map(|d| get(d, "atMs").as_f64().unwrap())
        .unwrap_or_else(|| panic!("{flow}: no step with {key} = {value:?}"));
    w.destroy();
    at
}

/// state().step says which spot of a pressure hold and which side of a pose this is, carries the
/// cue in full, and whether the canvas, at its size, shows all of it (issue 17).
#[wasm_bindgen_test]
async fn state_step_has_the_spot_the_side_the_cue_and_whether_the_canvas_shows_it() {
    let spot2 = step_at("pressure-point-release", "spot", 2.into());
    let left = step_at("back-strengthening", "side", "left".into());
    let right = step_at("back-strengthening", "side", "right".into());
    let rule = "Stop if it hurts. A strong, satisfying pressure is fine; pain is not. If you feel \
                pain, lift off the spot and rest.";
    let cases = [
        (
            "pressure-point-release",
            spot2,
            120,
            "hold",
            (2.0, 3.0),
            "null",
            Some(rule),
            false,
        ),
        (
            "pressure-point-release",
            spot2,
            320,
            "hold",
            (2.0, 3.0),
            "null",
            Some(rule),
            false,
        ),
        (
            "back-strengthening",
            left,
            120,
            "tadasana-half-moon",
            (-1.0, -1.0),
            "left",
            None,
            false,
        ),
        (
            "back-strengthening",
            left,
            320,
            "tadasana-half-moon",
            (-1.0, -1.0),
            "left",
            None,
            true,
        ),
        (
            "back-strengthening",
            right,
            480,
            "tadasana-half-moon",
            (-1.0, -1.0),
            "right",
            None,
            true,
        ),
    ];
    for (flow_id, at, px, id, (spot, spots), side, cue, fits) in cases {
        let c = css_canvas(px);
        let flow = BreathFlow::new(
            c.clone().into(),
            json(&format!(r#"{{"flow":"{flow_id}","clock":"manual"}}"#)),
        )
        .unwrap();
        frames(2).await;
        flow.tick(at + 1.0).unwrap();
        let step = get(&flow.state().unwrap(), "step");
        let what = format!("{flow_id} at {at} ms on {px} px");
        assert_eq!(get(&step, "id").as_string().unwrap(), id, "{what}");
        let num = |k: &str| get(&step, k).as_f64().unwrap_or(-1.0);
        assert!(
            get(&step, "spot").is_null() == (spot < 0.0),
            "{what}: spot is null or a number"
        );
        assert_eq!((num("spot"), num("spots")), (spot, spots), "{what}");
        let s = get(&step, "side");
        assert_eq!(s.as_string().unwrap_or("null".into()), side, "{what}");
        let shown = get(&step, "cue").as_string().expect("a cue");
        let first = Array::from(&get(&step, "cues")).get(0).as_string().unwrap();
        assert_eq!(
            shown, first,
            "{what}: the cue is the first of the cues, in full"
        );
        if let Some(cue) = cue {
            assert_eq!(shown, cue, "{what}");
        }
        assert_eq!(get(&step, "cueFits").as_bool(), Some(fits), "{what}");
        flow.destroy();
        c.remove();
    }
}

/// The shipped languages, as `registerLocale` takes them.
const LOCALES: [(&str, &str); 3] = [
    ("es", include_str!("../library/locales/es.json")),
    ("de", include_str!("../library/locales/de.json")),
    ("fr", include_str!("../library/locales/fr.json")),
];

#[wasm_bindgen_test]
async fn every_locales_canvas_words_fit_unsqueezed_at_320_and_1000_px() {
    // Measured with the browser's fonts: every text a frame draws (the phase words and route,
    // the seconds and breath count, the detail line, the zone labels, the titles and cues) at its
    // width is no wider than the width the layout gave it (where fillText would squeeze it), in
    // every library flow and in dirga, at 320 and 1000 CSS px; and no label is cut.
    let measure = Function::new_with_args(
        "cmds",
        r#"
        const ctx = document.createElement("canvas").getContext("2d");
        const out = [];
        for (const c of cmds) {
          if (c.op !== "text") continue;
          ctx.font = `${c.bold ? "600" : "400"} ${c.size}px system-ui, sans-serif`;
          out.push([c.text, ctx.measureText(c.text).width, c.maxWidth, c.size, c.bold]);
        }
        return out;
        "#,
    );
    let flows = Array::from(&get(&api::library(None).unwrap(), "flows"));
    let mut practices: Vec<String> = flows
        .iter()
        .map(|f| {
            format!(
                r#""flow":"{}","countdown":3"#,
                get(&f, "id").as_string().unwrap()
            )
        })
        .collect();
    practices.push(r#""pattern":"dirga","breaths":2"#.into());
    practices.push(r#""pattern":"ujjayi","breaths":2,"countdown":3"#.into());
    let mut measured = 0;
    let mut worst = 0f64;
    let (mut bold_k, mut plain_k) = (0f64, 0f64);
    for (tag, texts) in LOCALES {
        assert_eq!(
            breathflow::web::locale::register_locale(tag, json(texts)).unwrap(),
            tag
        );
        let table = json(texts);
        let label = |id: &str| get(&table, id).as_string().unwrap();
        let words = [
            label("canvas.inhale"),
            label("canvas.exhale"),
            label("canvas.hold"),
        ];
        for px in [320, 1000] {
            let c = css_canvas(px);
            for p in &practices {
                yield_to_driver().await;
                let o = format!(r#"{{{p},"clock":"manual","locale":"{tag}"}}"#);
                let flow = BreathFlow::new(c.clone().into(), json(&o)).unwrap();
                assert_eq!(
                    get(&flow.state().unwrap(), "locale").as_string().unwrap(),
                    tag
                );
                flow.start().unwrap();
                let mut t = 0.0;
                let running = |f: &BreathFlow| {
                    get(&f.state().unwrap(), "status").as_string() != Some("done".into())
                };
                while running(&flow) && t < 3_600_000.0 {
                    flow.tick(t).unwrap();
                    let cmds = get(&flow.draw_commands().unwrap(), "cmds");
                    for m in Array::from(&measure.call1(&JsValue::NULL, &cmds).unwrap()).iter() {
                        let m = Array::from(&m);
                        let text = m.get(0).as_string().unwrap();
                        let (w, max) = (m.get(1).as_f64().unwrap(), m.get(2).as_f64().unwrap());
                        let size = m.get(3).as_f64().unwrap();
                        let per_char = w / (text.chars().count() as f64 * size * 0.55);
                        if m.get(4).as_bool().unwrap() {
                            bold_k = bold_k.max(per_char);
                        } else {
                            plain_k = plain_k.max(per_char);
                        }
                        // fillText squeezes a text wider than its box: by 3 % at the most
                        // (the core's width estimate is a little short for some words), which
                        // no one sees; never cut.
                        assert!(
                            w <= max * 1.03 + 0.5,
                            "{tag} at {px} px, {o}: {text:?} at {size} px is {w:.1} px wide in a {max:.1} px box; widest per char: bold {bold_k:.3}, plain {plain_k:.3}"
                        );
                        worst = worst.max(w / max);
                        // The phase words and every bold text (title, detail, seconds) whole:
                        // only a cue may be cut, and the element then shows it in full below.
                        let phase = words.iter().any(|w| text.starts_with(w.as_str()));
                        let bold = m.get(4).as_bool().unwrap();
                        assert!(
                            !((phase || bold) && text.ends_with('…')),
                            "{tag} at {px} px: {text:?} cut"
                        );
                        measured += 1;
                    }
                    t += 1_700.0;
                }
                flow.destroy();
            }
            c.remove();
        }
    }
    assert!(measured > 3000, "{measured} texts measured");
    web_sys::console::log_1(
        &format!("{measured} texts measured, widest {worst:.3} of its box").into(),
    );
}

#[wasm_bindgen_test]
fn a_locale_reaches_the_library_the_safety_texts_and_a_live_widget() {
    let (tag, texts) = LOCALES[1];
    breathflow::web::locale::register_locale(tag, json(texts)).unwrap();
    let table = json(texts);
    let text = |id: &str| get(&table, id).as_string().unwrap();
    // library(locale), conditions(locale), guidance(…, locale), adaptFlow(…, locale).
    let flows = Array::from(&get(&api::library(Some("de-AT".into())).unwrap(), "flows"));
    let titles: Vec<String> = flows
        .iter()
        .map(|f| get(&f, "title").as_string().unwrap())
        .collect();
    assert!(
        titles.contains(&text("flow.mobilize-ribs.title")),
        "{titles:?}"
    );
    let english = Array::from(&get(&api::library(Some("xx".into())).unwrap(), "flows"));
    assert!(english
        .iter()
        .any(|f| get(&f, "title").as_string().as_deref() == Some("Mobilize the Ribs")));
    let conds = Array::from(&api::conditions(Some("de".into())).unwrap());
    assert_eq!(
        get(&conds.get(0), "advice").as_string().unwrap(),
        text("condition.eye-condition.advice")
    );
    let g = Array::from(&api::guidance(JsValue::UNDEFINED, Some("de".into())).unwrap());
    assert_eq!(
        get(&g.get(0), "title").as_string().unwrap(),
        text("guidance.stop-on-pain.title")
    );
    let a = api::adapt_flow(
        "back-strengthening".into(),
        json(r#"["eye-condition"]"#),
        Some("de".into()),
    )
    .unwrap();
    let reason = get(&Array::from(&get(&a, "changes")).get(0), "reason")
        .as_string()
        .unwrap();
    assert!(
        reason.contains(&text("condition.eye-condition.describe")),
        "{reason}"
    );
    // A bad table names the field.
    let e = breathflow::web::locale::register_locale("de", json(r#"{"canvas.inhale": 3}"#))
        .map(|_| ())
        .unwrap_err();
    let msg = get(&JsValue::from(e), "message").as_string().unwrap();
    assert!(
        msg.contains("texts[\"canvas.inhale\"]") && msg.contains("string"),
        "{msg}"
    );
    // A live widget changes language where it is, keeping its time.
    let c = css_canvas(320);
    let flow = BreathFlow::new(
        c.clone().into(),
        json(r#"{"flow":"mobilize-ribs","clock":"manual","countdown":0}"#),
    )
    .unwrap();
    flow.start().unwrap();
    flow.tick(12_000.0).unwrap();
    let before = flow.state().unwrap();
    assert_eq!(get(&before, "locale").as_string().unwrap(), "en");
    assert_eq!(flow.set_locale(Some("de-CH".into())).unwrap(), "de");
    let after = flow.state().unwrap();
    assert_eq!(get(&after, "locale").as_string().unwrap(), "de");
    assert_eq!(
        get(&after, "elapsedMs").as_f64(),
        get(&before, "elapsedMs").as_f64()
    );
    assert_eq!(
        get(&get(&after, "step"), "title").as_string().unwrap(),
        text("flow.mobilize-ribs.steps.lie-down.title")
    );
    let cmds = js_sys::JSON::stringify(&flow.draw_commands().unwrap())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(cmds.contains(&text("canvas.pose")), "{cmds}");
    flow.destroy();
    c.remove();
}
