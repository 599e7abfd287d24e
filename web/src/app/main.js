// The sales rep's phone app: sign in, the queue, a lead, one-tap feedback that works offline.
import './app.css';
import { t, setLocale, currentLocale, esc, formatDateTime, formatMoney, formatNumber } from '../shared/i18n.js';
import { signIn, signOut, resume, session, hasRole, get, post, ApiError, OfflineError } from '../shared/api.js';
import { clear, getValue, put } from '../shared/idb.js';
import { enqueue, entries, flush, onOutboxChange, pendingCount, startSync } from './outbox.js';

const main = document.getElementById('main');
/** Touches sales logs (feedback-service publishes them as activities); the timeline shows online and offline ones. */
const OFFLINE_TOUCHES = ['visit', 'call', 'meeting', 'chat'];
// DealLost's reasons (the events module's DealLossReason); rejection reason codes are another list.
const LOSS_REASONS = ['price', 'competitor', 'no_decision', 'timing', 'missing_feature', 'other'];
const DEFAULT_CURRENCY = { JP: 'JPY', US: 'USD', GB: 'GBP', DE: 'EUR', FR: 'EUR', SG: 'SGD', CN: 'CNY', KR: 'KRW' };

setLocale(currentLocale());
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/app/sw.js', { scope: '/app/' });
}

window.addEventListener('hashchange', route);
window.addEventListener('online', () => { renderChrome(); route(); });
window.addEventListener('offline', renderChrome);
onOutboxChange(renderChrome);

start();

async function start() {
  renderChrome();
  // The refresh cookie keeps the session across reloads. A rep known on this phone does not wait for it: the kept
  // queue shows at once, and the first API call waits for the new access token (api.js).
  const resuming = resume();
  const known = !!(await getValue('cache', 'session'))?.claims;
  if (known) route();
  const resumed = await resuming;
  if (resumed) {
    await put('cache', { key: 'session', claims: session() });
    reasonCodes();
  } else if (resumed === false && known) {
    await forget(); // the session ended (expired, revoked, signed out elsewhere): sign in again
  }
  if (!known || resumed === false) route();
  startSync();
}

/** Drops the signed-in rep and every view kept for them (the next rep on this phone sees none of it). */
async function forget() {
  await clear('cache');
}

async function knownUser() {
  return session() || (await getValue('cache', 'session'))?.claims || null;
}

// Renders finish in any order (a reload's cached lead view can resolve after the next screen was asked for): each
// screen claims the main area, and a render whose claim was overtaken drops its result.
let currentView = 0;
const claimView = () => ++currentView;
const overtaken = (view) => view !== currentView;

async function route() {
  renderChrome();
  const hash = location.hash || '#/queue';
  if (!(await knownUser())) {
    return renderLogin();
  }
  const lead = hash.match(/^#\/lead\/([^/]+)$/);
  if (lead) return renderLead(decodeURIComponent(lead[1]));
  if (hash === '#/sync') return renderSync();
  return renderQueue();
}

// ---------------------------------------------------------------- chrome

async function renderChrome() {
  document.title = t('app.title');
  const user = await knownUser();
  const pending = await pendingCount();
  const offline = !navigator.onLine;
  document.getElementById('header').innerHTML = `
    <h1 class="brand">${esc(t('app.title'))}</h1>
    <nav aria-label="${esc(t('app.title'))}">
      ${user ? `<a href="#/queue">${esc(t('nav.queue'))}</a>
      <a href="#/sync">${esc(t('nav.sync'))}${pending ? ` <span class="badge" aria-label="${esc(t('sync.pendingCount', { count: pending }))}">${pending}</span>` : ''}</a>
      ${hasRole('marketing') || hasRole('admin') ? `<a href="/app/dashboard">${esc(t('nav.dashboard'))}</a>` : ''}` : ''}
      <button type="button" id="lang" lang="${currentLocale() === 'ja' ? 'en' : 'ja'}">${esc(t('lang.switch'))}</button>
      ${user ? `<button type="button" id="signout">${esc(t('nav.signOut'))}</button>` : ''}
    </nav>`;
  document.getElementById('lang').onclick = () => { setLocale(currentLocale() === 'ja' ? 'en' : 'ja'); route(); };
  const out = document.getElementById('signout');
  if (out) out.onclick = async () => { await signOut().catch(() => {}); await forget(); route(); };
  const banner = document.getElementById('status');
  banner.hidden = !offline;
  banner.textContent = offline ? t('offline.banner') : '';
}

function flash(message, kind = 'info') {
  const box = document.getElementById('flash');
  box.className = `flash ${kind}`;
  box.textContent = message;
}

// ---------------------------------------------------------------- sign in

function renderLogin() {
  claimView(); // a kept view still waiting for the network must not paint over the sign-in form
  main.innerHTML = `
    <form id="login" class="card" novalidate>
      <h2>${esc(t('login.heading'))}</h2>
      <label for="email">${esc(t('login.email'))}</label>
      <input id="email" name="email" type="email" autocomplete="username" required>
      <label for="password">${esc(t('login.password'))}</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <button type="submit" class="primary">${esc(t('login.submit'))}</button>
      <p id="login-error" class="error" role="alert"></p>
    </form>`;
  document.getElementById('email').focus();
  document.getElementById('login').onsubmit = async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    try {
      await signIn(form.get('email'), form.get('password'));
      await forget();
      await put('cache', { key: 'session', claims: session() });
      reasonCodes();
      location.hash = '#/queue';
      route();
    } catch (e) {
      document.getElementById('login-error').textContent =
        e instanceof OfflineError ? t('login.offline') : t('login.failed', { detail: e.message });
    }
  };
}

