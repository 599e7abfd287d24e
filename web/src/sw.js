// The service worker: the app shell (precached at install, from WebBuild's list) opens without a network, and the
// pages read API data through the app's own IndexedDB copy, so this worker only serves the shell and assets.
/* global PRECACHE, CACHE_VERSION */
const CACHE = `tandem-app-${CACHE_VERSION}`;
const BASE = '/app/';

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
    // A page: the network first (a new release shows at once), the cached shell when the network is down.
    event.respondWith(fetch(event.request).catch(async () => {
      const cache = await caches.open(CACHE);
      return (await cache.match(event.request, { ignoreSearch: true })) || cache.match(BASE);
    }));
    return;
  }
  // Hashed assets never change: the cache first.
  event.respondWith(caches.match(event.request).then((hit) => hit || fetch(event.request)));
});
