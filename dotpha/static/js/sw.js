/* Đột phá's service worker (served at /sw.js by dotpha.core.pwa, which fills in CONFIG).
 *
 * - static files: kept as they are fetched, the base template's ones at install, so a page opens offline
 *   after one visit online; from the cache first when their name carries their content's hash
 *   (production's manifest storage), else from the network first (development, where a file changes
 *   under the same name);
 * - the visit form (the pages listed in OFFLINE_PAGES): from the network, the copy kept for when there is
 *   no signal. The page asks the worker to keep it (message "keep-page") the first time it is opened.
 * Nothing else is cached: every other page, and every POST, goes to the network as without a worker.
 * Sending a visit saved offline is the page's work (visit_queue.js), not the worker's. */
"use strict";

const CONFIG = __CONFIG__;
const VERSION = "v1";
const STATIC_CACHE = "dotpha-static-" + VERSION;
const PAGE_CACHE = "dotpha-pages-" + VERSION;
const OFFLINE_PAGES = [/^\/monitoring\/assignments\/\d+\/visits\/new\/$/];
const HASHED = /\.[0-9a-f]{12}\.\w+$/;

function offlinePage(url) {
  return url.origin === self.location.origin && OFFLINE_PAGES.some((pattern) => pattern.test(url.pathname));
}

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(STATIC_CACHE).then((cache) => cache.addAll(CONFIG.static)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  const current = [STATIC_CACHE, PAGE_CACHE];
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("dotpha-") && !current.includes(n)).map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
  );
});

async function keepPage(path) {
  const url = new URL(path, self.location.origin);
  if (!offlinePage(url)) return;
  const response = await fetch(url, { credentials: "same-origin" });
  if (response.ok && !response.redirected) {
    await (await caches.open(PAGE_CACHE)).put(url.pathname, response);
  }
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "keep-page") event.waitUntil(keepPage(data.path).catch(() => undefined));
  if (data.type === "forget-pages") event.waitUntil(caches.delete(PAGE_CACHE));
});

async function fromCacheFirst(request) {
  const cache = await caches.open(STATIC_CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function fromNetworkFirst(request, cacheName) {
  const key = new URL(request.url).pathname;
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(key);
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith(CONFIG.staticPrefix)) {
    event.respondWith(HASHED.test(url.pathname) ? fromCacheFirst(request) : fromNetworkFirst(request, STATIC_CACHE));
  } else if (request.mode === "navigate" && offlinePage(url)) {
    event.respondWith(fromNetworkFirst(request, PAGE_CACHE));
  }
});
