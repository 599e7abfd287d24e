// The marketing and management dashboard: where the period stands against the shared goal, at a glance.
import '../app/app.css';
import './dashboard.css';
import { t, setLocale, currentLocale, esc, formatMoney, formatNumber, formatPercent } from '../shared/i18n.js';
import { resume, signOut, session, get, post, ApiError } from '../shared/api.js';
import { barChart } from './charts.js';

const main = document.getElementById('main');
const COMPANY_ZONE = 'Asia/Tokyo';

setLocale(currentLocale());
start();

async function start() {
  renderHeader();
  if (!(await resume())) {
    // Sign-in lives in the phone app's page; it comes back here afterwards.
    location.href = '/app/#/login';
    return;
  }
  render();
}

function renderHeader() {
  document.title = t('dashboard.title');
  document.getElementById('header').innerHTML = `
    <h1 class="brand">${esc(t('dashboard.title'))}</h1>
    <nav aria-label="${esc(t('dashboard.title'))}">
      <a href="/app/">${esc(t('nav.queue'))}</a>
      <button type="button" id="lang">${esc(t('lang.switch'))}</button>
      <button type="button" id="signout">${esc(t('nav.signOut'))}</button>
    </nav>`;
  document.getElementById('lang').onclick = () => { setLocale(currentLocale() === 'ja' ? 'en' : 'ja'); renderHeader(); render(); };
  document.getElementById('signout').onclick = async () => { await signOut().catch(() => {}); location.href = '/app/'; };
}

/** The current month and ISO week in the company's time zone ("2026-12", "2026-W49"). */
export function currentPeriods(now = new Date()) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: COMPANY_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(now).map((p) => [p.type, p.value]));
  const date = new Date(Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day)));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const weekYear = date.getUTCFullYear();
  const week = Math.ceil(((date - Date.UTC(weekYear, 0, 1)) / 86400000 + 1) / 7);
  return { month: `${parts.year}-${parts.month}`, week: `${weekYear}-W${String(week).padStart(2, '0')}` };
}

async function section(id, title, load) {
  const box = document.getElementById(id);
  box.innerHTML = `<h2>${esc(title)}</h2><div class="body" aria-busy="true">…</div>`;
  const body = box.querySelector('.body');
  try {
    await load(body);
    body.removeAttribute('aria-busy');
  } catch (e) {
    body.removeAttribute('aria-busy');
    body.innerHTML = `<p class="note">${esc(t('dash.unavailable'))}${e instanceof ApiError ? ` (${e.status})` : ''}</p>`;
  }
}

function render() {
  const { month, week } = currentPeriods();
  main.innerHTML = `
    <section id="kgi" class="card wide"></section>
    <section id="funnel" class="card"></section>
    <section id="digest" class="card"></section>
    <section id="sla" class="card"></section>
    <section id="rejections" class="card"></section>
    <section id="campaigns" class="card wide"></section>
    <section id="backtest" class="card wide"></section>`;
  section('kgi', `${t('dash.kgi')} — ${month}`, (body) => kgi(body, month));
  section('funnel', t('dash.funnel'), (body) => funnel(body, month));
  section('digest', `${t('dash.digest')} — ${week}`, (body) => digest(body, week));
  section('sla', t('dash.sla'), sla);
  section('rejections', t('dash.rejections'), rejections);
  section('campaigns', t('dash.campaigns'), campaigns);
  section('backtest', t('dash.backtest'), backtest);
}

const METRICS = ['mqls', 'sqls', 'opportunities', 'dealsWon'];
let kgiCache = null;

async function kgiOf(month) {
  if (!kgiCache || kgiCache.month !== month) {
    kgiCache = { month, data: await get(`/kgi/${month}`) };
  }
  return kgiCache.data;
}

async function kgi(body, month) {
  const data = await kgiOf(month);
  const metrics = data.metrics ?? data;
  const rows = METRICS.filter((m) => metrics[m]);
  const revenue = data.revenue ?? metrics.revenue ?? [];
  body.innerHTML = `
    <div class="tiles">${rows.map((m) => tile(t(`metric.${m}`), formatNumber(metrics[m].actual), metrics[m].target, metrics[m].pace)).join('')}
      ${(Array.isArray(revenue) ? revenue : Object.entries(revenue).map(([currency, v]) => ({ currency, ...v })))
        .map((r) => tile(`${t('metric.revenue')} (${r.currency})`, formatMoney(r.actual ?? '0', r.currency),
          r.target !== undefined && r.target !== null ? formatMoney(r.target, r.currency) : null,
          r.pace !== undefined && r.pace !== null ? formatMoney(r.pace, r.currency) : null, true)).join('')}
    </div>
    <div class="chart"></div>`;
  barChart(body.querySelector('.chart'), t('dash.kgi'), rows.map((m) => t(`metric.${m}`)), [
    { label: t('dash.actual'), values: rows.map((m) => metrics[m].actual) },
    { label: t('dash.target'), values: rows.map((m) => metrics[m].target) },
    { label: t('dash.pace'), values: rows.map((m) => metrics[m].pace) },
  ]);
}

