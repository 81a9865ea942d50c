//! Browser tests for the web shell, run by wasm-bindgen-test-runner in headless Chromium:
//! `cargo test --target wasm32-unknown-unknown --test web`.
#![cfg(target_arch = "wasm32")]

use breathflow::web::BreathFlow;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlCanvasElement;

wasm_bindgen_test_configure!(run_in_browser);

fn canvas() -> HtmlCanvasElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let c: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    c.set_width(200);
    c.set_height(200);
    doc.body().unwrap().append_child(&c).unwrap();
    c
}

#[wasm_bindgen_test]
fn constructs_and_destroys() {
    let c = canvas();
    let flow = BreathFlow::new(c.clone()).unwrap();
    flow.start();
    flow.destroy();
    flow.destroy();
}
