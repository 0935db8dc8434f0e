/**
 * The dashboard's text and tables for one report: the headline figures with their change against the
 * previous report, and the data tables (trade, platform, county with bars, trend). The tables are the
 * accessible form of the charts and what a printed page keeps when a chart cannot be drawn.
 */
import type { CoverageReport, DeadlineMeasures } from '../../../../shared/domain/report';
import { h, setChildren } from '../../common/dom';
import { currentLocale } from '../../common/i18n';
import { type BarRow, barPercent, type CountyRow, coverageScale, type TrendPoint } from './data';
import {
  describeChange,
  formatHours,
  formatNumber,
  formatPercent,
  headPlatformsText,
  periodText,
  withNote,
} from './format';
import { type Key, t } from './i18n';

const number = (value: number) => formatNumber(value, currentLocale());

interface Stat {
  key: string;
  label: Key;
  value: string;
  note?: Key;
  change?: number;
}

const statItem = (stat: Stat, showChange: boolean) => {
  const item = h(
    'li',
    { class: 'stat', 'data-stat': stat.key },
    h('span', { class: 'stat-label' }, t(stat.label)),
    h('span', { class: 'stat-value' }, stat.value),
  );
  if (stat.note) item.append(h('span', { class: 'stat-note' }, t(stat.note)));
  if (showChange && stat.change !== undefined) {
    const change = describeChange(stat.change, currentLocale());
    const line = h('span', { class: 'stat-change', 'data-direction': change.direction });
    if (change.arrow) line.append(h('span', { class: 'arrow', 'aria-hidden': 'true' }, change.arrow), ' ');
    line.append(change.text);
    item.append(line);
  }
  return item;
};

/** "4 份中 3 份（75%）" / "3 of 4 (75%)"; "no decisions in the period" when nothing was decided. */
export const deadlineShareText = (
  measures: DeadlineMeasures | undefined,
  part: 'decidedInTime' | 'contactedInTime',
): string => {
  if (!measures || measures.decided === 0) return measures ? t('reports.stat.noDecisions') : '';
  const rate = part === 'decidedInTime' ? measures.decidedInTimeRate : measures.contactedInTimeRate;
  return t('reports.share', {
    part: number(measures[part]),
    whole: number(measures.decided),
    percent: formatPercent(rate ?? 0, currentLocale()),
  });
};

const medianText = (report: CoverageReport): string => {
  const hours = report.totals.medianReviewHours;
  if (hours !== null) return formatHours(hours, currentLocale());
  const several = report.counties !== '*' && report.counties.length > 1;
  return t(several ? 'reports.stat.notForSeveral' : 'reports.stat.noDecisions');
};

/**
 * The headline figures (`#headline`) and the note under them about what they are compared with;
 * `nameOf` names the previous report (its period, when the list has it).
 */
export const renderHeadline = (
  list: HTMLElement,
  note: HTMLElement,
  report: CoverageReport,
  nameOf: (reportId: string) => string,
): void => {
  const { totals, change } = report;
  const stats: Stat[] = [
    {
      key: 'members',
      label: 'reports.stat.members',
      value: number(totals.members),
      note: 'reports.stat.membersNote',
      ...(change ? { change: change.members } : {}),
    },
    {
      key: 'newMembers',
      label: 'reports.stat.newMembers',
      value: number(totals.newMembers),
      ...(change ? { change: change.newMembers } : {}),
    },
    {
      key: 'pending',
      label: 'reports.stat.pending',
      value: number(totals.pending),
      note: 'reports.stat.pendingNote',
      ...(change ? { change: change.pending } : {}),
    },
    { key: 'approved', label: 'reports.stat.approved', value: number(totals.approved) },
    { key: 'rejected', label: 'reports.stat.rejected', value: number(totals.rejected) },
    { key: 'medianReviewHours', label: 'reports.stat.medianReviewHours', value: medianText(report) },
    ...(totals.deadlines
      ? [
          {
            key: 'decidedInTime',
            label: 'reports.stat.decidedInTime' as const,
            value: deadlineShareText(totals.deadlines, 'decidedInTime'),
            note: 'reports.stat.deadlineNote' as const,
          },
          {
            key: 'contactedInTime',
            label: 'reports.stat.contactedInTime' as const,
            value: deadlineShareText(totals.deadlines, 'contactedInTime'),
          },
        ]
      : []),
    {
      key: 'headPlatforms',
      label: 'reports.stat.headPlatforms',
      value: headPlatformsText(report.headPlatforms, currentLocale()),
      ...(change ? { change: change.headPlatformsWithMembers } : {}),
    },
  ];
  setChildren(list, ...stats.map((stat) => statItem(stat, change !== null)));
  note.textContent = change
    ? t('reports.change.against', { id: nameOf(change.previousReportId) })
    : t(report.counties === '*' ? 'reports.change.none' : 'reports.change.scoped');
};

type Column<T> = { key: string; label: Key; cell: (row: T) => Node | string; numeric?: boolean };