// ---------------------------------------------------------------- data with an offline copy

/** The network or the server is unreachable, as opposed to refusing the request. */
const unreachable = (e) => e instanceof OfflineError || (e instanceof ApiError && e.status >= 500);

/** GET path and keep the answer under key for reading offline. */
async function fetchAndKeep(key, path) {
  const data = await get(path);
  await put('cache', { key, data, at: new Date().toISOString() });
  return data;
}

/** Data a form needs (reason codes): the network's answer, else the kept copy. */
async function cached(key, path) {
  try {
    return await fetchAndKeep(key, path);
  } catch (e) {
    const copy = unreachable(e) ? await getValue('cache', key) : null;
    if (copy) return copy.data;
    throw e;
  }
}

/**
 * A screen from kept data first: the copy saved under key is painted at once, so a rep on a slow connection can
 * work it right away, then the network's answer replaces it (only if it differs). Unreachable, the copy stays with
 * the time it was saved. paint(data, note) draws the screen, note saying what the data is ('' when fresh);
 * failed(error) draws a refusal, or the network's absence when nothing was kept.
 */
async function showKept(view, key, path, paint, failed) {
  const copy = await getValue('cache', key);
  if (overtaken(view)) return;
  if (copy) paint(copy.data, t('view.refreshing'));
  let data;
  try {
    data = await fetchAndKeep(key, path);
  } catch (e) {
    if (overtaken(view)) return;
    if (copy && unreachable(e)) paint(copy.data, t('queue.cached', { at: formatDateTime(copy.at) }));
    else failed(e);
    return;
  }
  if (overtaken(view)) return;
  if (copy && JSON.stringify(copy.data) === JSON.stringify(data)) main.querySelector('.kept-note')?.remove();
  else paint(data, '');
}

const keptNote = (note) => (note ? `<p class="note kept-note">${esc(note)}</p>` : '');

// ---------------------------------------------------------------- queue

async function renderQueue() {
  const view = claimView();
  main.innerHTML = `<p aria-busy="true">…</p>`;
  const me = (await knownUser())?.sub;
  await showKept(view, `queue:${me}`, '/me/queue', paintQueue,
    (e) => { main.innerHTML = `<p class="error" role="alert">${esc(e.message)}</p>`; });
}

function paintQueue(data, note) {
  const items = data.items ?? [];
  const own = items.filter((i) => !i.claimable);
  const pool = items.filter((i) => i.claimable);
  main.innerHTML = `
    ${keptNote(note)}
    <h2>${esc(t('queue.heading'))}</h2>
    ${own.length ? `<ol class="queue">${own.map(queueItem).join('')}</ol>` : `<p>${esc(t('queue.empty'))}</p>`}
    ${pool.length ? `<h2>${esc(t('queue.pool'))}</h2><ol class="queue">${pool.map((i) => queueItem(i, true)).join('')}</ol>` : ''}`;
  main.querySelectorAll('button[data-claim]').forEach((button) => {
    button.onclick = async () => {
      try {
        await post(`/queue/${encodeURIComponent(button.dataset.claim)}/claim`);
        flash(t('queue.claimed'));
      } catch (e) {
        flash(e instanceof ApiError && e.status === 409 ? t('queue.claimTaken') : e.message, 'error');
      }
      renderQueue();
    };
  });
}

