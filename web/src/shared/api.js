// The one way the pages talk to Tandem: through the gateway, with the access token held in memory only (the
// refresh token is an httpOnly cookie the page never sees). A 401 refreshes once and retries.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

/** The network did not answer: the caller keeps the action for later. */
export class OfflineError extends Error {}

let accessToken = null;
let claims = null;
const listeners = new Set();

export function onSessionChange(listener) {
  listeners.add(listener);
}

function setToken(token) {
  accessToken = token;
  claims = token ? decodeClaims(token) : null;
  listeners.forEach((l) => l(claims));
}

function decodeClaims(token) {
  const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

export function session() {
  return claims;
}

export function hasRole(role) {
  return !!claims && (claims.groups || []).includes(role);
}

async function send(method, url, body, headers = {}) {
  let response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json, application/problem+json',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch (e) {
    throw new OfflineError(e.message);
  }
  return response;
}

async function read(response) {
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new ApiError(response.status, json);
  }
  return json;
}

export async function signIn(email, password) {
  const json = await read(await send('POST', '/auth/login', { email, password }));
  setToken(json.accessToken);
  return claims;
}

let resuming = null;

/**
 * A new access token from the refresh cookie: true, false when there is no session any more, null when the network
 * is down. Calls made meanwhile wait for it, and concurrent callers share one refresh (a second would present a
 * used-up token and end the session).
 */
export function resume() {
  if (!resuming) {
    resuming = refresh().finally(() => { resuming = null; });
  }
  return resuming;
}

async function refresh() {
  try {
    const response = await send('POST', '/auth/refresh', {}); // the refresh token is the cookie
    if (!response.ok) {
      return false;
    }
    setToken((await response.json()).accessToken);
    return true;
  } catch (e) {
    if (e instanceof OfflineError) {
      return null;
    }
    throw e;
  }
}

export async function signOut() {
  try {
    await send('POST', '/auth/logout', {});
  } finally {
    setToken(null);
  }
}

export async function call(method, path, body, headers) {
  if (!accessToken && resuming) {
    await resuming;
  }
  let response = await send(method, `/api${path}`, body, headers);
  if (response.status === 401 && (await resume())) {
    response = await send(method, `/api${path}`, body, headers);
  }
  return read(response);
}

export const get = (path) => call('GET', path);
export const post = (path, body, headers) => call('POST', path, body, headers);
