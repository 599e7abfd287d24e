// Actions taken on the phone wait here (IndexedDB) with their idempotency key until the server answered, and are
// sent in batches through POST /feedback/batch: a replay of a key the server already has returns the first answer,
// so a batch cut off halfway and sent again never has a double effect.
import { all, put, getValue } from '../shared/idb.js';
import { post, ApiError, OfflineError } from '../shared/api.js';

const BATCH_LIMIT = 200;
const listeners = new Set();
let flushing = null;

export function onOutboxChange(listener) {
  listeners.add(listener);
}

function changed() {
  listeners.forEach((l) => l());
}

/** Keeps an action (the body of POST /feedback) and tries to send it at once. */
export async function enqueue(body) {
  const entry = {
    idempotencyKey: crypto.randomUUID(),
    body: { ...body, occurredAt: body.occurredAt || new Date().toISOString() },
    state: 'pending',
    createdAt: new Date().toISOString(),
  };
  await put('outbox', entry);
  changed();
  await flush();
  return (await getValue('outbox', entry.idempotencyKey)) || entry;
}

export async function entries() {
  const list = await all('outbox', 'createdAt');
  return list.reverse();
}

export async function pendingCount() {
  return (await all('outbox')).filter((e) => e.state === 'pending').length;
}

/** Sends what is pending, oldest first; one flush at a time across this phone's tabs (Web Locks). */
export function flush() {
  if (!flushing) {
    const run = () => sendPending().finally(() => { flushing = null; });
    flushing = navigator.locks ? navigator.locks.request('tandem-outbox', run) : run();
  }
  return flushing;
}

async function sendPending() {
  // Entries stored while a batch is in flight are picked up by the next round; each entry is tried once per flush.
  const tried = new Set();
  for (;;) {
    const batch = (await all('outbox', 'createdAt'))
      .filter((e) => e.state === 'pending' && !tried.has(e.idempotencyKey))
      .slice(0, BATCH_LIMIT);
    if (!batch.length) return;
    batch.forEach((e) => tried.add(e.idempotencyKey));
    let answer;
    try {
      answer = await post('/feedback/batch', {
        items: batch.map((e) => ({ idempotencyKey: e.idempotencyKey, feedback: e.body })),
      });
    } catch (e) {
      if (e instanceof OfflineError || (e instanceof ApiError && (e.status >= 500 || e.status === 401 || e.status === 429))) {
        return; // Still pending: the next 'online' event, reload or timer sends it again with the same keys.
      }
      // The whole batch was refused (a 4xx for the batch itself): each item carries the reason.
      for (const entry of batch) {
        await settle(entry, 'refused', e.problem);
      }
      continue;
    }
    const results = answer.results || [];
    for (const entry of batch) {
      const result = results.find((r) => r.idempotencyKey === entry.idempotencyKey);
      if (!result) continue;
      const status = result.status ?? 0;
      if (status >= 200 && status < 300) {
        await settle(entry, 'synced', null, result.result);
      } else if (status >= 400 && status < 500 && status !== 409 && status !== 429) {
        await settle(entry, 'refused', result.problem);
      }
      // 409 (the same key still in progress) and 5xx stay pending.
    }
  }
}

async function settle(entry, state, problem, response) {
  await put('outbox', { ...entry, state, problem: problem || null, response: response || null, settledAt: new Date().toISOString() });
  changed();
}

/** Sends again whenever the phone may be back online. */
export function startSync() {
  window.addEventListener('online', () => flush());
  setInterval(async () => {
    if ((await pendingCount()) > 0) flush();
  }, 15000);
  flush();
}
