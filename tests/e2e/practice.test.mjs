// The practice page end to end: a practice runs and lands in the log, the safety check adapts a
// flow and says why, shared links are validated, saved data that cannot be read is set aside, the
// editor saves and shares, and everything works from the keyboard alone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open, practiceReady, shareFragment, TINY_FLOW, recordAnnouncements } from "./harness.mjs";

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});


const status = (page) => page.getAttribute("#player", "data-status");
const waitStatus = (page, s, timeout = 15_000) => page.waitForSelector(`#player[data-status="${s}"]`, { timeout });

/** A cheap fingerprint of a canvas's pixels. */
function canvasHash(sel) {
  const c = document.querySelector(sel);
  const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  let h = 0;
  for (let i = 0; i < d.length; i += 4) h = (h * 31 + d[i] + d[i + 1] * 7 + d[i + 2] * 13) >>> 0;
  return h;
}

test("the practice page loads under its CSP, and the canvas animates once started", async () => {
  const { page, context, errors } = await open(env, "index.html");
  await practiceReady(page);
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'; style-src 'self'/);
  assert.equal(await page.textContent("#practice-title"), "Rib mobilizer");
  await page.click("#btn-play");
  await waitStatus(page, "running");
  const first = await page.evaluate(canvasHash, "#stage");
  // A condition, not a sleep: frame after frame until the pixels change (the CSP forbids passing
  // the hash function into waitForFunction as a string, so Node compares).
  let changed = false;
  for (let i = 0; i < 300 && !changed; i++) {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
    changed = (await page.evaluate(canvasHash, "#stage")) !== first;
  }
  assert.ok(changed, "the canvas pixels change while the practice runs");
  await page.click("#btn-stop");
  await waitStatus(page, "idle");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a short shared flow runs start → pause → resume → next → complete and lands in the log", async () => {
  const { page, context, errors } = await open(env, `index.html${shareFragment("flow", TINY_FLOW)}`, {}, { initScript: recordAnnouncements });
  await practiceReady(page);
  // The link was validated by the engine and offered.
  await page.waitForSelector('#shared[data-state="ok"]');
  assert.equal(await page.textContent("#shared h2"), "Tiny test flow");
  await page.click('#shared button:has-text("Practise it")');
  // A flow always passes the safety check first.
  await page.waitForSelector("dialog#safety[open]");
  await page.click('dialog#safety button[value="ok"]');
  await page.waitForFunction(() => document.querySelector("#practice-title").textContent === "Tiny test flow");
  await waitStatus(page, "idle");
  assert.match(await page.textContent("#step-count"), /Step 1 of 3/);

  await page.click("#btn-play");
  await waitStatus(page, "running");
  await page.waitForFunction(() => document.querySelector("#step-title").textContent === "Reach up");
  assert.equal(await page.textContent("#btn-play"), "Pause");

  await page.click("#btn-play");
  await waitStatus(page, "paused");
  assert.equal(await page.textContent("#btn-play"), "Resume");
  const pausedLeft = await page.textContent("#time-left");

  await page.click("#btn-play");
  await waitStatus(page, "running");
  assert.equal(await page.textContent("#step-title"), "Reach up", "resuming stays on the same step");
  assert.match(pausedLeft, /^0:3\d left$/);

  await page.click("#btn-next");
  await page.waitForFunction(() => document.querySelector("#step-title").textContent.startsWith("Breathe") || document.querySelector("#step-count").textContent.startsWith("Step 2"));
  assert.match(await page.textContent("#step-count"), /Step 2 of 3/);

  // Two 2-second breaths and a 1-second rest: the flow completes on its own.
  await waitStatus(page, "done", 20_000);
  assert.equal(await page.textContent("#btn-play"), "Start again");
  assert.equal(await page.textContent("#step-title"), "Well done");

  // The log: the list, the summary and the stored entry.
  await page.waitForSelector("#log-list li");
  const row = await page.textContent("#log-list li:first-child");
  assert.match(row, /Tiny test flow/);
  assert.match(row, /2 breaths/);
  assert.doesNotMatch(row, /stopped early/);
  assert.match(await page.textContent("#log-summary"), /Last 7 days: 1 practice/);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("breathflow.log")));
  assert.equal(stored.length, 1);
  assert.equal(stored[0].completed, true);
  assert.equal(stored[0].kind, "flow");
  assert.equal(stored[0].breaths, 2);
  assert.ok(stored[0].minutes > 0 && stored[0].minutes < 1, `minutes ${stored[0].minutes}`);
  assert.match(await page.getAttribute("#chart", "aria-label"), /on 1 day/);

  // The live region told a screen reader about each step, once, without phase chatter.
  const said = await page.evaluate(() => window.__announced);
  assert.ok(said.includes("Step 1 of 3: Reach up."), said.join(" | "));
  assert.ok(said.includes("Step 2 of 3: Two quick breaths."), said.join(" | "));
  assert.ok(said.includes("Paused."), said.join(" | "));
  assert.ok(said.some((s) => s.startsWith("Practice complete")), said.join(" | "));
  assert.ok(!said.some((s) => /^Breathe (in|out)$/.test(s)), "phases are not announced unless asked for");

  // Export is offered as a download of the same entries.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#log-export")]);
  assert.match(download.suggestedFilename(), /^breathflow-log-\d{4}-\d\d-\d\d\.json$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the safety check adapts back-strengthening, says why on screen, and remembers the answers", async () => {
  const { page, context, errors } = await open(env, "index.html");
  await practiceReady(page);
  const practise = () => page.click('#flow-cards [data-id="back-strengthening"] button');

  // Nothing ticked: the flow is as written, and nothing claims to be adapted.
  await practise();
  await page.waitForSelector("dialog#safety[open]");
  assert.equal(await page.locator("#safety-conditions input").count(), 4);
  const guidance = await page.textContent("#safety-guidance");
  assert.match(guidance, /Pain means stop/);
  assert.match(guidance, /When to call a doctor/);
  assert.match(guidance, /under the lower ribs/);
  await page.click('dialog#safety button[value="ok"]');
  await page.waitForFunction(() => document.querySelector("#practice-title").textContent === "Back Strengthening Flow");
  assert.equal(await page.isHidden("#adapted"), true);
  assert.equal(await page.textContent("#step-title"), "Modified Down Dog");

  // Eye condition ticked: the dialog previews the change, the player shows it and why.
  await practise();
  await page.waitForSelector("dialog#safety[open]");
  await page.check("#cond-eye-condition");
  await page.waitForFunction(() => document.querySelector("#safety-preview").textContent.includes("Down Dog at the Wall"));
  // Advice for a ticked condition sits with the preview, after the checklist (pain and the doctor stay on top).
  assert.match(await page.textContent("#safety-advice"), /Eye conditions/);
  await page.click('dialog#safety button[value="ok"]');
  await page.waitForSelector("#adapted:not([hidden])");
  const adapted = await page.textContent("#adapted-list");
  assert.match(adapted, /Modified Down Dog replaced by Down Dog at the Wall/);
  assert.match(adapted, /head below the heart is not safe with glaucoma/);
  assert.equal(await page.getAttribute('#adapted-list li', "data-action"), "replaced");
  assert.equal(await page.textContent("#step-title"), "Down Dog at the Wall");
  await page.click("#btn-play");
  await page.waitForFunction(() => document.querySelector("#step-count").textContent === "Step 1 of 5");
  assert.equal(await page.textContent("#step-title"), "Down Dog at the Wall");
  await page.click("#btn-stop");

  // The answers are remembered: a reload ticks them again.
  await page.reload();
  await practiceReady(page);
  await practise();
  await page.waitForSelector("dialog#safety[open]");
  assert.equal(await page.isChecked("#cond-eye-condition"), true);
  assert.equal(await page.isChecked("#cond-high-blood-pressure"), false);
  // Escape cancels: the player keeps what it had.
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => !document.querySelector("dialog#safety").open);
  assert.equal(await page.textContent("#practice-title"), "Rib mobilizer");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a shared link that does not validate shows the engine's reason; the page carries on", async () => {
  const bad = { ...TINY_FLOW, steps: [{ ...TINY_FLOW.steps[0], seconds: -5 }] };
  const { page, context, errors } = await open(env, `index.html${shareFragment("flow", bad)}`);
  await practiceReady(page);
  await page.waitForSelector('#shared[data-state="error"]');
  assert.match(await page.textContent("#shared"), /steps\[0\]\.seconds: must be 1–3600 s, got -5/);
  // A link that was cut short.
  await page.evaluate(() => { location.hash = "#pattern=eyJwaGFzZXMiOl"; });
  await page.waitForFunction(() => document.querySelector("#shared").textContent.includes("cut short"));
  assert.equal(await page.isEnabled("#btn-play"), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test("saved data that cannot be read is reported and set aside, never crashing the page", async () => {
  const { page, context, errors } = await open(env, "index.html");
  await practiceReady(page);
  await page.evaluate(() => {
    localStorage.setItem("breathflow.log", "{this is not json");
    const good = { kind: "pattern", value: { id: "mine-good", title: "Good one", phases: [{ phase: "inhale", seconds: 4 }, { phase: "exhale", seconds: 6 }] } };
    const bad = { kind: "pattern", value: { id: "mine-bad", title: "Broken", phases: [{ phase: "inhale", seconds: -1 }] } };
    localStorage.setItem("breathflow.practices", JSON.stringify([good, bad]));
  });
  await page.reload();
  await practiceReady(page);
  const notices = await page.textContent("#notices");
  assert.match(notices, /Your practice log: part of it could not be read and was set aside/);
  assert.match(notices, /Your saved patterns and flows/);
  assert.match(notices, /phases\[0\]\.seconds/, "the engine's reason is shown");
  // The good practice survived; the log starts empty; the originals are kept.
  await page.waitForSelector('#mine-cards [data-id="mine-good"]');
  assert.equal(await page.locator('#mine-cards [data-id="mine-bad"]').count(), 0);
  assert.match(await page.textContent("#log-summary"), /Nothing logged yet/);
  const kept = await page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith("breathflow.set-aside.")).map((k) => [k, localStorage.getItem(k)]),
  );
  assert.ok(kept.some(([k, v]) => k.startsWith("breathflow.set-aside.log.") && v === "{this is not json"), JSON.stringify(kept));
  assert.ok(kept.some(([k, v]) => k.startsWith("breathflow.set-aside.practices.") && v.includes("Broken")), JSON.stringify(kept));
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('#notices .notice:has-text("Your practice log") button:has-text("Download what was set aside")')]);
  assert.match(download.suggestedFilename(), /set-aside-log/);
  // Still practises.
  await page.click("#btn-play");
  await waitStatus(page, "running");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the editor validates with the engine, previews live, saves on the device and shares a working link", async () => {
  const { page, context, errors } = await open(env, "index.html");
  await practiceReady(page);
  await page.fill("#ed-title", "Long exhale");
  await page.fill("#ed-in", "4");
  await page.fill("#ed-out", "200");
  await page.waitForFunction(() => document.querySelector("#editor-message").dataset.state === "error");
  assert.match(await page.textContent("#editor-message"), /Breath out \(s\): must be 0\.5–120 s, got 200/);
  assert.equal(await page.getAttribute("#ed-out", "aria-invalid"), "true");
  assert.equal(await page.isDisabled('#editor-form button[type="submit"]'), true);

  await page.fill("#ed-out", "6");
  await page.fill("#ed-out-to", "9");
  await page.fill("#ed-ramp-breaths", "8");
  await page.waitForFunction(() => document.querySelector("#editor-message").dataset.state === "ok");
  assert.match(await page.textContent("#editor-summary"), /In 4 · out 6 s, lengthening slowly/);
  // The preview runs (its button offers to pause it).
  await page.waitForFunction(() => document.querySelector("#preview-toggle").textContent === "Pause preview");

  await page.click('#editor-form button[type="submit"]');
  await page.waitForSelector('#mine-cards .card:has-text("Long exhale")');
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem("breathflow.practices")));
  assert.equal(saved.length, 1);
  assert.deepEqual(saved[0].value.phases[1].ramp, { to: 9, breaths: 8 });

  // Share: the link carries the pattern; opening it loads it into the player.
  await page.click('#mine-cards .card:has-text("Long exhale") button:has-text("Share link")');
  const link = await page.inputValue(".share-link");
  assert.match(link, /index\.html#pattern=/);
  const other = await context.newPage();
  await other.goto(link);
  await other.waitForFunction(() => document.querySelector("#practice-title").textContent === "Long exhale");
  assert.match(await other.textContent("#step-cues"), /In 4 · out 6 s/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("keyboard only: choose a flow, pass the safety check, play, pause, step and stop; focus is visible", async () => {
  const { page, context, errors } = await open(env, "index.html", {}, { initScript: recordAnnouncements });
  await practiceReady(page);
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    return { id: el.id, text: el.textContent.trim(), card: el.closest(".card")?.dataset.id ?? null, outline: getComputedStyle(el).outlineStyle };
  });
  /** Press Tab until `match(focused)`; fails rather than loop for ever. */
  async function tabTo(match, what, key = "Tab") {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press(key);
      const f = await focused();
      if (match(f)) return f;
    }
    assert.fail(`could not reach ${what} with ${key}`);
  }
  const card = await tabTo((f) => f.card === "mobilize-ribs" && f.text.startsWith("Practise"), "the Mobilize the Ribs card");
  assert.notEqual(card.outline, "none", "the focused control shows a focus ring");
  await page.keyboard.press("Enter");
  await page.waitForSelector("dialog#safety[open]");
  // The check is long: it opens with its title focused, so reading starts at the top (pain, doctor).
  assert.equal((await focused()).id, "safety-title", "focus moves into the safety check");
  await tabTo((f) => f.text === "Continue to the flow", "Continue");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("#practice-title").textContent === "Mobilize the Ribs");
  assert.equal((await focused()).id, "btn-play", "focus lands on Start");

  await page.keyboard.press("Enter");
  await waitStatus(page, "running");
  // Shortcuts work anywhere but in form fields: move to the canvas.
  const stage = await tabTo((f) => f.id === "stage", "the canvas", "Shift+Tab");
  assert.notEqual(stage.outline, "none");
  await page.keyboard.press("Space");
  await waitStatus(page, "paused");
  await page.keyboard.press("Space");
  await waitStatus(page, "running");
  // → skips the countdown to step 1, then moves on step by step.
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => document.querySelector("#step-count").textContent === "Step 1 of 4");
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => document.querySelector("#step-title").textContent === "Hands on the ribs");
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => document.querySelector("#step-title").textContent === "Rib breathing");
  await page.keyboard.press("ArrowLeft");
  await page.waitForFunction(() => document.querySelector("#step-title").textContent === "Hands on the ribs");
  await page.keyboard.press("Escape");
  await waitStatus(page, "idle");
  assert.equal(await status(page), "idle");
  const said = await page.evaluate(() => window.__announced);
  assert.ok(said.includes("Step 3 of 4: Rib breathing."), said.join(" | "));
  assert.ok(said.includes("Back to step 2 of 4: Hands on the ribs."), said.join(" | "));
  assert.ok(said.includes("Stopped."), said.join(" | "));
  assert.deepEqual(errors, []);
  await context.close();
});

