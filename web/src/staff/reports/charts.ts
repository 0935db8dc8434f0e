/**
 * The dashboard's charts, drawn with Chart.js on canvas. Loaded on demand (`import()`), after the numbers
 * and tables are on the screen, so the page does not wait for the library. Only the parts used are
 * registered, which keeps the bundle small. Chart.js sizes its canvas through the CSSOM (never inline
 * style markup), which the pages' Content-Security-Policy allows.
 *
 * Colours: the union red and a blue on screen; black and grey when printed.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { ChartSeries } from './data';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
);

type SeriesKey = ChartSeries['datasets'][number]['key'];
type Palette = Record<SeriesKey, string> & { text: string; grid: string };

const SCREEN: Palette = { members: '#a8201a', newMembers: '#3b6fd4', text: '#1b1b1b', grid: '#d8d8d8' };
const PRINT: Palette = { members: '#000000', newMembers: '#8c8c8c', text: '#000000', grid: '#bdbdbd' };

let palette: Palette = SCREEN;

/** Colours every series, axis and legend of a chart's data and options (before it is made, or to repaint it). */
const paint = (data: Chart['data'], options: Chart['options']) => {
  for (const dataset of data.datasets) {
    const colour = palette[(dataset as { key?: SeriesKey }).key ?? 'members'];
    Object.assign(dataset, {
      backgroundColor: colour,
      borderColor: colour,
      pointBackgroundColor: colour,
      pointBorderColor: colour,
    });
  }
  for (const scale of Object.values(options.scales ?? {})) {
    if (!scale) continue;
    if (scale.ticks) scale.ticks.color = palette.text;
    if (scale.grid) scale.grid.color = palette.grid;
  }
  const legend = options.plugins?.legend;
  if (legend?.labels) legend.labels.color = palette.text;
};

const charts = new Set<Chart>();

/** Printing: black on white, and each chart resized to the paper (Chart.js does not do it by itself). */
const repaint = (next: Palette) => {
  palette = next;
  for (const chart of charts) {
    paint(chart.data, chart.options);
    chart.update();
    chart.resize();
  }
};
window.addEventListener('beforeprint', () => repaint(PRINT));
window.addEventListener('afterprint', () => repaint(SCREEN));

const configure = (fontFamily: string) => {
  Chart.defaults.font.family = fontFamily;
  Chart.defaults.font.size = 13;
  Chart.defaults.color = palette.text;
  Chart.defaults.animation = false;
};

const datasetsOf = (series: ChartSeries) =>
  series.datasets.map((dataset) => ({ ...dataset, data: [...dataset.data] }));

export interface DrawnChart {
  destroy(): void;
}

const remember = (chart: Chart): DrawnChart => {
  charts.add(chart);
  return {
    destroy: () => {
      charts.delete(chart);
      chart.destroy();
    },
  };
};

/** Horizontal grouped bars (long Chinese names read well on a phone), whole numbers from zero. */
export const drawBars = (canvas: HTMLCanvasElement, series: ChartSeries, fontFamily: string): DrawnChart => {
  configure(fontFamily);
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: { labels: [...series.labels], datasets: datasetsOf(series) },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { beginAtZero: true, ticks: { precision: 0 }, grid: {} },
        y: { ticks: { autoSkip: false }, grid: { display: false } },
      },
      plugins: { legend: { position: 'top', labels: {} }, tooltip: { enabled: true } },
    },
  };
  paint(config.data as Chart['data'], config.options as Chart['options']);
  return remember(new Chart(canvas, config));
};

/** A line over the reports, oldest on the left, from zero. */
export const drawLine = (canvas: HTMLCanvasElement, series: ChartSeries, fontFamily: string): DrawnChart => {
  configure(fontFamily);
  const config: ChartConfiguration<'line'> = {
    type: 'line',
    data: {
      labels: [...series.labels],
      datasets: datasetsOf(series).map((dataset) => ({ ...dataset, pointRadius: 4, borderWidth: 3 })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { ticks: { maxRotation: 0, autoSkip: true }, grid: { display: false } },
        y: { beginAtZero: true, ticks: { precision: 0 }, grid: {} },
      },
      plugins: { legend: { display: false, labels: {} }, tooltip: { enabled: true } },
    },
  };
  paint(config.data as Chart['data'], config.options as Chart['options']);
  return remember(new Chart(canvas, config));
};
