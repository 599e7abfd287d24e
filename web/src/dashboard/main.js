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

/** feedback-service's KGI metrics, revenue last (one per currency). */
const METRICS = ['mqls', 'sqls', 'opportunities', 'deals_won'];
let kgiCache = null;

async function kgiOf(month) {
  if (!kgiCache || kgiCache.month !== month) {
    kgiCache = { month, data: await get(`/kgi/${month}`) };
  }
  return kgiCache.data;
}

async function kgi(body, month) {
  const data = await kgiOf(month);
  const metrics = data.metrics ?? [];
  const counts = METRICS.map((name) => metrics.find((m) => m.metric === name)).filter(Boolean);
  const revenue = metrics.filter((m) => m.metric === 'revenue');
  body.innerHTML = `
    <div class="tiles">${counts.map((m) => tile(t(`metric.${m.metric}`), formatNumber(m.actual), m.target, m.projected)).join('')}
      ${revenue.map((r) => tile(`${t('metric.revenue')} (${r.currency})`, formatMoney(r.actual ?? '0', r.currency),
        r.target !== null && r.target !== undefined ? formatMoney(r.target, r.currency) : null,
        r.projected !== null && r.projected !== undefined ? formatMoney(r.projected, r.currency) : null, true)).join('')}
    </div>
    <div class="chart"></div>`;
  barChart(body.querySelector('.chart'), t('dash.kgi'), counts.map((m) => t(`metric.${m.metric}`)), [
    { label: t('dash.actual'), values: counts.map((m) => m.actual) },
    { label: t('dash.target'), values: counts.map((m) => m.target) },
    { label: t('dash.pace'), values: counts.map((m) => m.projected) },
  ]);
}

function tile(label, actual, target, pace, formatted = false) {
  const show = (v) => (v === null || v === undefined ? '–' : formatted ? v : formatNumber(v));
  return `<div class="tile"><span class="label">${esc(label)}</span><strong class="big" data-metric="${esc(label)}">${esc(actual)}</strong>
    <span>${esc(t('dash.target'))}: ${esc(show(target))}</span><span>${esc(t('dash.pace'))}: ${esc(show(pace))}</span></div>`;
}

async function funnel(body, month) {
  const data = await kgiOf(month);
  const steps = data.funnel ?? [];
  const velocity = data.velocity ?? [];
  const label = (s) => `${t(`stage.${s.from}`)} → ${t(`stage.${s.to}`)}`;
  body.innerHTML = `<div class="chart"></div>
    <table><thead><tr><th scope="col"></th><th scope="col">${esc(t('dash.leads'))}</th><th scope="col">${esc(t('dash.conversion'))}</th><th scope="col">${esc(t('dash.velocity'))}</th></tr></thead>
    <tbody>${steps.map((s) => {
      const v = velocity.find((x) => x.from === s.from && x.to === s.to);
      return `<tr><th scope="row">${esc(label(s))}</th><td>${esc(formatNumber(s.entered))} → ${esc(formatNumber(s.converted))}</td>
      <td>${esc(formatPercent(s.rate))}</td><td>${esc(formatNumber(v?.medianBusinessDays, 1))}</td></tr>`;
    }).join('')}</tbody></table>`;
  barChart(body.querySelector('.chart'), t('dash.funnel'), steps.map(label), [
    { label: t('dash.leads'), values: steps.map((s) => s.entered) },
    { label: t('dash.converted'), values: steps.map((s) => s.converted) },
  ]);
}

async function digest(body, week) {
  const data = await get(`/digests/${week}`);
  const row = (name, key) => `<tr><th scope="row">${esc(t(`metric.${name}`))}</th><td>${esc(formatNumber(data.thisWeek?.[key]))}</td><td>${esc(formatNumber(data.lastWeek?.[key]))}</td></tr>`;
  body.innerHTML = `
    <table><thead><tr><th scope="col"></th><th scope="col">${esc(t('dash.thisWeek'))}</th><th scope="col">${esc(t('dash.lastWeek'))}</th></tr></thead>
      <tbody>${row('mqls', 'mqls')}${row('sqls', 'sqls')}${row('opportunities', 'opportunities')}${row('deals_won', 'dealsWon')}</tbody></table>
    <h3>${esc(t('dash.rejections'))}</h3>
    <ul>${(data.rejections ?? []).map((r) => `<li>${esc(r.labelJa ?? r.reasonCode)}: ${esc(formatNumber(r.count))}
      ${(r.examples ?? []).slice(0, 2).map((e) => `<br><span class="note">${esc(e.leadName ?? e.leadId)} — ${esc(e.repName ?? e.repId ?? '')}: ${esc(e.note ?? '')}</span>`).join('')}</li>`).join('')}</ul>
    <h3>${esc(t('dash.untouched'))}</h3>
    <ul>${(data.untouched ?? []).slice(0, 5).map((u) => `<li>${esc(u.name ?? u.leadId)} ${esc(u.company ?? '')}</li>`).join('') || '<li>–</li>'}</ul>
    <h3>${esc(t('dash.agenda'))}</h3>
    <ul>${(data.agenda ?? []).map((a) => `<li>${esc(a.side)}: ${esc(a.title)}</li>`).join('') || '<li>–</li>'}</ul>`;
}