/** Stand-ins for platform features headless Chromium lacks, recording what the page asks of them. */
function fakeWakeLockAndVoices() {
  window.__calls = [];
  const log = (what) => window.__calls.push(what);
  Object.defineProperty(navigator, "wakeLock", {
    configurable: true,
    value: {
      request: async (type) => {
        log(`lock ${type}`);
        const sentinel = new EventTarget();
        sentinel.released = false;
        sentinel.release = async () => {
          sentinel.released = true;
          log("release");
          sentinel.dispatchEvent(new Event("release"));
        };
        return sentinel;
      },
    },
  });
  const synth = new EventTarget();
  synth.getVoices = () => [{ name: "Test voice", lang: "en" }];
  synth.speak = (u) => log(`say ${u.text}`);
  synth.cancel = () => {};
  Object.defineProperty(window, "speechSynthesis", { configurable: true, value: synth });
}

test("speech: hidden without a voice; with one it reads each step's title and first cue, the same words as on screen", async () => {
  const plain = await open(env, "index.html");
  await practiceReady(plain.page);
  const voices = await plain.page.evaluate(() => speechSynthesis.getVoices().length);
  if (voices === 0) assert.equal(await plain.page.isHidden("#speech-options"), true, "no voice: no speech option");
  await plain.context.close();

  const { page, context, errors } = await open(env, `index.html${shareFragment("flow", TINY_FLOW)}`, {}, { initScript: fakeWakeLockAndVoices });
  await practiceReady(page);
  await page.waitForSelector("#speech-options:not([hidden])");
  assert.equal(await page.isChecked("#opt-speak-steps"), false, "spoken guidance is off by default");
  await page.check("#opt-speak-steps");
  await page.click('#shared button:has-text("Practise it")');
  await page.click('dialog#safety button[value="ok"]');
  await page.click("#btn-play");
  await page.waitForFunction(() => window.__calls.some((c) => c.startsWith("say Reach up")));
  const cue = await page.textContent("#step-cues li:first-child");
  const said = await page.evaluate(() => window.__calls.filter((c) => c.startsWith("say ")));
  assert.deepEqual(said, [`say Reach up. ${cue}`]);
  assert.equal(cue, TINY_FLOW.steps[0].cues[0]);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the screen wake lock is held while running and released on pause and stop", async () => {
  const { page, context, errors } = await open(env, "index.html", {}, { initScript: fakeWakeLockAndVoices });
  await practiceReady(page);
  const calls = () => page.evaluate(() => window.__calls.filter((c) => !c.startsWith("say")));
  assert.deepEqual(await calls(), []);
  await page.click("#btn-play");
  await page.waitForFunction(() => window.__calls.includes("lock screen"));
  await page.click("#btn-play");
  await waitStatus(page, "paused");
  await page.waitForFunction(() => window.__calls.filter((c) => c === "release").length === 1);
  await page.click("#btn-play");
  await page.waitForFunction(() => window.__calls.filter((c) => c === "lock screen").length === 2);
  await page.click("#btn-stop");
  await page.waitForFunction(() => window.__calls.filter((c) => c === "release").length === 2);
  assert.deepEqual(await calls(), ["lock screen", "release", "lock screen", "release"]);
  assert.deepEqual(errors, []);
  await context.close();
});

