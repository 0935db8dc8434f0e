/**
 * The dashboard's union section (`#union-section`, 建会): the head-platform union rate city-wide with its
 * change against the previous report and the head platforms still without a union, members in unions and
 * still in fallback unions, members who left in the period, a table per county and one per union. A report
 * made before unions existed has no `unions`: the section stays hidden.
 */
import type { CoverageReport } from '../../../../shared/domain/report';
import { byId, h, setChildren } from '../../common/dom';
import { addStrings, currentLocale, text } from '../../common/i18n';
import { describeChange, formatNumber } from './format';
import { t as staffText } from './i18n';
import {
  inFallbackShareText,
  type PerUnionRow,
  perUnionRows,
  type UnionCountyRow,
  unionCountyRows,
  unionRateText,
  withoutUnionText,
} from './union-format';
import { REPORT_UNIONS_STRINGS, type ReportUnionsKey } from './union-strings';

addStrings(REPORT_UNIONS_STRINGS);

const t = (key: ReportUnionsKey, values?: Record<string, string | number>) => text(key, values);

const statItem = (
  key: string,
  label: string,
  value: string,
  more: { note?: string; change?: number } = {},
) => {
  const { note, change } = more;
  const item = h(
    'li',
    { class: 'stat', 'data-stat': key },
    h('span', { class: 'stat-label' }, label),
    h('span', { class: 'stat-value' }, value),
  );
  if (note) item.append(h('span', { class: 'stat-note' }, note));
  if (change !== undefined) {
    const described = describeChange(change, currentLocale());
    const line = h('span', { class: 'stat-change', 'data-direction': described.direction });
    if (described.arrow)
      line.append(h('span', { class: 'arrow', 'aria-hidden': 'true' }, described.arrow), ' ');
    line.append(described.text);
    item.append(line);
  }
  return item;
};

type Column<T> = { key: string; label: string; cell: (row: T) => string; numeric?: boolean };

/** A table with a caption, a header row and one row per item; the first column heads its row. */
const fillTable = <T extends { code: string }>(
  table: HTMLTableElement,
  caption: string,
  columns: Array<Column<T>>,
  rows: readonly T[],
  rowAttributes: (row: T) => Record<string, string> = () => ({}),
) => {
  const [first, ...rest] = columns;
  if (!first) return;
  const numeric = (column: Column<T>) => (column.numeric ? 'numeric' : undefined);
  setChildren(
    table,
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...columns.map((c) => h('th', { scope: 'col', 'data-col': c.key, class: numeric(c) }, c.label)),
      ),
    ),
    h(
      'tbody',
      {},
      ...rows.map((row) =>
        h(
          'tr',
          { 'data-code': row.code, ...rowAttributes(row) },
          h('th', { scope: 'row', 'data-col': first.key }, first.cell(row)),
          ...rest.map((c) => h('td', { 'data-col': c.key, class: numeric(c) }, c.cell(row))),
        ),
      ),
    ),
  );
};

export const renderUnionSection = (report: CoverageReport): void => {
  const section = byId('union-section');
  const unions = report.unions;
  section.hidden = !unions;
  if (!unions) return;
  const locale = currentLocale();
  const number = (value: number) => formatNumber(value, locale);
  const stats = [
    statItem('headPlatformUnionRate', t('reports.unions.rate'), unionRateText(unions.headPlatforms, locale), {
      change: report.change?.headPlatformsWithUnion,
    }),
    statItem('unionMembers', t('reports.unions.members'), number(unions.members)),
    statItem('inFallback', t('reports.unions.inFallback'), number(unions.inFallback), {
      note: inFallbackShareText(unions, locale),
    }),
  ];
  if (report.totals.left !== undefined)
    stats.push(statItem('left', t('reports.unions.left'), number(report.totals.left)));
  setChildren(byId('union-stats'), ...stats);
  byId('union-without').textContent = withoutUnionText(unions.headPlatforms, locale);

  fillTable<UnionCountyRow>(
    byId<HTMLTableElement>('union-county-table'),
    t('reports.unions.county'),
    [
      { key: 'county', label: staffText('reports.col.county'), cell: (row) => row.label },
      { key: 'rate', label: t('reports.unions.col.rate'), cell: (row) => row.rate, numeric: true },
      { key: 'without', label: t('reports.unions.col.without'), cell: (row) => row.without },
      {
        key: 'activeUnions',
        label: t('reports.unions.col.activeUnions'),
        cell: (row) => number(row.activeUnions),
        numeric: true,
      },
      {
        key: 'members',
        label: staffText('reports.col.members'),
        cell: (row) => number(row.members),
        numeric: true,
      },
      {
        key: 'inFallback',
        label: t('reports.unions.col.inFallback'),
        cell: (row) => number(row.inFallback),
        numeric: true,
      },
    ],
    unionCountyRows(unions, locale),
  );

  fillTable<PerUnionRow>(
    byId<HTMLTableElement>('per-union-table'),
    t('reports.unions.perUnion'),
    [
      { key: 'union', label: t('reports.unions.col.union'), cell: (row) => row.label },
      { key: 'county', label: staffText('reports.col.county'), cell: (row) => row.county },
      { key: 'kind', label: t('reports.unions.col.kind'), cell: (row) => row.kind },
      {
        key: 'members',
        label: staffText('reports.col.members'),
        cell: (row) => number(row.members),
        numeric: true,
      },
    ],
    perUnionRows(unions, locale),
    (row): Record<string, string> => (row.dissolved ? { 'data-dissolved': 'true' } : {}),
  );
};
