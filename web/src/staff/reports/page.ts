/**
 * The coverage dashboard (`/reports`): signed in as on the reviewer console (same module, same tab
 * session), a picker of the coverage reports (the latest first), the headline figures with their change
 * against the previous report, members by trade and platform, coverage by county against the workforce
 * estimates, grassroots unions (the head-platform union rate, union-section.ts), the trend over recent
 * reports of the same kind, the CSV, and for administrators a report made now. The numbers and tables come first; the charts follow once Chart.js has loaded.
 */
import type { CoverageReport } from '../../../../shared/domain/report';
import { beijingDay } from '../../../../shared/domain/report-period';
import { byId, formatDateTime, h, setChildren } from '../../common/dom';
import { setFieldError } from '../../common/field-errors';
import { currentLocale, onLocaleChange, startLanguage } from '../../common/i18n';
import { type Result, type ReviewProblem, reviewProblemMessage } from '../common/api';
import { countiesLabel } from '../common/format';
import { type Key, t } from '../common/i18n';
import { saveBlob } from '../common/save-blob';
import type { SignedIn } from '../common/session';
import { createSignIn } from '../common/sign-in';
import {
  type GenerateRequest,
  generateReport,
  getDeadlinesCsv,
  getReport,
  getReportCsv,
  listReports,
  type ReportSummary,
} from './api';
import type { DrawnChart } from './charts';
import {
  barSeries,
  countyRows,
  platformRows,
  type TrendPoint,
  tradeRows,
  trendPoints,
  trendReports,
  trendSeries,
} from './data';
import { addDays, customPeriodProblems, periodAxisLabel, periodText, reportLabel } from './format';
import { renderUnionSection } from './union-section';
import {
  renderCountyTable,
  renderHeadline,
  renderPlatformTable,
  renderTradeTable,
  renderTrendTable,
} from './view';

startLanguage();

const dashboard = byId('dashboard');
const select = byId<HTMLSelectElement>('report-select');
const refreshButton = byId<HTMLButtonElement>('refresh-reports');
const csvButton = byId<HTMLButtonElement>('csv-download');
const deadlinesCsvButton = byId<HTMLButtonElement>('deadlines-csv-download');
const printButton = byId<HTMLButtonElement>('print-button');
const csvStatus = byId('csv-status');
const reportStatus = byId('report-status');
const reportView = byId('report');
const reportTitle = byId('report-title');
const reportMeta = byId('report-meta');
const generateSection = byId('generate');
const generateForm = byId<HTMLFormElement>('generate-form');
const generatePeriod = byId<HTMLSelectElement>('generate-period');
const generateFrom = byId<HTMLInputElement>('generate-from');
const generateTo = byId<HTMLInputElement>('generate-to');
const generateButton = byId<HTMLButtonElement>('generate-button');
const generateStatus = byId('generate-status');
const trendIntro = byId('trend-intro');

// ——— State ———

let who: SignedIn | undefined;
let items: ReportSummary[] = [];
let listed = false;
let selectedId: string | undefined;
let current: CoverageReport | undefined;
let trend: CoverageReport[] | undefined;
const reports = new Map<string, CoverageReport>();
/** Each load bumps it; an answer for an older load is dropped. */
let generation = 0;
/** The status line under the picker, as a function so that it re-words itself. */
let statusMessage: (() => string) | undefined;
let csvMessage: (() => string) | undefined;
let generateMessage: (() => string) | undefined;

const problemText = (problem: ReviewProblem): string =>
  problem.kind === 'not_found'
    ? t('reports.problem.notFound')
    : reviewProblemMessage(problem, currentLocale());

/** A 403: the sign-in reads the roster again and shows what this account may do now. */
const refused = (problem: ReviewProblem): boolean => signIn.refused(problem);

const renderStatus = () => {
  reportStatus.textContent = statusMessage ? statusMessage() : '';
  csvStatus.textContent = csvMessage ? csvMessage() : '';
  generateStatus.textContent = generateMessage ? generateMessage() : '';
};

// ——— The picker ———

const HASH_PREFIX = '#report=';