function queueItem(item, claimable = false) {
  const id = item.leadId ?? item.id;
  const reasons = (item.topReasons ?? []).slice(0, 3);
  const slaLeft = item.slaDueAt ? Math.round((Date.parse(item.slaDueAt) - Date.now()) / 1000) : null;
  const sla = slaLeft === undefined || slaLeft === null ? ''
    : slaLeft <= 0 ? `<span class="sla breached">${esc(t('queue.slaBreached'))}</span>`
      : `<span class="sla">${esc(t('queue.slaLeft', { time: duration(slaLeft) }))}</span>`;
  return `<li class="card lead-card">
      <a href="#/lead/${encodeURIComponent(id)}" class="lead-link">
        <strong>${esc(item.name ?? [item.lastName, item.firstName].filter(Boolean).join(' '))}</strong>
        <span>${esc(item.company ?? '')}</span>
      </a>
      <div class="meta">
        <span class="stage">${esc(t(`stage.${item.stage}`))}</span>
        <span class="score">${esc(t('queue.score', { score: formatNumber(item.score) }))}</span>
        ${sla}
        ${item.lastActivityAt ? `<span class="activity">${esc(t('queue.lastActivity', { at: formatDateTime(item.lastActivityAt) }))}</span>` : ''}
      </div>
      ${reasons.length ? `<ul class="reasons">${reasons.map((r) => `<li>${esc(reasonText(r))}</li>`).join('')}</ul>` : ''}
      ${claimable ? `<button type="button" data-claim="${esc(id)}">${esc(t('queue.claim'))}</button>` : ''}
    </li>`;
}

/** A score reason: a queue item's {label, points} or a ledger line's {ruleName, appliedPoints}. */
function reasonText(reason) {
  const value = reason.appliedPoints ?? reason.points;
  const points = value !== undefined && value !== null ? ` (${Number(value) > 0 ? '+' : ''}${formatNumber(value, 2)})` : '';
  return `${reason.label ?? reason.ruleName ?? ''}${points}`;
}

function duration(seconds) {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return currentLocale() === 'ja' ? `${hours}時間${minutes}分` : `${hours}h ${minutes}m`;
}

// ---------------------------------------------------------------- lead

async function renderLead(id) {
  const view = claimView();
  main.innerHTML = `<p aria-busy="true">…</p>`;
  const me = (await knownUser())?.sub;
  await showKept(view, `lead:${me}:${id}`, `/leads/${encodeURIComponent(id)}/360`, (data, note) => paintLead(id, me, data, note),
    (e) => {
      main.innerHTML = `<p><a href="#/queue">${esc(t('lead.back'))}</a></p>
        <p class="error" role="alert">${esc(e instanceof OfflineError ? t('lead.notCached') : e.message)}</p>`;
    });
}

function paintLead(id, me, data, note) {
  const lead = part(data.lead) || {};
  const currency = DEFAULT_CURRENCY[lead.country] || 'JPY';
  main.innerHTML = `
    <p><a href="#/queue">${esc(t('lead.back'))}</a></p>
    ${keptNote(note)}
    <section class="card" aria-labelledby="profile-h">
      <h2 id="profile-h">${esc([lead.lastName, lead.firstName].filter(Boolean).join(' ') || lead.email || id)}</h2>
      <p>${esc(lead.company ?? '')}${lead.jobTitle ? ` · ${esc(lead.jobTitle)}` : ''}</p>
      <dl class="facts">
        <dt>${esc(t('lead.stage'))}</dt><dd id="lead-stage">${esc(t(`stage.${lead.stage}`))}</dd>
        <dt>${esc(t('lead.owner'))}</dt><dd>${esc(lead.ownerId && lead.ownerId === me ? t('lead.you') : lead.ownerId ?? '–')}</dd>
      </dl>
    </section>
    <section class="actions" aria-label="${esc(t('lead.feedback'))}">
      <button type="button" class="primary" data-act="accept">${esc(t('action.accept'))}</button>
      <button type="button" data-act="reject">${esc(t('action.reject'))}</button>
      <button type="button" data-act="touch">${esc(t('action.touch'))}</button>
      <button type="button" data-act="deal">${esc(t('action.deal'))}</button>
    </section>
    <section class="card" aria-labelledby="score-h"><h2 id="score-h">${esc(t('lead.score'))}</h2>${scoreView(data.scores ?? data.score)}</section>
    <section class="card" aria-labelledby="nurture-h"><h2 id="nurture-h">${esc(t('lead.nurture'))}</h2>${nurtureView(data.enrollments)}</section>
    <section class="card" aria-labelledby="timeline-h"><h2 id="timeline-h">${esc(t('lead.timeline'))}</h2>${timelineView(data.timeline)}</section>
    <section class="card" aria-labelledby="fb-h"><h2 id="fb-h">${esc(t('lead.feedback'))}</h2>${feedbackView(data.feedback, data.deals)}</section>`;
  main.querySelectorAll('button[data-act]').forEach((button) => {
    button.onclick = () => openAction(button.dataset.act, id, currency);
  });
  main.querySelectorAll('button[data-enrollment]').forEach((button) => {
    button.onclick = async () => {
      if (!navigator.onLine) return flash(t('lead.nurtureOnline'), 'error');
      try {
        await post(`/enrollments/${encodeURIComponent(button.dataset.enrollment)}/${button.dataset.op}`, { reason: 'sales' });
        renderLead(id);
      } catch (e) {
        flash(e instanceof OfflineError ? t('lead.nurtureOnline') : e.message, 'error');
      }
    };
  });
}

