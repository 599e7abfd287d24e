// The service worker: the app shell (precached at install, from WebBuild's list) opens without a network, and the
// pages read API data through the app's own IndexedDB copy, so this worker only serves the shell and assets.
/* global PRECACHE, CACHE_VERSION */
const CACHE = `tandem-app-${CACHE_VERSION}`;
const BASE = '/app/';
const NAVIGATION_WAIT_MS = 3000;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.map((p) => new URL(p, self.registration.scope).href))));
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('tandem-app-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith(BASE)) {
    return; // API calls and sign-in go to the network as they are.
  }
  if (event.request.mode === 'navigate') {
    // A page: the network first (a new release shows at once), the cached shell when the network is down or has
    // not answered within NAVIGATION_WAIT_MS (a phone on a bad connection still opens the app).
    event.respondWith(navigation(event.request));
    return;
  }
  // Hashed assets never change: the cache first.
  event.respondWith(caches.match(event.request).then((hit) => hit || fetch(event.request)));
});

async function navigation(request) {
  const network = fetch(request);
  const cachedShell = async () => {
    const cache = await caches.open(CACHE);
    return (await cache.match(request, { ignoreSearch: true })) || cache.match(BASE);
  };
  try {
    const answer = await Promise.race([network, new Promise((resolve) => setTimeout(resolve, NAVIGATION_WAIT_MS))]);
    return answer || (await cachedShell()) || network;
  } catch (e) {
    return (await cachedShell()) || Response.error();
  }
}