/** A table with a caption, a header row and one row per item; the first column heads its row. */
const fillTable = <T extends { code: string }>(
  table: HTMLTableElement,
  caption: string,
  columns: Array<Column<T>>,
  rows: readonly T[],
): void => {
  const [first, ...rest] = columns;
  if (!first) return;
  const head = h(
    'tr',
    {},
    ...columns.map((column) =>
      h(
        'th',
        { scope: 'col', 'data-col': column.key, class: column.numeric ? 'numeric' : undefined },
        t(column.label),
      ),
    ),
  );
  const body = rows.map((row) =>
    h(
      'tr',
      { 'data-code': row.code },
      h('th', { scope: 'row', 'data-col': first.key }, first.cell(row)),
      ...rest.map((column) =>
        h('td', { 'data-col': column.key, class: column.numeric ? 'numeric' : undefined }, column.cell(row)),
      ),
    ),
  );
  setChildren(table, h('caption', {}, caption), h('thead', {}, head), h('tbody', {}, ...body));
};

const measureColumns: Array<Column<BarRow>> = [
  { key: 'members', label: 'reports.col.members', cell: (row) => number(row.members), numeric: true },
  {
    key: 'newMembers',
    label: 'reports.col.newMembers',
    cell: (row) => number(row.newMembers),
    numeric: true,
  },
  { key: 'pending', label: 'reports.col.pending', cell: (row) => number(row.pending), numeric: true },
];

export const renderTradeTable = (table: HTMLTableElement, rows: readonly BarRow[]): void =>
  fillTable(
    table,
    t('reports.trade.heading'),
    [{ key: 'trade', label: 'reports.col.trade', cell: (row) => row.label }, ...measureColumns],
    rows,
  );

export const renderPlatformTable = (table: HTMLTableElement, rows: readonly BarRow[]): void =>
  fillTable(
    table,
    t('reports.platform.heading'),
    [
      { key: 'platform', label: 'reports.col.platform', cell: (row) => row.label },
      { key: 'head', label: 'reports.col.head', cell: (row) => (row.head ? t('reports.yes') : '') },
      ...measureColumns,
    ],
    rows,
  );

/** The county table, each coverage with a bar; a full bar is the round rate `coverageScale` says. */
export const renderCountyTable = (
  table: HTMLTableElement,
  source: HTMLElement,
  report: CoverageReport,
  rows: readonly CountyRow[],
): void => {
  const locale = currentLocale();
  const scale = coverageScale(rows);
  const coverageCell = (row: CountyRow) => {
    if (row.coverage === undefined)
      return h('span', { class: 'no-estimate' }, t('reports.county.noEstimate'));
    const fill = h('span', { class: 'bar-fill' });
    // CSSOM, not a style attribute: the Content-Security-Policy allows it.
    fill.style.width = `${barPercent(row.coverage, scale).toFixed(1)}%`;
    return h(
      'span',
      { class: 'coverage' },
      h('span', { class: 'bar-track', 'aria-hidden': 'true' }, fill),
      h('span', { class: 'coverage-value' }, formatPercent(row.coverage, locale)),
    );
  };
  fillTable(
    table,
    withNote(
      t('reports.county.heading'),
      t('reports.county.scale', { max: formatPercent(scale, locale) }),
      locale,
    ),
    [
      { key: 'county', label: 'reports.col.county', cell: (row) => row.label },
      { key: 'members', label: 'reports.col.members', cell: (row) => number(row.members), numeric: true },
      {
        key: 'estimatedWorkforce',
        label: 'reports.col.estimate',
        cell: (row) => (row.estimatedWorkforce === undefined ? '' : number(row.estimatedWorkforce)),
        numeric: true,
      },
      { key: 'coverage', label: 'reports.col.coverage', cell: coverageCell },
      {
        key: 'decidedInTime',
        label: 'reports.col.decidedInTime',
        cell: (row) => deadlineShareText(row.deadlines, 'decidedInTime'),
        numeric: true,
      },
      {
        key: 'contactedInTime',
        label: 'reports.col.contactedInTime',
        cell: (row) => deadlineShareText(row.deadlines, 'contactedInTime'),
        numeric: true,
      },
    ],
    rows,
  );
  source.textContent = t('reports.county.source', {
    source: report.estimates.source,
    date: report.estimates.asOf,
  });
};

export const renderTrendTable = (
  table: HTMLTableElement,
  points: ReadonlyArray<TrendPoint & { period: { kind: string; periodStart: string; periodEnd: string } }>,
): void =>
  fillTable(
    table,
    t('reports.trend.heading'),
    [
      { key: 'period', label: 'reports.col.period', cell: (row) => periodText(row.period, currentLocale()) },
      { key: 'members', label: 'reports.col.members', cell: (row) => number(row.members), numeric: true },
      {
        key: 'newMembers',
        label: 'reports.col.newMembers',
        cell: (row) => number(row.newMembers),
        numeric: true,
      },
    ],
    points.map((point) => ({ ...point, code: point.reportId })),
  );
