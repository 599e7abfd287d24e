// A small promise wrapper over IndexedDB: the phone keeps its pending actions and the last data it saw here, so
// a reload, a closed tab or a dead network loses nothing.

const DB_NAME = 'tandem';
const DB_VERSION = 1;
let opening = null;

export function db() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        const d = request.result;
        // Actions taken on the phone, keyed by their idempotency key: pending until the server answered.
        const outbox = d.createObjectStore('outbox', { keyPath: 'idempotencyKey' });
        outbox.createIndex('createdAt', 'createdAt');
        // The last queue and lead views fetched, for offline reading.
        d.createObjectStore('cache', { keyPath: 'key' });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  return opening;
}

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export async function put(store, value) {
  const tx = (await db()).transaction(store, 'readwrite');
  await done(tx.objectStore(store).put(value));
  return value;
}

export async function getValue(store, key) {
  return done((await db()).transaction(store).objectStore(store).get(key));
}

export async function all(store, index) {
  const objects = (await db()).transaction(store).objectStore(store);
  return done(index ? objects.index(index).getAll() : objects.getAll());
}

export async function remove(store, key) {
  const tx = (await db()).transaction(store, 'readwrite');
  await done(tx.objectStore(store).delete(key));
}

export async function clear(store) {
  const tx = (await db()).transaction(store, 'readwrite');
  await done(tx.objectStore(store).clear());
}
