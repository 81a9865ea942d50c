// The practice page's script (no inline script: the page runs under a strict CSP).
import init, { BreathFlow } from "./pkg/breathflow.js";

await init();
const flow = new BreathFlow(document.getElementById("stage"), { pattern: "ribs", breaths: 10 });
flow.start();
