// The page's service worker: keeps one build of the page (index.html and
// web/) for use without a network. tools/serve (package offline) serves this
// file, and make site writes it, with a first line defining BUILD: the
// build's version and its files with their SHA-256 and content types. Go
// decides the list; this worker only fetches, checks and answers.
//
// Install fetches every file, checks its hash against BUILD (a host still
// serving part of an older build fails the install: the next visit tries
// again) and stores it in this version's cache; activate deletes the
// caches of other versions of this scope. The files are then answered from
// the cache, whatever the network. A new build waits until the page asks
// for it (web/offline.js) or until no tab uses the old one.
//
// Served without BUILD (sw.js straight from a plain static server), the
// worker deletes the caches it made here and answers nothing.
'use strict';
const scope = self.registration.scope; // the page's folder, ending in '/'
const prefix = 'diffstruct ' + scope + ' ';
const build = self.BUILD || null;
const cacheName = build ? prefix + build.version : '';
const files = new Map(build ? build.files.map((f) => [f.path, f]) : []);

self.addEventListener('install', (event) => {
  if (!build) self.skipWaiting();
  else event.waitUntil(fill());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(prefix) && name !== cacheName) await caches.delete(name);
    }
    if (build) await self.clients.claim(); // a first visit works offline at once
  })());
});

if (build) {
  self.addEventListener('fetch', (event) => {
    const req = event.request;
    if (req.method !== 'GET') return;
    const url = new URL(req.url);
    const full = url.origin + url.pathname;
    if (!full.startsWith(scope)) return;
    const rel = full.slice(scope.length) || 'index.html';
    if (!files.has(rel)) return;
    event.respondWith(answer(rel, req));
  });

  self.addEventListener('message', (event) => {
    if (event.data && event.data.op === 'update') event.waitUntil(update(event.source));
  });
}

// fill stores every file of the build in its cache: a file that another
// build's cache holds with the same hash is copied, the others are fetched
// and checked. When one fails, the cache is deleted: none is ever partial.
async function fill() {
  const cache = await caches.open(cacheName);
  const failed = (await Promise.allSettled(build.files.map((f) => store(cache, f)))).find((r) => r.status === 'rejected');
  if (failed) {
    await caches.delete(cacheName);
    throw failed.reason;
  }
}

async function store(cache, f) {
  const key = new URL(f.path, scope).href;
  const have = await caches.match(key);
  if (have && have.headers.get('X-Diffstruct-SHA256') === f.sha256) {
    await cache.put(key, have);
    return;
  }
  const resp = await fetch(key, { cache: 'no-cache' });
  if (!resp.ok) throw new Error(f.path + ': HTTP ' + resp.status);
  const body = await resp.arrayBuffer();
  const sum = hex(await crypto.subtle.digest('SHA-256', body));
  if (sum !== f.sha256) throw new Error(f.path + ' is not the file of build ' + build.version + ' (its hash is ' + sum + ')');
  // The body as decoded (a host's .br or .gz copy arrives decompressed),
  // with the content type Go chose, whatever the host said.
  await cache.put(key, new Response(body, { headers: { 'Content-Type': f.type, 'X-Diffstruct-SHA256': f.sha256 } }));
}

// answer serves a file from this build's cache (the network only if the
// cache lost it).
async function answer(rel, req) {
  const cache = await caches.open(cacheName);
  const hit = await cache.match(new URL(rel, scope).href);
  return hit || fetch(req);
}

// update lets the waiting build take over when the asking tab is the
// page's only one; otherwise it tells the tab how many others are open.
async function update(source) {
  const tabs = (await self.clients.matchAll({ type: 'window', includeUncontrolled: true }))
    .filter((c) => c.frameType !== 'nested' && c.url.startsWith(scope)); // not the view's iframe
  if (tabs.length > 1) {
    if (source) source.postMessage({ type: 'update', ok: false, tabs: tabs.length });
    return;
  }
  await self.skipWaiting();
}

function hex(buf) {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
}