/** A part of the lead 360 ({status: ok, data} or unavailable/forbidden): its data, or null. */
function part(value) {
  return value && value.status === 'ok' ? value.data : null;
}

function unavailable() {
  return `<p class="note">${esc(t('lead.unavailable'))}</p>`;
}

function scoreView(value) {
  const scores = part(value);
  if (!scores) return unavailable();
  const list = scores.scores ?? [];
  if (!list.length) return `<p>–</p>`;
  // The primary model (the one routing and the queue use) in full; the others folded away.
  const primary = list.filter((s) => s.primary);
  const others = list.filter((s) => !s.primary);
  const shown = primary.length ? primary : others.splice(0, 1);
  return modelScores(shown) + (others.length
    ? `<details><summary>${esc(t('lead.otherModels', { count: others.length }))}</summary>${modelScores(others)}</details>` : '');
}

function modelScores(list) {
  return list.map((s) => {
    // The explanation ledger: the lines that gave the most points first.
    const lines = [...(s.ledger?.behaviour ?? []), ...(s.ledger?.fit ?? [])]
      .sort((a, b) => Number(b.appliedPoints) - Number(a.appliedPoints)).slice(0, 8);
    return `<div class="model${s.primary ? ' primary' : ''}">
    <p><strong class="big">${esc(formatNumber(s.total, 1))}</strong> ${s.grade ? `(${esc(s.grade)})` : ''} ${esc(s.modelName ?? s.modelId ?? '')}</p>
    <ul class="reasons">${lines.map((l) => `<li>${esc(reasonText(l))}</li>`).join('')}</ul></div>`;
  }).join('');
}

function nurtureView(value) {
  const enrollments = part(value);
  if (!enrollments) return unavailable();
  const list = Array.isArray(enrollments) ? enrollments : enrollments.items ?? [];
  if (!list.length) return `<p>${esc(t('lead.nurtureNone'))}</p>`;
  return `<ul class="plain">${list.map((e) => `<li>
      <span>${esc(e.campaignName ?? e.campaignId)} · ${esc(String(e.state ?? '').toLowerCase())}</span>
      ${e.nextSendAt ? `<span class="note">${esc(formatDateTime(e.nextSendAt))}</span>` : ''}
      ${String(e.state).toLowerCase() === 'active' ? `<button type="button" data-enrollment="${esc(e.id)}" data-op="pause">${esc(t('lead.nurturePause'))}</button>` : ''}
      ${String(e.state).toLowerCase() === 'paused' ? `<button type="button" data-enrollment="${esc(e.id)}" data-op="resume">${esc(t('lead.nurtureResume'))}</button>` : ''}
    </li>`).join('')}</ul>`;
}

function activityLabel(type) {
  if (OFFLINE_TOUCHES.includes(type)) return t(`touch.${type}`);
  const label = t(`activity.${type}`);
  return label === `activity.${type}` ? type : label;
}

function timelineDetail(e) {
  const p = e.properties ?? {};
  if (e.type === 'stage_changed' && p.from && p.to) return `${t(`stage.${p.from}`)} → ${t(`stage.${p.to}`)}`;
  return p.outcome ?? p.subject ?? p.title ?? p.url ?? p.form ?? '';
}