const reportIdInAddress = (): string | undefined => {
  const hash = window.location.hash;
  return hash.startsWith(HASH_PREFIX) ? decodeURIComponent(hash.slice(HASH_PREFIX.length)) : undefined;
};

const renderPicker = () => {
  const options = items.map((item) =>
    h(
      'option',
      { value: item.reportId, selected: item.reportId === selectedId },
      reportLabel(item, currentLocale()),
    ),
  );
  setChildren(select, ...options);
  if (selectedId) select.value = selectedId;
  select.disabled = items.length === 0;
  csvButton.disabled = !current;
  deadlinesCsvButton.disabled = !current;
  printButton.disabled = !current;
};

const loadList = async (prefer?: string): Promise<void> => {
  const mine = ++generation;
  statusMessage = () => t('reports.picker.loading');
  renderStatus();
  const result = await listReports();
  if (mine !== generation) return;
  if (!result.ok) {
    if (refused(result.problem)) return;
    const problem = result.problem;
    statusMessage = () => problemText(problem);
    renderStatus();
    return;
  }
  items = result.value.items;
  listed = true;
  const wanted = [prefer, reportIdInAddress(), selectedId].find(
    (id) => id && items.some((item) => item.reportId === id),
  );
  selectedId = wanted ?? items[0]?.reportId;
  renderPicker();
  if (!selectedId) {
    current = undefined;
    reportView.hidden = true;
    statusMessage = () => t(who?.role === 'admin' ? 'reports.picker.noneAdmin' : 'reports.picker.none');
    renderStatus();
    return;
  }
  await showReport(selectedId);
};

const fetchReport = async (reportId: string): Promise<Result<CoverageReport>> => {
  const known = reports.get(reportId);
  if (known) return { ok: true, value: known };
  const result = await getReport(reportId);
  if (result.ok) reports.set(reportId, result.value);
  return result;
};

const showReport = async (reportId: string): Promise<void> => {
  const mine = ++generation;
  selectedId = reportId;
  if (reportIdInAddress() !== reportId)
    window.history.replaceState(
      null,
      '',
      `${window.location.pathname}${HASH_PREFIX}${encodeURIComponent(reportId)}`,
    );
  statusMessage = () => t('reports.loading');
  csvMessage = undefined;
  renderStatus();
  const result = await fetchReport(reportId);
  if (mine !== generation) return;
  if (!result.ok) {
    if (refused(result.problem)) return;
    const problem = result.problem;
    statusMessage = () => problemText(problem);
    renderStatus();
    return;
  }
  current = result.value;
  trend = undefined;
  statusMessage = undefined;
  renderStatus();
  renderPicker();
  renderReport();
  await loadTrend(mine);
};

select.addEventListener('change', () => void showReport(select.value));
refreshButton.addEventListener('click', () => {
  // A report made again replaces the old one under the same id: read them afresh.
  reports.clear();
  void loadList();
});
printButton.addEventListener('click', () => window.print());

// ——— The report ———

const tables = {
  trade: byId<HTMLTableElement>('trade-table'),
  platform: byId<HTMLTableElement>('platform-table'),
  county: byId<HTMLTableElement>('county-table'),
  trend: byId<HTMLTableElement>('trend-table'),
};

const summaryOf = (report: CoverageReport): ReportSummary =>
  items.find((item) => item.reportId === report.reportId) ?? {
    reportId: report.reportId,
    kind: report.kind,
    periodStart: report.periodStart,
    periodEnd: report.periodEnd,
    generatedAt: report.generatedAt,
  };

const renderReport = () => {
  const report = current;
  if (!report) return;
  const locale = currentLocale();
  reportView.hidden = false;
  reportTitle.textContent = reportLabel(report, locale);
  setChildren(
    reportMeta,
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
    const previous = items.find((item) => item.reportId === reportId);
    return previous ? reportLabel(previous, locale) : reportId;
  });
  renderTradeTable(tables.trade, tradeRows(report, locale));
  renderPlatformTable(tables.platform, platformRows(report, locale));
  renderCountyTable(tables.county, byId('estimate-source'), report, countyRows(report, locale));
  renderUnionSection(report);
  renderTrend();
  void drawCharts();
};

