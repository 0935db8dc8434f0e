/**
 * From a CoverageReport to what the dashboard draws: rows by trade, platform and county (named from the
 * catalogue, in the page language), the series of a chart, and the trend over earlier reports. Pure: no
 * DOM and no chart library, so it is unit-tested on its own.
 */
import { type Catalog, catalog as defaultCatalog, type Locale } from '../../../../shared/catalog/index';
import type { CoverageReport, DeadlineMeasures } from '../../../../shared/domain/report';
import type { PeriodLike } from './format';

/** Marks a leading ("head") platform in labels; the page says what it means. */
export const HEAD_MARK = '★';

export interface BarRow {
  code: string;
  label: string;
  members: number;
  newMembers: number;
  pending: number;
  head?: boolean;
}

export interface CountyRow {
  code: string;
  label: string;
  members: number;
  newMembers: number;
  estimatedWorkforce?: number;
  coverage?: number;
  /** Issue 12: deadline figures over the county's decisions in the period (absent in older reports). */
  deadlines?: DeadlineMeasures;
}

export interface TrendPoint {
  reportId: string;
  label: string;
  members: number;
  newMembers: number;
}

export interface ReportSummaryLike extends PeriodLike {
  reportId: string;
  generatedAt: string;
}

type Named = { code: string; name: Record<Locale, string> };

const nameIn = (entries: readonly Named[], code: string, locale: Locale): string =>
  entries.find((entry) => entry.code === code)?.name[locale] ?? code;

const rank = (entries: readonly Named[], code: string): number => {
  const index = entries.findIndex((entry) => entry.code === code);
  return index === -1 ? entries.length : index;
};

/** Every trade of the catalogue in its order (none left out for having no members), then any unknown. */
export const tradeRows = (
  report: CoverageReport,
  locale: Locale,
  catalog: Catalog = defaultCatalog,
): BarRow[] => {
  const codes = [
    ...catalog.trades.map((trade) => trade.code),
    ...report.byTrade.map((row) => row.trade).filter((code) => !catalog.trades.some((t) => t.code === code)),
  ];
  return codes.map((code) => {
    const row = report.byTrade.find((r) => r.trade === code);
    return {
      code,
      label: nameIn(catalog.trades, code, locale),
      members: row?.members ?? 0,
      newMembers: row?.newMembers ?? 0,
      pending: row?.pending ?? 0,
    };
  });
};

/**
 * The platforms that have members, new members or applications waiting, and every leading platform
 * (a leading platform with no members is the news): most members first, then in catalogue order.
 */
export const platformRows = (
  report: CoverageReport,
  locale: Locale,
  catalog: Catalog = defaultCatalog,
): BarRow[] => {
  const headCodes = new Set([
    ...catalog.platforms.filter((p) => p.head).map((p) => p.code),
    ...report.byPlatform.filter((p) => p.head).map((p) => p.platform),
  ]);
  const codes = new Set([
    ...headCodes,
    ...report.byPlatform.filter((p) => p.members + p.newMembers + p.pending > 0).map((p) => p.platform),
  ]);
  return [...codes]
    .map((code) => {
      const row = report.byPlatform.find((p) => p.platform === code);
      const head = headCodes.has(code);
      const name = nameIn(catalog.platforms, code, locale);
      return {
        code,
        label: head ? `${name} ${HEAD_MARK}` : name,
        members: row?.members ?? 0,
        newMembers: row?.newMembers ?? 0,
        pending: row?.pending ?? 0,
        head,
      };
    })
    .sort(
      (a, b) =>
        b.members - a.members ||
        b.newMembers - a.newMembers ||
        rank(catalog.platforms, a.code) - rank(catalog.platforms, b.code),
    );
};

/** The counties the report covers (all of them, or a reviewer's), in catalogue order. */
export const countyRows = (
  report: CoverageReport,
  locale: Locale,
  catalog: Catalog = defaultCatalog,
): CountyRow[] => {
  const inScope = (code: string) => report.counties === '*' || report.counties.includes(code);
  const codes = [
    ...catalog.counties.map((c) => c.code).filter(inScope),
    ...report.byCounty.map((c) => c.county).filter((code) => !catalog.counties.some((c) => c.code === code)),
  ];
  return codes.map((code) => {
    const row = report.byCounty.find((c) => c.county === code);
    const measured: CountyRow = {
      code,
      label: nameIn(catalog.counties, code, locale),
      members: row?.members ?? 0,
      newMembers: row?.newMembers ?? 0,
    };
    if (row?.estimatedWorkforce !== undefined) measured.estimatedWorkforce = row.estimatedWorkforce;
    if (row?.coverage !== undefined) measured.coverage = row.coverage;
    if (row?.deadlines) measured.deadlines = row.deadlines;
    return measured;
  });
};

const SCALE_STEPS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1];

/**
 * What a full bar stands for in the county table: the smallest round rate at or above the highest
 * coverage, so that small rates still show and the scale is said plainly ("a full bar = 5%").
 */
export const coverageScale = (rows: readonly CountyRow[]): number => {
  const highest = Math.max(0, ...rows.map((row) => row.coverage ?? 0));
  return SCALE_STEPS.find((step) => highest <= step) ?? Math.ceil(highest);
};

/** A bar's length in percent of the full bar, 0–100. */
export const barPercent = (value: number, scale: number): number =>
  scale > 0 ? Math.max(0, Math.min(100, (value / scale) * 100)) : 0;

export interface ChartSeries {
  labels: string[];
  datasets: Array<{ key: 'members' | 'newMembers'; label: string; data: number[] }>;
}

/** The two series of a bar chart (members and new members), named in the page language. */
export const barSeries = (
  rows: readonly BarRow[],
  names: { members: string; newMembers: string },
): ChartSeries => ({
  labels: rows.map((row) => row.label),
  datasets: [
    { key: 'members', label: names.members, data: rows.map((row) => row.members) },
    { key: 'newMembers', label: names.newMembers, data: rows.map((row) => row.newMembers) },
  ],
});

/** The series of the trend chart: members at the end of each period. */
export const trendSeries = (points: readonly TrendPoint[], membersName: string): ChartSeries => ({
  labels: points.map((point) => point.label),
  datasets: [{ key: 'members', label: membersName, data: points.map((point) => point.members) }],
});

/** At most this many reports make a trend. */
export const TREND_LENGTH = 12;

/**
 * The reports that make the trend up to the chosen one: the same kind, ending no later than it, the most
 * recent `length` of them, oldest first. `items` is the list as the API gives it (newest first).
 */
export const trendReports = <T extends ReportSummaryLike>(
  items: readonly T[],
  chosen: ReportSummaryLike,
  length = TREND_LENGTH,
): T[] =>
  items
    .filter((item) => item.kind === chosen.kind && item.periodEnd <= chosen.periodEnd)
    .sort((a, b) => b.periodEnd.localeCompare(a.periodEnd) || b.periodStart.localeCompare(a.periodStart))
    .slice(0, length)
    .reverse();

/** One point per report, in the order given, labelled with `label`. */
export const trendPoints = (
  reports: readonly CoverageReport[],
  label: (report: CoverageReport) => string,
): TrendPoint[] =>
  reports.map((report) => ({
    reportId: report.reportId,
    label: label(report),
    members: report.totals.members,
    newMembers: report.totals.newMembers,
  }));