test("stopping after a minute or more still logs the practice, marked as stopped early", async () => {
  const { page, context, errors } = await open(env, "about:blank");
  // A fake clock, so a minute of practice takes a moment of test time.
  await page.clock.install();
  await page.goto(new URL("index.html", env.url).href);
  await practiceReady(page);
  await page.click("#btn-play");
  await waitStatus(page, "running");
  // Jump ahead (running every frame in between would take long), then let a few frames draw.
  await page.clock.fastForward(45_000);
  await page.clock.runFor(100);
  await page.click("#btn-stop");
  await waitStatus(page, "idle");
  assert.match(await page.textContent("#log-summary"), /Nothing logged yet/, "under a minute: not logged");
  await page.click("#btn-play");
  await page.clock.fastForward(75_000);
  await page.clock.runFor(100);
  await page.click("#btn-stop");
  await page.waitForSelector("#log-list li");
  const row = await page.textContent("#log-list li:first-child");
  assert.match(row, /Rib mobilizer/);
  assert.match(row, /stopped early/);
  const [entry] = await page.evaluate(() => JSON.parse(localStorage.getItem("breathflow.log")));
  assert.equal(entry.completed, false);
  assert.ok(entry.minutes >= 1.2 && entry.minutes <= 1.3, `minutes ${entry.minutes}`);
  assert.ok(entry.breaths >= 5, `breaths ${entry.breaths}`);
  assert.deepEqual(errors, []);
  await context.close();
});
