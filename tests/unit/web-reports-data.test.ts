import { describe, expect, it } from 'vitest';
import { catalog } from '../../shared/catalog/index';
import {
  buildReport,
  type CoverageReport,
  type DecisionEvent,
  scopeReport,
} from '../../shared/domain/report';
import {
  barPercent,
  barSeries,
  countyRows,
  coverageScale,
  HEAD_MARK,
  platformRows,
  TREND_LENGTH,
  tradeRows,
  trendPoints,
  trendReports,
  trendSeries,
} from '../../web/src/staff/reports/data';

const HEAD = catalog.platforms.filter((p) => p.head).map((p) => p.code);

const approve = (trade: string, platforms: string[], county: string): DecisionEvent => ({
  action: 'approve',
  at: '2026-11-03T02:00:00.000Z',
  submittedAt: '2026-11-02T02:00:00.000Z',
  trade,
  platforms,
  county,
});

/** A small report made the way the report function makes it. */
const report: CoverageReport = buildReport({
  reportId: 'weekly-2026-11-02',
  period: { kind: 'weekly', start: '2026-11-01T16:00:00.000Z', end: '2026-11-08T16:00:00.000Z' },
  generatedAt: '2026-11-09T00:05:00.000Z',
  cells: [
    { trade: 'delivery_rider', platform: 'meituan', county: 'zhaoyang', members: 5 },
    { trade: 'delivery_rider', platform: 'eleme', county: 'zhaoyang', members: 2 },
    { trade: 'courier', platform: 'sto', county: 'ludian', members: 3 },
  ],
  people: [
    { trade: 'delivery_rider', county: 'zhaoyang', members: 6 },
    { trade: 'courier', county: 'ludian', members: 3 },
  ],
  decisions: [approve('delivery_rider', ['meituan'], 'zhaoyang'), approve('courier', ['sto'], 'ludian')],
  laterApprovals: [],
  pending: [{ trade: 'truck_driver', platforms: ['huolala'], county: 'zhaoyang' }],
  estimates: [
    { trade: 'delivery_rider', platform: 'meituan', county: 'zhaoyang', estimatedWorkforce: 500 },
    { trade: 'delivery_rider', platform: 'eleme', county: 'zhaoyang', estimatedWorkforce: 200 },
  ],
  estimateSource: { source: 'survey', asOf: '2026-10-31' },
  headPlatforms: HEAD,
});

describe('the dashboard’s rows from a coverage report', () => {
  it('lists every trade of the catalogue in its order, with zeros where there is nobody', () => {
    const rows = tradeRows(report, 'zh-CN');
    expect(rows.map((r) => r.code)).toEqual(catalog.trades.map((t) => t.code));
    expect(rows.find((r) => r.code === 'delivery_rider')).toMatchObject({
      label: '网约配送员',
      members: 6,
      newMembers: 1,
      pending: 0,
    });
    expect(rows.find((r) => r.code === 'truck_driver')).toMatchObject({ members: 0, pending: 1 });
    expect(tradeRows(report, 'en').find((r) => r.code === 'courier')?.label).toBe('Courier');
  });

  it('lists the platforms with members and every leading platform, most members first, leading ones marked', () => {
    const rows = platformRows(report, 'zh-CN');
    expect(rows.slice(0, 3).map((r) => r.code)).toEqual(['meituan', 'sto', 'eleme']);
    expect(rows[0]).toMatchObject({ label: `美团 ${HEAD_MARK}`, head: true, members: 5, newMembers: 1 });
    expect(rows.find((r) => r.code === 'sto')).toMatchObject({ label: '申通快递', head: false });
    for (const code of HEAD)
      expect(
        rows.some((r) => r.code === code),
        code,
      ).toBe(true);
    // A leading platform without members is listed (with zero); a minor one without anything is not.
    expect(rows.find((r) => r.code === 'didi')).toMatchObject({ members: 0, head: true });
    expect(rows.some((r) => r.code === 'kuaigou')).toBe(false);
    // Waiting applications are enough to list a platform.
    expect(rows.find((r) => r.code === 'huolala')?.pending).toBe(1);
    expect(platformRows(report, 'en')[0]?.label).toBe(`Meituan ${HEAD_MARK}`);
  });

  it('lists the counties in scope in catalogue order, with coverage where an estimate exists', () => {
    const rows = countyRows(report, 'zh-CN');
    expect(rows.map((r) => r.code)).toEqual(catalog.counties.map((c) => c.code));
    expect(rows.find((r) => r.code === 'zhaoyang')).toEqual({
      code: 'zhaoyang',
      label: '昭阳区',
      members: 6,
      newMembers: 1,
      estimatedWorkforce: 700,
      coverage: 0.01,
      // Issue 12: decided the day after submission, nobody logged a call.
      deadlines: {
        decided: 1,
        decidedInTime: 1,
        contactedInTime: 0,
        decidedInTimeRate: 1,
        contactedInTimeRate: 0,
      },
    });
    const ludian = rows.find((r) => r.code === 'ludian');
    expect(ludian).toMatchObject({ members: 3 });
    expect(ludian?.coverage).toBeUndefined();

    const reviewers = countyRows(scopeReport(report, ['ludian', 'yiliang']), 'en');
    expect(reviewers.map((r) => r.code)).toEqual(['ludian', 'yiliang']);
    expect(reviewers[0]).toMatchObject({ label: 'Ludian County', members: 3 });
    expect(reviewers[1]).toMatchObject({ members: 0 });
  });

  it('scales the county bars to a round rate at or above the highest coverage', () => {
    expect(coverageScale(countyRows(report, 'en'))).toBe(0.01);
    expect(coverageScale([{ code: 'a', label: 'A', members: 1, newMembers: 0, coverage: 0.034 }])).toBe(0.05);
    expect(coverageScale([{ code: 'a', label: 'A', members: 1, newMembers: 0, coverage: 0.8 }])).toBe(1);
    expect(coverageScale([{ code: 'a', label: 'A', members: 9, newMembers: 0, coverage: 1.3 }])).toBe(2);
    expect(coverageScale([])).toBe(0.01);
    expect(barPercent(0.034, 0.05)).toBeCloseTo(68);
    expect(barPercent(2, 1)).toBe(100);
    expect(barPercent(0.5, 0)).toBe(0);
  });
});