const trendData = (): Array<TrendPoint & { period: ReportSummary }> => {
  const locale = currentLocale();
  const shown = trend ?? (current ? [current] : []);
  const points = trendPoints(shown, (report) => periodAxisLabel(report, locale));
  return points.map((point, index) => ({ ...point, period: summaryOf(shown[index] as CoverageReport) }));
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

/** The same kind of report, up to the one shown: at most 12, fetched together (and kept). */
const loadTrend = async (mine: number) => {
  const report = current;
  if (!report) return;
  const wanted = trendReports(items, summaryOf(report));
  const results = await Promise.all(wanted.map((item) => fetchReport(item.reportId)));
  if (mine !== generation) return;
  const found = results.flatMap((result) => (result.ok ? [result.value] : []));
  trend = found.some((r) => r.reportId === report.reportId) ? found : [...found, report];
  renderTrend();
  void drawCharts(['trend']);
};

// ——— Charts (Chart.js, loaded on demand) ———

let chartsModule: Promise<typeof import('./charts')> | undefined;
const drawn = new Map<ChartName, DrawnChart>();

const CHART_PARTS = [
  { name: 'trade', heading: 'reports.trade.heading', kind: 'bars' },
  { name: 'platform', heading: 'reports.platform.heading', kind: 'bars' },
  { name: 'trend', heading: 'reports.trend.heading', kind: 'line' },
] as const satisfies ReadonlyArray<{ name: string; heading: Key; kind: 'bars' | 'line' }>;
type ChartName = (typeof CHART_PARTS)[number]['name'];

/** Shows a chart's data table (and says so on its button), or hides it again. */
const showTable = (figure: HTMLElement, shown: boolean) => {
  figure.querySelector('.chart-data')?.classList.toggle('visually-hidden', !shown);
  figure.querySelector('.table-toggle')?.setAttribute('aria-expanded', String(shown));
};

for (const part of CHART_PARTS) {
  const figure = byId(`${part.name}-figure`);
  figure.querySelector('.table-toggle')?.addEventListener('click', (event) => {
    const expanded = (event.currentTarget as HTMLElement).getAttribute('aria-expanded') === 'true';
    showTable(figure, !expanded);
  });
}

const destroyCharts = () => {
  for (const chart of drawn.values()) chart.destroy();
  drawn.clear();
};

/** Two bars to a row and room for the axis and the legend. */
const barBoxHeight = (rows: number) => `${Math.max(160, rows * 44 + 80)}px`;

/** Draws (again) the named charts of the report shown; the tables stay whatever happens. */
const drawCharts = async (names: readonly ChartName[] = CHART_PARTS.map((part) => part.name)) => {
  const report = current;
  if (!report) return;
  chartsModule ??= import('./charts');
  let charts: typeof import('./charts');
  try {
    charts = await chartsModule;
  } catch {
    chartsModule = undefined;
    for (const part of CHART_PARTS) {
      const figure = byId(`${part.name}-figure`);
      byId(`${part.name}-box`).hidden = true;
      const problem = figure.querySelector<HTMLElement>('.chart-problem');
      if (problem) problem.hidden = false;
      showTable(figure, true);
    }
    return;
  }
  if (report !== current) return;
  const locale = currentLocale();
  const series = { members: t('reports.series.members'), newMembers: t('reports.series.newMembers') };
  const font = getComputedStyle(document.body).fontFamily;
  const trades = tradeRows(report, locale);
  const platforms = platformRows(report, locale);
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
      drawn.set(part.name, charts.drawLine(canvas, trendSeries(trendData(), series.members), font));
      continue;
    }
    const rows = part.name === 'trade' ? trades : platforms;
    // CSSOM, not a style attribute: allowed by the Content-Security-Policy.
    box.style.height = barBoxHeight(rows.length);
    drawn.set(part.name, charts.drawBars(canvas, barSeries(rows, series), font));
  }
};

// ——— CSV ———

