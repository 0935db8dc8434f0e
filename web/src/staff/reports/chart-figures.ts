/**
 * The dashboard's three figures (`#trade-figure`, `#platform-figure`, `#trend-figure`): each chart drawn
 * once Chart.js has loaded (charts.ts, on demand), and its data table, which a button shows and hides and
 * which stays on screen when the library cannot load.
 */
import type { CoverageReport } from '../../../../shared/domain/report';
import { byId } from '../../common/dom';
import { currentLocale } from '../../common/i18n';
import type { DrawnChart } from './charts';
import { barSeries, platformRows, type TrendPoint, tradeRows, trendSeries } from './data';
import { type Key, t } from './i18n';

const CHART_PARTS = [
  { name: 'trade', heading: 'reports.trade.heading', kind: 'bars' },
  { name: 'platform', heading: 'reports.platform.heading', kind: 'bars' },
  { name: 'trend', heading: 'reports.trend.heading', kind: 'line' },
] as const satisfies ReadonlyArray<{ name: string; heading: Key; kind: 'bars' | 'line' }>;

export type ChartName = (typeof CHART_PARTS)[number]['name'];

export interface ChartFigures {
  /** Draws (again) the named charts of a report; the tables stay whatever happens. */
  draw(report: CoverageReport, trend: () => TrendPoint[], names?: readonly ChartName[]): Promise<void>;
  destroy(): void;
}

/** Shows a chart's data table (and says so on its button), or hides it again. */
const showTable = (figure: HTMLElement, shown: boolean) => {
  figure.querySelector('.chart-data')?.classList.toggle('visually-hidden', !shown);
  figure.querySelector('.table-toggle')?.setAttribute('aria-expanded', String(shown));
};

/** Two bars to a row and room for the axis and the legend. */
const barBoxHeight = (rows: number) => `${Math.max(160, rows * 44 + 80)}px`;

export const createChartFigures = (): ChartFigures => {
  let chartsModule: Promise<typeof import('./charts')> | undefined;
  const drawn = new Map<ChartName, DrawnChart>();
  /** The report last asked for: a drawing for an earlier one, still waiting for the library, is dropped. */
  let latest: CoverageReport | undefined;

  for (const part of CHART_PARTS) {
    const figure = byId(`${part.name}-figure`);
    figure.querySelector('.table-toggle')?.addEventListener('click', (event) => {
      const expanded = (event.currentTarget as HTMLElement).getAttribute('aria-expanded') === 'true';
      showTable(figure, !expanded);
    });
  }

  const showTablesInstead = () => {
    for (const part of CHART_PARTS) {
      const figure = byId(`${part.name}-figure`);
      byId(`${part.name}-box`).hidden = true;
      const problem = figure.querySelector<HTMLElement>('.chart-problem');
      if (problem) problem.hidden = false;
      showTable(figure, true);
    }
  };

  const draw = async (
    report: CoverageReport,
    trend: () => TrendPoint[],
    names: readonly ChartName[] = CHART_PARTS.map((part) => part.name),
  ) => {
    latest = report;
    chartsModule ??= import('./charts');
    let charts: typeof import('./charts');
    try {
      charts = await chartsModule;
    } catch {
      chartsModule = undefined;
      return showTablesInstead();
    }
    if (report !== latest) return;
    const locale = currentLocale();
    const series = { members: t('reports.series.members'), newMembers: t('reports.series.newMembers') };
    const font = getComputedStyle(document.body).fontFamily;
    for (const part of CHART_PARTS) {
      if (!names.includes(part.name)) continue;
      drawn.get(part.name)?.destroy();
      const box = byId(`${part.name}-box`);
      const canvas = byId<HTMLCanvasElement>(`${part.name}-chart`);
      canvas.setAttribute(
        'aria-label',
        t(part.kind === 'bars' ? 'reports.chart.bars' : 'reports.chart.line', { title: t(part.heading) }),
      );
      box.hidden = false;
      if (part.name === 'trend') {
        drawn.set(part.name, charts.drawLine(canvas, trendSeries(trend(), series.members), font));
        continue;
      }
      const rows = part.name === 'trade' ? tradeRows(report, locale) : platformRows(report, locale);
      // CSSOM, not a style attribute: allowed by the Content-Security-Policy.
      box.style.height = barBoxHeight(rows.length);
      drawn.set(part.name, charts.drawBars(canvas, barSeries(rows, series), font));
    }
  };

  return {
    draw,
    destroy: () => {
      latest = undefined;
      for (const chart of drawn.values()) chart.destroy();
      drawn.clear();
    },
  };
};
