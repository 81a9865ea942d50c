// api.html: the two demos. A Pacer drives a host-drawn SVG from animation frames; a BreathFlow
// with a manual clock follows an <input type=range>.
import init, { BreathFlow, library, Pacer } from "../pkg/breathflow.js";
import { clock, phaseWord } from "./format.js";

await init();
const $ = (id) => document.getElementById(id);

// ---- 1. Pacer → SVG ---------------------------------------------------------------------------
const lung = $("pacer-lung");
const arc = $("pacer-arc");
const phaseText = $("pacer-phase");
const secsText = $("pacer-secs");
const readout = $("pacer-readout");
const select = $("pacer-pattern");
const toggle = $("pacer-toggle");
const CIRCUMFERENCE = 2 * Math.PI * 110;
arc.setAttribute("stroke-dasharray", String(CIRCUMFERENCE));
arc.setAttribute("stroke-dashoffset", String(CIRCUMFERENCE));

for (const p of library().patterns) {
  const o = document.createElement("option");
  o.value = p.id;
  o.textContent = p.title;
  select.append(o);
}
select.value = "box";

let pacer = null;
let raf = 0;
let t0 = 0;

function draw(s) {
  lung.setAttribute("r", (40 + 60 * s.expansion).toFixed(2));
  arc.setAttribute("stroke-dashoffset", (CIRCUMFERENCE * (1 - s.phaseProgress)).toFixed(1));
  phaseText.textContent = phaseWord(s.phase);
  secsText.textContent = `${Math.ceil(s.phaseRemainingMs / 1000)} s`;
  readout.value = `breath ${s.breath + 1} · expansion ${s.expansion.toFixed(2)}`;
}

function frame(now) {
  draw(pacer.sample(now - t0));
  raf = requestAnimationFrame(frame);
}

function stopPacer() {
  cancelAnimationFrame(raf);
  raf = 0;
  pacer?.free();
  pacer = null;
  toggle.textContent = "Start";
}

toggle.addEventListener("click", () => {
  if (raf) return stopPacer();
  pacer = new Pacer(select.value, undefined);
  t0 = performance.now();
  toggle.textContent = "Stop";
  raf = requestAnimationFrame(frame);
});
select.addEventListener("change", () => {
  const running = raf !== 0;
  stopPacer();
  if (running) toggle.click();
});

// ---- 2. BreathFlow, manual clock, scrubber -------------------------------------------------------
const scrubber = $("scrubber");
const scrubReadout = $("scrub-readout");
const events = $("manual-events");
const play = $("manual-play");
const flow = new BreathFlow($("manual-canvas"), { flow: "daily-prevention", clock: "manual" });
const total = flow.state().totalMs;
scrubber.max = String(total);

function logEvent(text) {
  const li = document.createElement("li");
  li.textContent = text;
  events.prepend(li);
  while (events.children.length > 6) events.lastElementChild.remove();
}
flow.on("step", (e) => logEvent(`${clock(e.atMs)}  step     ${e.title}${e.side ? ` (${e.side})` : ""}`));
flow.on("breath", (e) => logEvent(`${clock(e.atMs)}  breath   ${e.breath}`));
flow.on("complete", (e) => logEvent(`${clock(e.atMs)}  complete ${e.breaths} breaths`));

function show() {
  const s = flow.state();
  const where = s.status === "done" ? "complete" : s.step ? s.step.title : "get ready";
  scrubReadout.value = `${clock(s.elapsedMs)} / ${clock(total)} · ${where}${s.phase ? ` · ${phaseWord(s.phase).toLowerCase()}` : ""}`;
  scrubber.setAttribute("aria-valuetext", `${clock(s.elapsedMs)}, ${where}`);
}

let pos = 0;
function seek(ms) {
  pos = ms;
  flow.tick(ms);
  show();
}
scrubber.addEventListener("input", () => seek(Number(scrubber.value)));

// "Play" moves the scrubber with real time: the host owns the clock.
let playing = 0;
let last = 0;
function step(now) {
  const next = Math.min(total, pos + (now - last));
  last = now;
  scrubber.value = String(next);
  seek(next);
  if (next >= total) return stopPlaying();
  playing = requestAnimationFrame(step);
}
function stopPlaying() {
  cancelAnimationFrame(playing);
  playing = 0;
  play.textContent = "Play";
}
play.addEventListener("click", () => {
  if (playing) return stopPlaying();
  if (pos >= total) seek(0);
  last = performance.now();
  play.textContent = "Pause";
  playing = requestAnimationFrame(step);
});
$("manual-reset").addEventListener("click", () => {
  stopPlaying();
  scrubber.value = "0";
  seek(0);
});
seek(0);