const downloadCsv = async (button: HTMLButtonElement, get: typeof getReportCsv) => {
  const reportId = current?.reportId;
  if (!reportId) return;
  button.disabled = true;
  csvMessage = () => t('reports.csv.preparing');
  renderStatus();
  const result = await get(reportId);
  button.disabled = !current;
  if (result.ok) {
    const { blob, fileName } = result.value;
    saveBlob(blob, fileName);
    csvMessage = () => t('reports.csv.done', { file: fileName });
  } else {
    if (refused(result.problem)) return;
    const problem = result.problem;
    csvMessage = () => problemText(problem);
  }
  renderStatus();
};
csvButton.addEventListener('click', () => void downloadCsv(csvButton, getReportCsv));
deadlinesCsvButton.addEventListener('click', () => void downloadCsv(deadlinesCsvButton, getDeadlinesCsv));

// ——— Generate now (administrators) ———

const renderDates = () => {
  const custom = generatePeriod.value === 'custom';
  byId('generate-dates-from').hidden = !custom;
  byId('generate-dates-to').hidden = !custom;
  if (custom && !generateFrom.value && !generateTo.value) {
    const today = beijingDay(new Date());
    generateFrom.value = addDays(today, -7);
    generateTo.value = today;
  }
};
generatePeriod.addEventListener('change', renderDates);

let dateProblems: Partial<Record<'from' | 'to', Key>> = {};
const renderDateProblems = () => {
  setFieldError(generateForm, 'from', dateProblems.from ? t(dateProblems.from) : undefined);
  setFieldError(generateForm, 'to', dateProblems.to ? t(dateProblems.to) : undefined);
};

/** API field messages come worded already, in the language of the request. */
let apiFieldProblems: Partial<Record<'from' | 'to', string>> = {};

generateForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  let request: GenerateRequest = {};
  apiFieldProblems = {};
  dateProblems = {};
  if (generatePeriod.value === 'monthly') request = { kind: 'monthly' };
  if (generatePeriod.value === 'custom') {
    dateProblems = customPeriodProblems(generateFrom.value, generateTo.value);
    renderDateProblems();
    if (dateProblems.from || dateProblems.to) {
      (dateProblems.from ? generateFrom : generateTo).focus();
      return;
    }
    request = { from: generateFrom.value, to: generateTo.value };
  } else renderDateProblems();
  generateButton.disabled = true;
  generateMessage = () => t('reports.generate.sending');
  renderStatus();
  const result = await generateReport(request);
  generateButton.disabled = false;
  if (result.ok) {
    const report = result.value;
    reports.set(report.reportId, report);
    generateMessage = () => t('reports.generate.done', { report: reportLabel(report, currentLocale()) });
    renderStatus();
    await loadList(report.reportId);
    reportTitle.focus();
    return;
  }
  if (refused(result.problem)) return;
  const problem = result.problem;
  if (problem.kind === 'invalid') {
    apiFieldProblems = { from: problem.fields.from, to: problem.fields.to };
    setFieldError(generateForm, 'from', apiFieldProblems.from);
    setFieldError(generateForm, 'to', apiFieldProblems.to);
  }
  generateMessage = () => problemText(problem);
  renderStatus();
});

// ——— Sign-in ———

const reset = () => {
  generation++;
  who = undefined;
  items = [];
  listed = false;
  selectedId = undefined;
  current = undefined;
  trend = undefined;
  reports.clear();
  statusMessage = undefined;
  csvMessage = undefined;
  generateMessage = undefined;
  destroyCharts();
  for (const table of Object.values(tables)) setChildren(table);
  setChildren(byId('headline'));
  byId('union-section').hidden = true;
  reportView.hidden = true;
  generateSection.hidden = true;
  renderPicker();
  renderStatus();
};

const signIn = createSignIn({
  body: dashboard,
  signedIn: (person) => {
    who = person;
    generateSection.hidden = person.role !== 'admin';
    renderDates();
    void loadList();
  },
  signedOut: reset,
});

// ——— Language ———

onLocaleChange(() => {
  signIn.relabel();
  if (listed) renderPicker();
  renderStatus();
  renderDateProblems();
  if (apiFieldProblems.from || apiFieldProblems.to) {
    setFieldError(generateForm, 'from', apiFieldProblems.from);
    setFieldError(generateForm, 'to', apiFieldProblems.to);
  }
  renderReport();
});

void signIn.start();
