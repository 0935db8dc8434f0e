/**
 * The report picker (`#picker`): the coverage reports the signed-in person may see, the latest first, and
 * which one is shown, also in the address (`#report=…`) so that a reload or a link opens it again. Reports
 * are kept once read; a report made again replaces the old one under the same id, so "refresh" forgets
 * them.
 */
import type { CoverageReport } from '../../../../shared/domain/report';
import { byId, h, setChildren } from '../../common/dom';
import { currentLocale } from '../../common/i18n';
import type { Result, ReviewProblem } from '../common/api';
import { getReport, listReports, type ReportSummary } from './api';
import { type Dashboard, problemText } from './context';
import { reportLabel } from './format';
import { t } from './i18n';

export interface PickerEvents {
  /** The report chosen, read (or kept from before): to be shown. */
  shown(report: CoverageReport): void;
  /** There is no report to show. */
  cleared(): void;
}

export interface Picker {
  /** Reads the list and shows `prefer`, the report in the address, the one shown before, or the latest. */
  load(prefer?: string): Promise<void>;
  /** A report, kept from before or read now. */
  fetchReport(reportId: string): Promise<Result<CoverageReport>>;
  /** Keeps a report just made, so that showing it needs no second read. */
  keep(report: CoverageReport): void;
  /** The list's entry for a report (a report not listed yet is described from itself). */
  summaryOf(report: CoverageReport): ReportSummary;
  reports(): readonly ReportSummary[];
  relabel(): void;
  reset(): void;
}

const HASH_PREFIX = '#report=';

const reportIdInAddress = (): string | undefined => {
  const hash = window.location.hash;
  return hash.startsWith(HASH_PREFIX) ? decodeURIComponent(hash.slice(HASH_PREFIX.length)) : undefined;
};

export const createPicker = (dashboard: Dashboard, events: PickerEvents): Picker => {
  const select = byId<HTMLSelectElement>('report-select');
  const status = byId('report-status');

  let items: ReportSummary[] = [];
  let listed = false;
  let selectedId: string | undefined;
  const kept = new Map<string, CoverageReport>();
  /** Each read of the list or of a report bumps it; an answer for an older one is dropped. */
  let generation = 0;
  /** The line under the picker, as a function so that it re-words itself. */
  let statusMessage: (() => string) | undefined;

  const say = (message: (() => string) | undefined) => {
    statusMessage = message;
    status.textContent = message ? message() : '';
  };

  const render = () => {
    setChildren(
      select,
      ...items.map((item) =>
        h(
          'option',
          { value: item.reportId, selected: item.reportId === selectedId },
          reportLabel(item, currentLocale()),
        ),
      ),
    );
    if (selectedId) select.value = selectedId;
    select.disabled = items.length === 0;
  };

  const failed = (problem: ReviewProblem) => {
    if (!dashboard.refused(problem)) say(() => problemText(problem));
  };

  const fetchReport = async (reportId: string): Promise<Result<CoverageReport>> => {
    const known = kept.get(reportId);
    if (known) return { ok: true, value: known };
    const result = await getReport(reportId);
    if (result.ok) kept.set(reportId, result.value);
    return result;
  };

  const show = async (reportId: string): Promise<void> => {
    const mine = ++generation;
    selectedId = reportId;
    if (reportIdInAddress() !== reportId)
      window.history.replaceState(
        null,
        '',
        `${window.location.pathname}${HASH_PREFIX}${encodeURIComponent(reportId)}`,
      );
    say(() => t('reports.loading'));
    const result = await fetchReport(reportId);
    if (mine !== generation) return;
    if (!result.ok) return failed(result.problem);
    say(undefined);
    render();
    events.shown(result.value);
  };

  const load = async (prefer?: string): Promise<void> => {
    const mine = ++generation;
    say(() => t('reports.picker.loading'));
    const result = await listReports();
    if (mine !== generation) return;
    if (!result.ok) return failed(result.problem);
    items = result.value.items;
    listed = true;
    const wanted = [prefer, reportIdInAddress(), selectedId].find(
      (id) => id && items.some((item) => item.reportId === id),
    );
    selectedId = wanted ?? items[0]?.reportId;
    render();
    if (selectedId) return show(selectedId);
    say(() => t(dashboard.isAdmin() ? 'reports.picker.noneAdmin' : 'reports.picker.none'));
    events.cleared();
  };

  select.addEventListener('change', () => void show(select.value));
  byId('refresh-reports').addEventListener('click', () => {
    // A report made again replaces the old one under the same id: read them afresh.
    kept.clear();
    void load();
  });

  return {
    load,
    fetchReport,
    keep: (report) => kept.set(report.reportId, report),
    summaryOf: (report) =>
      items.find((item) => item.reportId === report.reportId) ?? {
        reportId: report.reportId,
        kind: report.kind,
        periodStart: report.periodStart,
        periodEnd: report.periodEnd,
        generatedAt: report.generatedAt,
      },
    reports: () => items,
    relabel: () => {
      if (listed) render();
      say(statusMessage);
    },
    reset: () => {
      generation++;
      items = [];
      listed = false;
      selectedId = undefined;
      kept.clear();
      say(undefined);
      render();
    },
  };
};