function timelineView(value) {
  const timeline = part(value);
  if (!timeline) return unavailable();
  const items = Array.isArray(timeline) ? timeline : timeline.items ?? timeline.entries ?? [];
  return `<ol class="timeline">${items.slice(0, 20).map((e) => `<li>
      <time datetime="${esc(e.occurredAt)}">${esc(formatDateTime(e.occurredAt))}</time>
      <span class="type">${esc(activityLabel(e.type))}</span> <span class="note">${esc(timelineDetail(e))}</span>
    </li>`).join('')}</ol>`;
}

function feedbackView(feedbackValue, dealsValue) {
  const feedback = part(feedbackValue);
  const deals = part(dealsValue);
  if (!feedback && !deals) return unavailable();
  const items = feedback ? (Array.isArray(feedback) ? feedback : feedback.items ?? []) : [];
  const dealList = deals ? (Array.isArray(deals) ? deals : deals.items ?? []) : [];
  return `
    <ul class="plain">${dealList.map((d) => `<li class="deal">${esc(d.stage ?? d.state ?? '')} ${esc(d.amount !== undefined ? formatMoney(d.amount, d.currency) : '')}</li>`).join('')}</ul>
    <ol class="timeline">${items.slice(0, 20).map((f) => `<li><time datetime="${esc(f.occurredAt)}">${esc(formatDateTime(f.occurredAt))}</time>
      <span>${esc(t(`kind.${f.action}`))}</span> <span class="note">${esc(f.reasonCode ?? f.note ?? '')}</span></li>`).join('')}</ol>`;
}

// ---------------------------------------------------------------- actions

/** Reason codes for the reject and lost-deal forms; fetched at sign-in too, so the forms have them offline. */
async function reasonCodes() {
  try {
    return await cached('reason-codes', '/reason-codes');
  } catch (e) {
    return [];
  }
}

async function openAction(kind, leadId, currency) {
  flash(''); // The last action's message must not read as this one's.
  const dialog = document.getElementById('form-dialog');
  const now = localDateTime(new Date());
  let fields = '';
  if (kind === 'accept') {
    return submit({ action: 'accept', leadId });
  }
  if (kind === 'reject') {
    const codes = await reasonCodes();
    const list = Array.isArray(codes) ? codes : codes.items ?? [];
    fields = `
      <label for="f-reason">${esc(t('action.reason'))}</label>
      <select id="f-reason" name="reasonCode" required>
        ${list.map((c) => `<option value="${esc(c.code)}">${esc(reasonLabel(c))}</option>`).join('')}
      </select>
      <label for="f-note">${esc(t('action.note'))}</label>
      <textarea id="f-note" name="note" rows="3"></textarea>`;
  } else if (kind === 'touch') {
    fields = `
      <label for="f-type">${esc(t('action.touchType'))}</label>
      <select id="f-type" name="type">${OFFLINE_TOUCHES.map((v) => `<option value="${v}">${esc(t(`touch.${v}`))}</option>`).join('')}</select>
      <label for="f-at">${esc(t('action.occurredAt'))}</label>
      <input id="f-at" name="occurredAt" type="datetime-local" value="${now}" required>
      <label for="f-duration">${esc(t('action.duration'))}</label>
      <input id="f-duration" name="durationMinutes" type="number" min="0" max="1440" inputmode="numeric" value="30">
      <label for="f-outcome">${esc(t('action.outcome'))}</label>
      <input id="f-outcome" name="outcome" type="text" maxlength="200">
      <label for="f-note">${esc(t('action.note'))}</label>
      <textarea id="f-note" name="note" rows="3"></textarea>`;
  } else if (kind === 'deal') {
    fields = `
      <label for="f-kind">${esc(t('action.dealKind'))}</label>
      <select id="f-kind" name="action">${['dealOpened', 'dealWon', 'dealLost'].map((v) => `<option value="${v}">${esc(t(`deal.${v}`))}</option>`).join('')}</select>
      <label for="f-amount">${esc(t('action.amount'))}</label>
      <input id="f-amount" name="amount" type="text" inputmode="decimal" pattern="[0-9]+(\\.[0-9]{1,4})?" required>
      <label for="f-currency">${esc(t('action.currency'))}</label>
      <input id="f-currency" name="currency" type="text" value="${esc(currency)}" maxlength="3" pattern="[A-Z]{3}" required>
      <label for="f-close">${esc(t('action.closeDate'))}</label>
      <input id="f-close" name="closeDate" type="date" value="${now.slice(0, 10)}">
      <div id="loss-fields" hidden>
        <label for="f-loss">${esc(t('action.lossReason'))}</label>
        <select id="f-loss" name="lossReasonCode" required disabled><option value=""></option>${LOSS_REASONS.map((v) => `<option value="${v}">${esc(t(`loss.${v}`))}</option>`).join('')}</select>
      </div>`;
  }
  dialog.innerHTML = `<form method="dialog" id="action-form">
      <h2>${esc(t(`action.${kind}`))}</h2>
      ${fields}
      <div class="row">
        <button type="submit" class="primary" value="ok">${esc(t('action.submit'))}</button>
        <button type="button" id="cancel">${esc(t('action.cancel'))}</button>
      </div>
    </form>`;
  dialog.querySelector('#cancel').onclick = () => dialog.close();
  const dealKind = dialog.querySelector('#f-kind');
  if (dealKind) {
    // The loss reason is asked for, and required, only when the deal is lost (a disabled field is not validated).
    dealKind.onchange = () => {
      const lost = dealKind.value === 'dealLost';
      dialog.querySelector('#loss-fields').hidden = !lost;
      dialog.querySelector('#f-loss').disabled = !lost;
    };
  }
  dialog.querySelector('form').onsubmit = (event) => {
    event.preventDefault();
    const form = event.target;
    if (!form.reportValidity()) return;
    const values = Object.fromEntries(new FormData(form).entries());
    dialog.close();
    submit(actionBody(kind, leadId, values));
  };
  dialog.showModal();
}