async function sla(body) {
  const data = await get('/sla/breaches');
  const marketing = data.marketing;
  body.innerHTML = `<div class="tiles">
    ${tile(t('dash.slaSales'), formatNumber((data.sales ?? []).length), null, null)}
    ${marketing ? tile(t('dash.slaMarketing'), `${formatNumber(marketing.delivered)} / ${formatNumber(marketing.committed)}`, null, null, true) : ''}</div>`;
}

async function rejections(body) {
  const [data, codes] = await Promise.all([get('/insights/rejections'), get('/reason-codes').catch(() => [])]);
  const label = (code) => {
    const c = (codes ?? []).find((x) => x.code === code);
    return c ? (currentLocale() === 'ja' ? c.labelJa : c.labelEn) : code;
  };
  const reasons = data.reasons ?? [];
  body.innerHTML = '<div class="chart"></div>';
  barChart(body.querySelector('.chart'), t('dash.rejections'), reasons.map((r) => label(r.reasonCode)),
    [{ label: t('dash.leads'), values: reasons.map((r) => r.count) }]);
}

async function campaigns(body) {
  const list = (await get('/campaigns')).filter((c) => String(c.state).toLowerCase() !== 'archived');
  const stats = await Promise.all(list.map((c) => get(`/campaigns/${encodeURIComponent(c.id)}/stats`).catch(() => null)));
  const sum = (rows, key) => (rows ?? []).reduce((total, r) => total + Number(r[key] ?? 0), 0);
  // The campaigns that sent the most first: those are the ones marketing and sales talk about.
  const rows = list.map((c, i) => ({ name: c.name, state: String(c.state).toLowerCase(), sent: sum(stats[i]?.steps, 'sent'),
    opens: sum(stats[i]?.steps, 'uniqueHumanOpens'), clicks: sum(stats[i]?.steps, 'uniqueHumanClicks') }))
    .sort((a, b) => b.sent - a.sent).slice(0, 10);
  const rate = (n, of) => (of ? formatPercent(n / of) : '–');
  body.innerHTML = `<div class="chart"></div>
    <table class="campaign-figures"><thead><tr><th scope="col"></th><th scope="col">${esc(t('dash.sent'))}</th>
      <th scope="col">${esc(t('dash.opens'))}</th><th scope="col">${esc(t('dash.clicks'))}</th></tr></thead>
    <tbody>${rows.map((r) => `<tr><th scope="row">${esc(r.name)}</th><td>${esc(formatNumber(r.sent))}</td>
      <td>${esc(formatNumber(r.opens))} (${esc(rate(r.opens, r.sent))})</td><td>${esc(formatNumber(r.clicks))} (${esc(rate(r.clicks, r.sent))})</td></tr>`).join('')}</tbody></table>`;
  const sending = rows.filter((r) => r.sent > 0).slice(0, 5);
  if (!sending.length) {
    body.querySelector('.chart').remove();
    return;
  }
  barChart(body.querySelector('.chart'), t('dash.campaigns'), sending.map((r) => r.name), [
    { label: t('dash.sent'), values: sending.map((r) => r.sent) },
    { label: t('dash.opens'), values: sending.map((r) => r.opens) },
    { label: t('dash.clicks'), values: sending.map((r) => r.clicks) },
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
  const bands = result.distribution ?? [];
  const lift = result.outcomes;
  body.innerHTML = `<p>${esc(t('dash.model'))}: ${esc(model.name ?? model.id)}${lift?.lift !== undefined && lift?.lift !== null ? ` · ${esc(t('dash.lift'))} ${esc(formatNumber(lift.lift, 2))}` : ''}</p><div class="chart"></div>`;
  barChart(body.querySelector('.chart'), t('dash.backtest'), bands.map((b) => `${formatNumber(b.from)}–${formatNumber(b.to)}`),
    [{ label: t('dash.leads'), values: bands.map((b) => b.leads) }]);
}
