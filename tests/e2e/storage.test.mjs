// Nothing saved is ever dropped: unreadable data is only moved aside once its copy is safely
// stored (never when the device is full), a file or shared link never replaces a saved practice,
// Delete removes exactly the card clicked (even with ids doubled by older versions), and when the
// browser will not store anything the page says exactly that and keeps working in memory.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { launch, open, practiceReady, shareFragment, TINY_FLOW } from "./harness.mjs";

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/**
 * Runs in the page before its scripts: make storage behave like a full or locked-down browser.
 * `mode`: "budget" (setItem throws QuotaExceededError once the origin would hold more characters
 * than localStorage["test.budget"]), "always-throws" (every setItem throws `name`), or
 * "no-access" (touching window.localStorage throws a SecurityError). The real setItem stays
 * reachable as Storage.prototype.seedItem, for the test to put data in place.
 */
function storageRules({ mode, name = "QuotaExceededError" }) {
  const real = Storage.prototype.setItem;
  Object.defineProperty(Storage.prototype, "seedItem", { value: real, configurable: true });
  if (mode === "no-access") {
    Object.defineProperty(window, "localStorage", {
      configurable: true,
      get() {
        throw new DOMException("Access is denied for this document.", "SecurityError");
      },
    });
    return;
  }
  Storage.prototype.setItem = function (key, value) {
    if (mode === "always-throws") throw new DOMException("Storing is not allowed here.", name);
    const budget = Number(this.getItem("test.budget") ?? Infinity);
    let used = 0;
    for (let i = 0; i < this.length; i++) {
      const k = this.key(i);
      if (k !== key) used += k.length + this.getItem(k).length;
    }
    if (used + key.length + String(value).length > budget) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    return real.call(this, key, value);
  };
}
const rules = (options) => `(${storageRules})(${JSON.stringify(options)})`;

const pattern = (id, title, exhale = 6) => ({ id, title, phases: [{ phase: "inhale", seconds: 4 }, { phase: "exhale", seconds: exhale }] });
const entry = (value) => ({ kind: "pattern", value });

/** Put `data` (key → text) in storage with the real setItem; `spare` characters of room remain. */
async function seed(page, data, { spare } = {}) {
  await page.evaluate(
    ({ data, spare }) => {
      for (const [k, v] of Object.entries(data)) localStorage.seedItem(k, v);
      if (spare !== undefined) {
        let used = 0;
        for (let i = 0; i < localStorage.length; i++) used += localStorage.key(i).length + localStorage.getItem(localStorage.key(i)).length;
        localStorage.seedItem("test.budget", String(used + "test.budget".length + 12 + spare));
      }
    },
    { data, spare },
  );
}

/** The text of a download. */
const downloaded = async (download) => readFile(await download.path(), "utf8");

const stored = (page) =>
  page.evaluate(() => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith("breathflow.")).map((k) => [k, localStorage.getItem(k)])));

/** Practise the tiny shared flow to the end (it then goes in the log). */
async function finishTinyFlow(page) {
  await page.bringToFront(); // a hidden tab's practice pauses
  await page.evaluate((hash) => {
    location.hash = hash;
  }, shareFragment("flow", TINY_FLOW));
  await page.waitForSelector('#shared[data-state="ok"]');
  await page.click('#shared button:has-text("Practise it")');
  await page.waitForSelector("dialog#safety[open]");
  await page.click('dialog#safety button[value="ok"]');
  await page.waitForFunction(() => document.querySelector("#practice-title").textContent === "Tiny test flow");
  await page.waitForSelector('#player[data-status="idle"]');
  await page.click("#btn-play");
  await page.waitForSelector('#player[data-status="running"]');
  // Skip ahead while Next is offered (the last step then finishes on its own).
  for (let i = 0; i < 3 && (await page.getAttribute("#player", "data-status")) !== "done" && (await page.isEnabled("#btn-next")); i++) await page.click("#btn-next");
  await page.waitForSelector('#player[data-status="done"]', { timeout: 20_000 });
}

async function importFile(page, name, doc) {
  await page.setInputFiles("#import-file", { name, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(doc)) });
  await page.waitForFunction(() => document.querySelector("#import-message").dataset.state);
  const message = await page.textContent("#import-message");
  await page.evaluate(() => delete document.querySelector("#import-message").dataset.state);
  return message;
}

