// The service worker: after one visit the practice page (and the embed and API pages) load and run
// with no network.
//
// build-hash.js, written by `make build` (tools/stamp.mjs), names the build's content hash and the
// files to precache. The browser re-checks this script and the scripts it imports on every
// navigation (registered with updateViaCache: "none"), so a new build installs a new worker with
// a new cache; activation deletes the old caches. Without build-hash.js (a development tree that
// was never stamped) the worker caches nothing and every request goes to the network.
/* global BREATHFLOW_BUILD */
"use strict";

let build = null;
try {
  importScripts("build-hash.js");
  build = self.BREATHFLOW_BUILD ?? null;
} catch {
  build = null;
}

const PREFIX = "breathflow-";
const CACHE = build ? PREFIX + build.hash : null;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      if (CACHE) {
        const cache = await caches.open(CACHE);
        // Bypass the HTTP cache: the files must be this build's bytes.
        await cache.addAll(build.files.map((f) => new Request(f, { cache: "reload" })));
      }
      // Take over at once: the page offers a reload when a new build arrives mid-visit.
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (!CACHE || req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith(cacheFirst(req));
});

/** Cache first for the shell; the network for anything else; the page itself when offline. */
async function cacheFirst(req) {
  const cache = await caches.open(CACHE);
  // A shared practice lives in the fragment, which never reaches here; a query string is ignored
  // for pages so `index.html?utm=…` still loads offline.
  const hit = await cache.match(req, { ignoreSearch: req.mode === "navigate" });
  if (hit) return hit;
  try {
    return await fetch(req);
  } catch (err) {
    if (req.mode === "navigate") {
      const page = await cache.match("index.html");
      if (page) return page;
    }
    throw err;
  }
}