/** The body of POST /feedback for what the rep entered (feedback-service's FeedbackItem). */
function actionBody(kind, leadId, values) {
  if (kind === 'reject') {
    return { action: 'reject', leadId, reasonCode: values.reasonCode, note: values.note || undefined };
  }
  if (kind === 'touch') {
    const occurredAt = new Date(values.occurredAt).toISOString();
    return {
      action: 'touch', leadId, occurredAt, note: values.note || undefined,
      touch: {
        type: values.type, occurredAt,
        durationMinutes: values.durationMinutes ? Number(values.durationMinutes) : undefined,
        outcome: values.outcome || undefined,
      },
    };
  }
  return {
    action: values.action, leadId,
    deal: {
      // A JSON number, as feedback-service requires (the form's pattern allows at most 4 decimals: exact as a double).
      amount: Number(values.amount), currency: values.currency.toUpperCase(), closeDate: values.closeDate || undefined,
      lossReasonCode: values.action === 'dealLost' ? values.lossReasonCode : undefined,
    },
  };
}

function reasonLabel(code) {
  return (currentLocale() === 'ja' ? code.labelJa : code.labelEn) ?? code.code;
}

async function submit(body) {
  const entry = await enqueue(body);
  if (entry.state === 'synced') flash(t('action.sent'));
  else if (entry.state === 'refused') flash(t('action.refused', { detail: problemText(entry.problem) }), 'error');
  else flash(t('action.queued'));
  renderChrome();
}

function problemText(problem) {
  if (!problem) return '';
  const fields = (problem.errors ?? []).map((e) => `${e.field}: ${e.message}`).join(', ');
  return [problem.detail ?? problem.title, fields].filter(Boolean).join(' — ');
}

function localDateTime(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

// ---------------------------------------------------------------- sync status

async function renderSync() {
  const view = claimView();
  const list = await entries();
  if (overtaken(view)) return;
  main.innerHTML = `
    <h2>${esc(t('sync.heading'))}</h2>
    <button type="button" id="retry">${esc(t('sync.retry'))}</button>
    ${list.length ? `<ol class="sync">${list.map((e) => `<li class="card ${e.state}" data-key="${esc(e.idempotencyKey)}">
        <strong>${esc(t(`kind.${e.body.action}`))}</strong>
        <span class="state">${esc(t(`sync.${e.state}`))}</span>
        <time datetime="${esc(e.body.occurredAt)}">${esc(formatDateTime(e.body.occurredAt))}</time>
        ${e.body.deal?.amount ? `<span>${esc(formatMoney(e.body.deal.amount, e.body.deal.currency))}</span>` : ''}
        ${e.state === 'refused' ? `<p class="error">${esc(problemText(e.problem))}</p>` : ''}
      </li>`).join('')}</ol>` : `<p>${esc(t('sync.empty'))}</p>`}`;
  document.getElementById('retry').onclick = async () => { await flush(); renderSync(); };
}

onOutboxChange(() => { if (location.hash === '#/sync') renderSync(); });
