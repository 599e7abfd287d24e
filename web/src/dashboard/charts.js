// Bar charts on uPlot (a kept, small charting library, bundled from its WebJar): one group of bars per category,
// one series per measure. Each chart also carries a table of the same numbers for screen readers.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { esc, formatNumber } from '../shared/i18n.js';

const COLOURS = ['#0b5cad', '#8a3b00', '#17612f', '#6b2fa3'];

/**
 * Draws grouped bars into container: categories along x, one bar per series.
 * series: [{label, values: number[]}]
 */
export function barChart(container, title, categories, series) {
  container.innerHTML = '';
  const figure = document.createElement('figure');
  figure.innerHTML = `<figcaption>${esc(title)}</figcaption>`;
  const plot = document.createElement('div');
  plot.setAttribute('aria-hidden', 'true');
  figure.appendChild(plot);
  figure.appendChild(dataTable(title, categories, series));
  container.appendChild(figure);

  const groupWidth = 0.8 / Math.max(series.length, 1);
  // A bar fills 90 % of its slot in the group, at most 60 px wide, centred in the slot (in x-scale units).
  const barWidth = (u) => Math.min(groupWidth * 0.9, 60 / (u.valToPos(1, 'x') - u.valToPos(0, 'x')));
  const width = Math.max(Math.min(container.clientWidth || 640, 900), 300);
  new uPlot({
    width,
    height: 240,
    legend: { show: true, live: false },
    scales: { x: { time: false, range: [-0.5, categories.length - 0.5] } },
    axes: [
      { values: (u, splits) => splits.map((v) => (Number.isInteger(v) ? categories[v] ?? '' : '')), splits: () => categories.map((_, i) => i) },
      { values: (u, splits) => splits.map((v) => formatNumber(v)) },
    ],
    series: [{}, ...series.map((s, i) => ({
      label: s.label,
      stroke: COLOURS[i % COLOURS.length],
      fill: COLOURS[i % COLOURS.length],
      // Each series' bar at its own offset in the category's group; uPlot ignores x0 unless size is given too
      // (without it every series was drawn over the others at the category's centre).
      paths: uPlot.paths.bars({
        disp: {
          x0: { unit: 1, values: (u) => categories.map((_, c) => c - 0.4 + i * groupWidth + (groupWidth - barWidth(u)) / 2) },
          size: { unit: 1, values: (u) => categories.map(() => barWidth(u)) },
        },
      }),
      points: { show: false },
    }))],
  }, [categories.map((_, i) => i), ...series.map((s) => s.values.map((v) => (v === null || v === undefined ? null : Number(v))))], plot);
}

function dataTable(title, categories, series) {
  const table = document.createElement('table');
  table.className = 'chart-data';
  table.innerHTML = `<caption>${esc(title)}</caption>
    <thead><tr><th scope="col"></th>${series.map((s) => `<th scope="col">${esc(s.label)}</th>`).join('')}</tr></thead>
    <tbody>${categories.map((c, i) => `<tr><th scope="row">${esc(c)}</th>${series.map((s) => `<td>${esc(formatNumber(s.values[i], 1))}</td>`).join('')}</tr>`).join('')}</tbody>`;
  return table;
}
