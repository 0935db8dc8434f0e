/**
 * The report shown (`#report`): its title and scope, the headline figures, members by trade and platform,
 * coverage by county, the union section, and the trend over earlier reports of the same kind (read after
 * the rest is on screen); the charts follow once Chart.js has loaded.
 */
import type { CoverageReport } from '../../../../shared/domain/report';
import { byId, formatDateTime, h, setChildren } from '../../common/dom';
import { currentLocale } from '../../common/i18n';
import { countiesLabel } from '../common/format';
import type { ReportSummary } from './api';
import { createChartFigures } from './chart-figures';
import { countyRows, platformRows, type TrendPoint, tradeRows, trendPoints, trendReports } from './data';
import { periodAxisLabel, periodText, reportLabel } from './format';
import { t } from './i18n';
import type { Picker } from './picker';
import { renderUnionSection } from './union-section';
import {
  renderCountyTable,
  renderHeadline,
  renderPlatformTable,
  renderTradeTable,
  renderTrendTable,
} from './view';

export interface ReportView {
  show(report: CoverageReport): void;
  /** The report shown, if any. */
  current(): CoverageReport | undefined;
  /** No report to show. */
  hide(): void;
  focusTitle(): void;
  relabel(): void;
  reset(): void;
}

export const createReportView = (
  picker: Pick<Picker, 'fetchReport' | 'reports' | 'summaryOf'>,
): ReportView => {
  const section = byId('report');
  const title = byId('report-title');
  const meta = byId('report-meta');
  const trendIntro = byId('trend-intro');
  const tables = {
    trade: byId<HTMLTableElement>('trade-table'),
    platform: byId<HTMLTableElement>('platform-table'),
    county: byId<HTMLTableElement>('county-table'),
    trend: byId<HTMLTableElement>('trend-table'),
  };
  const charts = createChartFigures();

  let current: CoverageReport | undefined;
  /** The reports of the trend, once read (until then the trend is the report shown alone). */
  let trend: CoverageReport[] | undefined;

  const trendData = (): Array<TrendPoint & { period: ReportSummary }> => {
    const locale = currentLocale();
    const shown = trend ?? (current ? [current] : []);
    const points = trendPoints(shown, (report) => periodAxisLabel(report, locale));
    return points.map((point, index) => ({
      ...point,
      period: picker.summaryOf(shown[index] as CoverageReport),
    }));
  };

  const renderTrend = () => {
    const points = trendData();
    trendIntro.textContent = !trend
      ? t('reports.trend.loading')
      : points.length > 1
        ? t('reports.trend.intro', { count: points.length })
        : t('reports.trend.only');
    renderTrendTable(tables.trend, points);
  };

  const render = () => {
    const report = current;
    if (!report) return;
    const locale = currentLocale();
    section.hidden = false;
    title.textContent = reportLabel(report, locale);
    setChildren(
      meta,
      h('span', {}, t('reports.meta.period', { period: periodText(report, locale) })),
      h('span', {}, t('reports.meta.generatedAt', { time: formatDateTime(report.generatedAt, locale) })),
      h(
        'span',
        {},
        report.counties === '*'
          ? t('reports.meta.scopeAll')
          : t('reports.meta.scope', { counties: countiesLabel(report.counties) }),
      ),
    );
    renderHeadline(byId('headline'), byId('change-note'), report, (reportId) => {
      const previous = picker.reports().find((item) => item.reportId === reportId);
      return previous ? reportLabel(previous, locale) : reportId;
    });
    renderTradeTable(tables.trade, tradeRows(report, locale));
    renderPlatformTable(tables.platform, platformRows(report, locale));
    renderCountyTable(tables.county, byId('estimate-source'), report, countyRows(report, locale));
    renderUnionSection(report);
    renderTrend();
    void charts.draw(report, trendData);
  };

  /** The same kind of report, up to the one shown: at most 12, read together (and kept). */
  const loadTrend = async (report: CoverageReport) => {
    const wanted = trendReports(picker.reports(), picker.summaryOf(report));
    const results = await Promise.all(wanted.map((item) => picker.fetchReport(item.reportId)));
    if (report !== current) return;
    const found = results.flatMap((result) => (result.ok ? [result.value] : []));
    trend = found.some((r) => r.reportId === report.reportId) ? found : [...found, report];
    renderTrend();
    void charts.draw(report, trendData, ['trend']);
  };

  return {
    show: (report) => {
      current = report;
      trend = undefined;
      render();
      void loadTrend(report);
    },
    current: () => current,
    hide: () => {
      current = undefined;
      section.hidden = true;
    },
    focusTitle: () => title.focus(),
    relabel: render,
    reset: () => {
      current = undefined;
      trend = undefined;
      charts.destroy();
      for (const table of Object.values(tables)) setChildren(table);
      setChildren(byId('headline'));
      byId('union-section').hidden = true;
      section.hidden = true;
    },
  };
};