function tile(label, actual, target, pace, formatted = false) {
  const show = (v) => (v === null || v === undefined ? '–' : formatted ? v : formatNumber(v));
  return `<div class="tile"><span class="label">${esc(label)}</span><strong class="big" data-metric="${esc(label)}">${esc(actual)}</strong>
    <span>${esc(t('dash.target'))}: ${esc(show(target))}</span><span>${esc(t('dash.pace'))}: ${esc(show(pace))}</span></div>`;
}

async function funnel(body, month) {
  const data = await kgiOf(month);
  const stages = data.funnel ?? [];
  body.innerHTML = `<div class="chart"></div>
    <table><thead><tr><th scope="col"></th><th scope="col">${esc(t('dash.leads'))}</th><th scope="col">${esc(t('dash.conversion'))}</th><th scope="col">${esc(t('dash.velocity'))}</th></tr></thead>
    <tbody>${stages.map((s) => `<tr><th scope="row">${esc(t(`stage.${s.stage}`))}</th><td>${esc(formatNumber(s.count ?? s.leads))}</td>
      <td>${esc(formatPercent(s.conversion ?? s.conversionRate))}</td><td>${esc(formatNumber(s.medianBusinessDays ?? s.velocity, 1))}</td></tr>`).join('')}</tbody></table>`;
  barChart(body.querySelector('.chart'), t('dash.funnel'), stages.map((s) => t(`stage.${s.stage}`)),
    [{ label: t('dash.leads'), values: stages.map((s) => s.count ?? s.leads) }]);
}

async function digest(body, week) {
  const data = await get(`/digests/${week}`);
  const highlights = [
    ...(data.rejections ?? []).slice(0, 3).map((r) => `${r.label ?? r.reasonCode}: ${formatNumber(r.count)}`),
    ...(data.untouchedMqls ?? []).slice(0, 3).map((l) => `${l.name ?? l.leadId}`),
  ];
  body.innerHTML = `<p><a href="/api/digests/${encodeURIComponent(week)}?format=html">${esc(t('dash.digest'))}</a></p>
    <ul>${highlights.map((h) => `<li>${esc(h)}</li>`).join('')}</ul>`;
}

async function sla(body) {
  const data = await get('/sla/breaches');
  const list = Array.isArray(data) ? data : data.items ?? data.breaches ?? [];
  const bySide = (side) => list.filter((b) => (b.side ?? '').toLowerCase() === side).length;
  body.innerHTML = `<div class="tiles">
    ${tile(t('dash.slaSales'), formatNumber(bySide('sales')), null, null)}
    ${tile(t('dash.slaMarketing'), formatNumber(bySide('marketing')), null, null)}</div>`;
}

async function rejections(body) {
  const data = await get('/insights/rejections');
  const reasons = data.byReason ?? data.reasons ?? [];
  body.innerHTML = '<div class="chart"></div>';
  barChart(body.querySelector('.chart'), t('dash.rejections'), reasons.map((r) => r.label?.[currentLocale()] ?? r.label ?? r.reasonCode),
    [{ label: t('dash.leads'), values: reasons.map((r) => r.count) }]);
}

async function campaigns(body) {
  const page = await get('/campaigns?size=20');
  const list = (Array.isArray(page) ? page : page.items ?? []).filter((c) => c.state !== 'archived').slice(0, 8);
  const stats = await Promise.all(list.map((c) => get(`/campaigns/${encodeURIComponent(c.id)}/stats`).catch(() => null)));
  const totals = stats.map((s) => s?.totals ?? s ?? {});
  body.innerHTML = '<div class="chart"></div>';
  barChart(body.querySelector('.chart'), t('dash.campaigns'), list.map((c) => c.name), [
    { label: t('dash.sent'), values: totals.map((s) => s.sent) },
    { label: t('dash.opens'), values: totals.map((s) => s.uniqueOpensHuman ?? s.opens?.human) },
    { label: t('dash.clicks'), values: totals.map((s) => s.uniqueClicksHuman ?? s.clicks?.human) },
  ]);
}

async function backtest(body) {
  const page = await get('/models?size=50');
  const models = Array.isArray(page) ? page : page.items ?? [];
  const model = models.find((m) => m.primary) ?? models[0];
  if (!model) {
    body.innerHTML = '<p>–</p>';
    return;
  }
  const result = await post(`/models/${encodeURIComponent(model.id)}/simulate`);
  const bands = result.distribution ?? result.bands ?? [];
  const lift = result.lift;
  body.innerHTML = `<p>${esc(t('dash.model'))}: ${esc(model.name ?? model.id)}${lift?.lift !== undefined && lift?.lift !== null ? ` · ${esc(t('dash.lift'))} ${esc(formatNumber(lift.lift, 2))}` : ''}</p><div class="chart"></div>`;
  barChart(body.querySelector('.chart'), t('dash.backtest'), bands.map((b) => `${formatNumber(b.from)}–${formatNumber(b.to)}`),
    [{ label: t('dash.leads'), values: bands.map((b) => b.leads) }]);
}