describe('chart series', () => {
  it('maps rows to a members and a new-members series with the same labels', () => {
    const rows = tradeRows(report, 'zh-CN');
    const series = barSeries(rows, { members: '会员', newMembers: '本期新会员' });
    expect(series.labels).toEqual(['货车司机', '网约车司机', '快递员', '网约配送员']);
    expect(series.datasets).toEqual([
      { key: 'members', label: '会员', data: [0, 0, 3, 6] },
      { key: 'newMembers', label: '本期新会员', data: [0, 0, 1, 1] },
    ]);
  });

  const summary = (reportId: string, kind: string, periodEnd: string) => ({
    reportId,
    kind,
    periodStart: new Date(Date.parse(periodEnd) - 7 * 86_400_000).toISOString(),
    periodEnd,
    generatedAt: periodEnd,
  });

  it('picks the trend: the same kind, up to the chosen report, at most twelve, oldest first', () => {
    const weeks = Array.from({ length: 15 }, (_, i) =>
      summary(`weekly-${i}`, 'weekly', new Date(Date.UTC(2026, 0, 5 + 7 * i, 16)).toISOString()),
    );
    const listed = [...weeks, summary('monthly-x', 'monthly', weeks[14]?.periodEnd ?? '')].reverse();
    const chosen = weeks[13] as (typeof weeks)[number];
    const trend = trendReports(listed, chosen);
    expect(trend).toHaveLength(TREND_LENGTH);
    expect(trend.at(-1)?.reportId).toBe('weekly-13');
    expect(trend[0]?.reportId).toBe('weekly-2');
    expect(trend.every((r) => r.kind === 'weekly')).toBe(true);
    expect(trendReports(listed, weeks[0] as (typeof weeks)[number]).map((r) => r.reportId)).toEqual([
      'weekly-0',
    ]);
  });

  it('makes one point per report and a single members series', () => {
    const earlier = { ...report, reportId: 'weekly-2026-10-26', totals: { ...report.totals, members: 4 } };
    const points = trendPoints([earlier, report], (r) => r.reportId.slice(-5));
    expect(points).toEqual([
      { reportId: 'weekly-2026-10-26', label: '10-26', members: 4, newMembers: 2 },
      { reportId: 'weekly-2026-11-02', label: '11-02', members: 9, newMembers: 2 },
    ]);
    expect(trendSeries(points, 'Members')).toEqual({
      labels: ['10-26', '11-02'],
      datasets: [{ key: 'members', label: 'Members', data: [4, 9] }],
    });
  });
});