test("an unreadable log on a full device stays exactly where it is, and new practices never overwrite it", async () => {
  const { page, context, errors } = await open(env, "index.html", {}, { initScript: rules({ mode: "budget" }) });
  await practiceReady(page);
  await seed(page, { "breathflow.log": "{this is not json" }, { spare: 10 });
  await page.reload();
  await practiceReady(page);

  const notice = page.locator('#notices .notice:has-text("Your practice log")');
  await notice.waitFor();
  const text = await notice.textContent();
  assert.match(text, /could not be read, and this device has no room left to keep a copy of it aside/);
  assert.match(text, /left exactly as it was, and nothing will be saved over it/);
  assert.doesNotMatch(text, /was set aside/, "nothing claims a set-aside that did not happen");
  const [download] = await Promise.all([page.waitForEvent("download"), notice.locator('button:has-text("Download the unreadable part")').click()]);
  assert.match(download.suggestedFilename(), /unreadable-log/);
  assert.equal(await downloaded(download), "{this is not json");

  // A finished practice is shown, but the unreadable log is not written over.
  await finishTinyFlow(page);
  await page.waitForSelector('#log-list li:has-text("Tiny test flow")');
  // The page says the new entry can't be saved, and offers it.
  const unsaved = page.locator('#notices .notice:has-text("Your practice log can\'t be saved right now")');
  assert.match(await unsaved.textContent(), /kept only until you close this tab/);
  const [copy] = await Promise.all([page.waitForEvent("download"), unsaved.locator('button:has-text("Download what couldn\'t be saved")').click()]);
  assert.deepEqual(JSON.parse(await downloaded(copy)).map((e) => e.title), ["Tiny test flow"]);
  const after = await stored(page);
  assert.equal(after["breathflow.log"], "{this is not json");
  assert.deepEqual(Object.keys(after).filter((k) => k.includes("set-aside")), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a saved list with a broken entry is left whole on a full device; with room, the entry is set aside first", async () => {
  const good = entry(pattern("mine-good", "Good one"));
  const bad = entry({ id: "mine-bad", title: "Broken", phases: [{ phase: "inhale", seconds: -1 }] });
  const list = JSON.stringify([good, bad]);

  // No room for the copy: the list stays as it was; the good one still shows.
  {
    const { page, context, errors } = await open(env, "index.html", {}, { initScript: rules({ mode: "budget" }) });
    await practiceReady(page);
    await seed(page, { "breathflow.practices": list }, { spare: 10 });
    await page.reload();
    await practiceReady(page);
    await page.waitForSelector('#mine-cards [data-id="mine-good"]');
    assert.equal(await page.locator('#mine-cards [data-id="mine-bad"]').count(), 0);
    const notice = await page.textContent('#notices .notice:has-text("Your saved patterns and flows")');
    assert.match(notice, /no room left to keep a copy of it aside/);
    assert.match(notice, /phases\[0\]\.seconds/, "the engine's reason is shown");
    assert.equal((await stored(page))["breathflow.practices"], list, "the broken entry is not dropped");

    // Saving something new keeps it on the page for this visit, never over the stored list.
    const message = await importFile(page, "new.json", pattern(undefined, "Fresh one"));
    assert.match(message, /Added “Fresh one”/);
    await page.waitForSelector('#mine-cards .card:has-text("Fresh one")');
    assert.equal((await stored(page))["breathflow.practices"], list);
    assert.deepEqual(errors, []);
    await context.close();
  }

  // With room: the copy is stored, then the list is rewritten without the broken entry.
  {
    const { page, context, errors } = await open(env, "index.html");
    await practiceReady(page);
    await page.evaluate((list) => localStorage.setItem("breathflow.practices", list), list);
    await page.reload();
    await practiceReady(page);
    await page.waitForSelector('#notices .notice:has-text("Your saved patterns and flows: part of it could not be read and was set aside")');
    const after = await stored(page);
    assert.deepEqual(JSON.parse(after["breathflow.practices"]).map((x) => x.value.id), ["mine-good"]);
    const aside = Object.entries(after).filter(([k]) => k.startsWith("breathflow.set-aside.practices."));
    assert.equal(aside.length, 1);
    assert.deepEqual(JSON.parse(aside[0][1]), [bad]);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("a full device: a new practice is kept on the page, the last saved copy stays, and the page says it couldn't be saved", async () => {
  const { page, context, errors } = await open(env, "index.html", {}, { initScript: rules({ mode: "budget" }) });
  await practiceReady(page);
  const list = JSON.stringify([entry(pattern("mine-calm", "Calm"))]);
  await seed(page, { "breathflow.practices": list }, { spare: 10 });
  await page.reload();
  await practiceReady(page);
  assert.match(await importFile(page, "big.json", pattern(undefined, "Does not fit")), /Added “Does not fit”/);
  await page.waitForSelector('#mine-cards .card:has-text("Does not fit")');
  const notice = page.locator('#notices .notice:has-text("Your saved patterns and flows")');
  const text = await notice.textContent();
  assert.match(text, /couldn't be saved: this device has no room left/);
  assert.doesNotMatch(text, /set aside/);
  assert.equal((await stored(page))["breathflow.practices"], list);
  const [download] = await Promise.all([page.waitForEvent("download"), notice.locator('button:has-text("Download what couldn\'t be saved")').click()]);
  const body = await downloaded(download);
  assert.deepEqual(JSON.parse(body).map((x) => x.value.title), ["Calm", "Does not fit"]);
  assert.deepEqual(errors, []);
  await context.close();
});

test("importing a file never replaces a saved practice: the same one is a no-op, a different one with its id is kept as a new one", async () => {
  const { page, context, errors } = await open(env, "index.html");
  await practiceReady(page);
  const calm = pattern("mine-calm", "Calm");
  const long = pattern(`mine-${"a".repeat(59)}`, "Long id");
  await page.evaluate((list) => localStorage.setItem("breathflow.practices", JSON.stringify(list)), [entry(calm), entry(long)]);
  await page.reload();
  await practiceReady(page);

  assert.match(await importFile(page, "calm.json", calm), /“Calm” is already in your practices, so nothing was added/);
  let list = JSON.parse((await stored(page))["breathflow.practices"]);
  assert.equal(list.length, 2);

  const other = { ...pattern("mine-calm", "Calm, slower", 8) };
  const message = await importFile(page, "calm-slower.json", other);
  assert.match(message, /Added “Calm, slower”/);
  assert.match(message, /both are kept/);
  assert.match(message, /mine-calm-2/);
  list = JSON.parse((await stored(page))["breathflow.practices"]);
  assert.deepEqual(list.map((x) => [x.value.id, x.value.title]), [["mine-calm", "Calm"], [long.id, "Long id"], ["mine-calm-2", "Calm, slower"]]);
  assert.equal(list[0].value.phases[1].seconds, 6, "the saved one is unchanged");
  await page.waitForSelector('#mine-cards [data-id="mine-calm-2"]');

  // An id already 64 characters long is trimmed to make room for its number.
  assert.match(await importFile(page, "long.json", { ...long, title: "Long id, changed" }), /both are kept/);
  list = JSON.parse((await stored(page))["breathflow.practices"]);
  const newId = list.at(-1).value.id;
  assert.equal(newId, `mine-${"a".repeat(57)}-2`);
  assert.equal(newId.length, 64);
  assert.equal(list.length, 4);
  assert.deepEqual(errors, []);
  await context.close();
});

test("saving a shared link never replaces a saved practice", async () => {
  const { page, context, errors } = await open(env, "index.html");
  await practiceReady(page);
  const calm = pattern("mine-calm", "Calm");
  await page.evaluate((list) => localStorage.setItem("breathflow.practices", JSON.stringify(list)), [entry(calm)]);
  await page.reload();
  await practiceReady(page);

  // A different pattern that carries the saved one's id.
  await page.evaluate((hash) => {
    location.hash = hash;
  }, shareFragment("pattern", pattern("mine-calm", "Calm from a friend", 9)));
  await page.waitForSelector('#shared[data-state="ok"] h2:has-text("Calm from a friend")');
  await page.click('#shared button:has-text("Save to your practices")');
  await page.waitForSelector('#shared button:has-text("Saved to your practices")');
  assert.match(await page.textContent("#notices"), /Added “Calm from a friend” to your practices as a new one.*both are kept.*mine-calm-2/s);
  let list = JSON.parse((await stored(page))["breathflow.practices"]);
  assert.deepEqual(list.map((x) => [x.value.id, x.value.title, x.value.phases[1].seconds]), [["mine-calm", "Calm", 6], ["mine-calm-2", "Calm from a friend", 9]]);

  // The saved one, shared back: nothing changes, and the page says it is already there.
  await page.evaluate((hash) => {
    location.hash = hash;
  }, shareFragment("pattern", calm));
  await page.waitForSelector('#shared[data-state="ok"] h2:text-is("Calm")');
  await page.click('#shared button:has-text("Save to your practices")');
  await page.waitForSelector('#shared button:has-text("Already in your practices")');
  assert.match(await page.textContent("#notices"), /“Calm” is already in your practices, so nothing was added/);
  list = JSON.parse((await stored(page))["breathflow.practices"]);
  assert.equal(list.length, 2);
  assert.deepEqual(errors, []);
  await context.close();
});

test("with two saved entries sharing an id, both show and Delete removes exactly the one clicked", async () => {
  const { page, context, errors } = await open(env, "index.html");
  await practiceReady(page);
  await page.evaluate(
    (list) => localStorage.setItem("breathflow.practices", JSON.stringify(list)),
    [entry(pattern("mine-dup", "First")), entry(pattern("mine-dup", "Second", 8)), entry(pattern("mine-other", "Third"))],
  );
  await page.reload();
  await practiceReady(page);
  await page.waitForSelector('#mine-cards .card:has-text("Second")');
  const ids = await page.$$eval("#mine-cards .card", (cards) => cards.map((c) => [c.dataset.id, c.querySelector("h4").textContent]));
  assert.deepEqual(ids, [["mine-dup", "First"], ["mine-dup-2", "Second"], ["mine-other", "Third"]]);
  // The renaming is saved (this device has room), keeping both.
  let list = JSON.parse((await stored(page))["breathflow.practices"]);
  assert.deepEqual(list.map((x) => x.value.id), ["mine-dup", "mine-dup-2", "mine-other"]);

  await page.click('#mine-cards .card:has-text("Second") button:has-text("Delete")');
  await page.waitForFunction(() => !document.querySelector("#mine-cards").textContent.includes("Second"));
  const titles = await page.$$eval("#mine-cards .card h4", (hs) => hs.map((x) => x.textContent));
  assert.deepEqual(titles, ["First", "Third"]);
  list = JSON.parse((await stored(page))["breathflow.practices"]);
  assert.deepEqual(list.map((x) => x.value.title), ["First", "Third"]);
  assert.deepEqual(errors, []);
  await context.close();
});

test("with two saved entries sharing an id and storage that cannot be written, Delete still removes the one clicked", async () => {
  const { page, context, errors } = await open(env, "index.html", {}, { initScript: rules({ mode: "always-throws", name: "SecurityError" }) });
  await practiceReady(page);
  const list = JSON.stringify([entry(pattern("mine-dup", "First")), entry(pattern("mine-dup", "Second", 8))]);
  await seed(page, { "breathflow.practices": list });
  await page.reload();
  await practiceReady(page);
  await page.waitForSelector('#mine-cards .card:has-text("Second")');
  assert.equal((await stored(page))["breathflow.practices"], list, "nothing is rewritten on load");
  await page.click('#mine-cards .card:has-text("Second") button:has-text("Delete")');
  await page.waitForFunction(() => !document.querySelector("#mine-cards").textContent.includes("Second"));
  assert.deepEqual(await page.$$eval("#mine-cards .card h4", (hs) => hs.map((x) => x.textContent)), ["First"]);
  assert.deepEqual(errors, []);
  await context.close();
});

/** The notices when storage does not work at all: said once, plainly, and no download offered. */
async function assertSaysNothingIsSaved(page) {
  const notices = page.locator("#notices .notice");
  await page.waitForSelector('#notices .notice:has-text("isn\'t letting the page save anything")');
  const all = await notices.allTextContents();
  assert.equal(all.filter((t) => /isn't letting the page save anything/.test(t)).length, 1, all.join(" | "));
  assert.match(all.join(" "), /last only until you close this tab/);
  assert.doesNotMatch(all.join(" "), /set aside|can be downloaded|no room/, all.join(" | "));
  assert.equal(await page.locator('#notices button:has-text("Download")').count(), 0);
}

/** Storage is unusable: a practice can still be added, shows, and plays for this visit. */
async function worksInMemory(page) {
  assert.match(await importFile(page, "calm.json", pattern(undefined, "Session calm")), /Added “Session calm”/);
  await page.click('#mine-cards .card:has-text("Session calm") button:has-text("Practise")');
  await page.waitForFunction(() => document.querySelector("#practice-title").textContent === "Session calm");
  await page.click("#btn-play");
  await page.waitForSelector('#player[data-status="running"]');
  await page.click("#btn-stop");
  await page.waitForSelector('#player[data-status="idle"]');
}

test("when the browser blocks storage entirely, the page says so once, offers no download, and works in memory", async () => {
  const { page, context, errors } = await open(env, "index.html", {}, { initScript: rules({ mode: "no-access" }) });
  await practiceReady(page);
  await assertSaysNothingIsSaved(page);
  await worksInMemory(page);
  await assertSaysNothingIsSaved(page);
  assert.deepEqual(errors, []);
  await context.close();
});

test("when every save is refused (a zero quota), the page says nothing can be saved and works in memory", async () => {
  const { page, context, errors } = await open(env, "index.html", {}, { initScript: rules({ mode: "always-throws" }) });
  await practiceReady(page);
  await worksInMemory(page);
  await assertSaysNothingIsSaved(page);
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test("two tabs open at once: what one saves is never written over by the other", async () => {
  const { page: a, context, errors } = await open(env, "index.html");
  await practiceReady(a);
  await a.evaluate((list) => localStorage.setItem("breathflow.practices", JSON.stringify(list)), [entry(pattern("mine-calm", "Calm"))]);
  await a.reload();
  await practiceReady(a);
  const b = await context.newPage();
  await b.goto(a.url());
  await practiceReady(b);

  // Tab B adds one, then tab A (which loaded before it) adds another: both are kept.
  assert.match(await importFile(b, "from-b.json", pattern(undefined, "From tab B")), /Added “From tab B”/);
  assert.match(await importFile(a, "from-a.json", pattern(undefined, "From tab A", 7)), /Added “From tab A”/);
  let list = JSON.parse((await stored(a))["breathflow.practices"]);
  assert.deepEqual(list.map((x) => x.value.title), ["Calm", "From tab B", "From tab A"]);
  await a.waitForSelector('#mine-cards .card:has-text("From tab B")');

  // Tab B deletes Calm; tab A then deletes From tab A: From tab B survives both.
  await b.waitForSelector('#mine-cards .card:has-text("From tab A")');
  await b.click('#mine-cards .card:has-text("Calm") button:has-text("Delete")');
  await b.waitForFunction(() => !document.querySelector("#mine-cards").textContent.includes("Calm"));
  await a.click('#mine-cards .card:has-text("From tab A") button:has-text("Delete")');
  await a.waitForFunction(() => !document.querySelector("#mine-cards").textContent.includes("From tab A"));
  list = JSON.parse((await stored(a))["breathflow.practices"]);
  assert.deepEqual(list.map((x) => x.value.title), ["From tab B"]);
  assert.deepEqual(await a.$$eval("#mine-cards .card h4", (hs) => hs.map((x) => x.textContent)), ["From tab B"]);

  // The log too: an entry added in tab B is still there after tab A adds one.
  await finishTinyFlow(b);
  await b.waitForSelector('#log-list li:has-text("Tiny test flow")');
  await finishTinyFlow(a);
  await a.waitForSelector('#log-list li:has-text("Tiny test flow")');
  const log = JSON.parse((await stored(a))["breathflow.log"]);
  assert.equal(log.length, 2);
  assert.match(await a.textContent("#log-summary"), /2 in all/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a log past 5000 entries moves its oldest aside (kept and offered), never deleting them", async () => {
  const { page, context, errors } = await open(env, "index.html");
  await practiceReady(page);
  await page.evaluate(() => {
    const start = Date.parse("2010-01-01T08:00:00Z");
    const entries = Array.from({ length: 5000 }, (_, i) => ({
      at: new Date(start + i * 86_400_000).toISOString(),
      id: "ribs",
      title: `Old practice ${i + 1}`,
      kind: "pattern",
      minutes: 3,
      breaths: 20,
      completed: true,
    }));
    localStorage.setItem("breathflow.log", JSON.stringify(entries));
  });
  await page.reload();
  await practiceReady(page);
  await finishTinyFlow(page);
  await page.waitForSelector('#log-list li:has-text("Tiny test flow")');
  const after = await stored(page);
  const log = JSON.parse(after["breathflow.log"]);
  assert.equal(log.length, 4500);
  assert.equal(log[0].title, "Old practice 502");
  assert.equal(log.at(-1).title, "Tiny test flow");
  const aside = Object.entries(after).filter(([k]) => k.startsWith("breathflow.set-aside.log."));
  assert.equal(aside.length, 1);
  const moved = JSON.parse(aside[0][1]);
  assert.deepEqual([moved.length, moved[0].title, moved.at(-1).title], [501, "Old practice 1", "Old practice 501"]);
  const notice = page.locator('#notices .notice:has-text("the oldest 501 entries were moved aside")');
  assert.match(await notice.textContent(), /Nothing is deleted/);
  const [download] = await Promise.all([page.waitForEvent("download"), notice.locator('button:has-text("Download what was set aside")').click()]);
  assert.equal(JSON.parse(await downloaded(download)).length, 501);
  assert.deepEqual(errors, []);
  await context.close();
});
