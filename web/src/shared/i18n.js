// Every string the pages show comes from messages/<locale>.json: Japanese first, English on request. Dates and
// times are shown in the device's time zone (the rep's), in the chosen language.
import ja from './messages/ja.json';
import en from './messages/en.json';

const CATALOGS = { ja, en };
const STORAGE_KEY = 'tandem.locale';
let locale = localStorage.getItem(STORAGE_KEY) || 'ja';

export function currentLocale() {
  return locale;
}

export function setLocale(next) {
  locale = CATALOGS[next] ? next : 'ja';
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

/** The message for key, with {name} placeholders filled in; the key itself when no catalog has it. */
export function t(key, params = {}) {
  const text = CATALOGS[locale][key] ?? CATALOGS.ja[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (params[name] ?? ''));
}

export function formatDateTime(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatDate(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso));
}

/** An exact decimal amount as text (never through a float), grouped and with the currency's symbol. */
export function formatMoney(amount, currency) {
  const [whole, fraction] = String(amount).split('.');
  const parts = new Intl.NumberFormat(locale, { style: 'currency', currency }).formatToParts(0);
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const symbol = parts.find((p) => p.type === 'currency')?.value ?? currency;
  return `${symbol}${grouped}${fraction ? '.' + fraction : ''}`;
}

export function formatNumber(value, digits = 0) {
  if (value === null || value === undefined) return '–';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(Number(value));
}

export function formatPercent(ratio) {
  if (ratio === null || ratio === undefined) return '–';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(Number(ratio));
}

/** Escapes text for HTML built from template strings. */
export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
