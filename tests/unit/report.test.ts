/**
 * The coverage report's maths on its own (shared/domain/report.ts), over a small hand-made week: two
 * counties, two trades, a courier on two platforms, a decision and a leave after the period's end, and
 * two grassroots unions. Each expected figure is worked out in the comment beside it.
 */
import { describe, expect, it } from 'vitest';
import {
  buildReport,
  type CoverageReport,
  type DecisionEvent,
  deadlineMeasures,
  median,
  type ReportInputs,
  reportCsv,
  scopeReport,
} from '../../shared/domain/report';
import { type UnionCount, unionSection } from '../../shared/domain/union-report';

const HEAD = ['meituan', 'eleme', 'sf_express'];
const COUNTIES = ['zhaoyang', 'ludian'];

const decided = (
  action: DecisionEvent['action'],
  trade: string,
  platforms: string[],
  county: string,
  submittedAt: string,
  hours: number,
): DecisionEvent => ({
  action,
  trade,
  platforms,
  county,
  submittedAt,
  at: new Date(Date.parse(submittedAt) + hours * 3600_000).toISOString(),
  dueDate: '2026-03-23',
});

const unions: UnionCount[] = [
  {
    unionId: 'F-z',
    name: '昭阳区兜底工会',
    kind: 'fallback',
    county: 'zhaoyang',
    status: 'active',
    setUpOn: '2026-01-01',
    members: 3,
  },
  {
    unionId: 'M-l',
    name: '鲁甸美团骑手工会',
    kind: 'platform',
    county: 'ludian',
    platform: 'meituan',
    status: 'active',
    setUpOn: '2026-02-01',
    members: 5,
  },
];

/** The week of Monday 2 March 2026 (Beijing). */
const inputs: ReportInputs = {
  reportId: 'weekly-2026-03-02',
  period: { kind: 'weekly', start: '2026-03-01T16:00:00.000Z', end: '2026-03-08T16:00:00.000Z' },
  generatedAt: '2026-03-09T00:00:00.000Z',
  // The counters now, after the period: per platform (cells) and per person (people).
  cells: [
    { trade: 'courier', platform: 'sf_express', county: 'zhaoyang', members: 3 },
    { trade: 'courier', platform: 'jd', county: 'zhaoyang', members: 2 },
    { trade: 'delivery_rider', platform: 'meituan', county: 'ludian', members: 4 },
  ],
  people: [
    { trade: 'courier', county: 'zhaoyang', members: 4 },
    { trade: 'delivery_rider', county: 'ludian', members: 4 },
  ],
  decisions: [
    decided('approve', 'courier', ['sf_express', 'jd'], 'zhaoyang', '2026-03-02T02:00:00.000Z', 2),
    decided('reject', 'delivery_rider', ['meituan'], 'ludian', '2026-03-02T02:00:00.000Z', 6),
    decided('approve', 'delivery_rider', ['meituan'], 'ludian', '2026-03-03T00:00:00.000Z', 10),
  ],
  // Approved after the period: not a member at its end.
  laterApprovals: [decided('approve', 'courier', ['sf_express'], 'zhaoyang', '2026-03-09T01:00:00.000Z', 1)],
  leaves: [{ at: '2026-03-04T03:00:00.000Z', trade: 'courier', platforms: ['jd'], county: 'zhaoyang' }],
  // Left after the period: still a member at its end.
  laterLeaves: [
    { at: '2026-03-09T03:00:00.000Z', trade: 'delivery_rider', platforms: ['meituan'], county: 'ludian' },
  ],
  unions,
  counties: COUNTIES,
  pending: [
    { trade: 'courier', platforms: ['sf_express'], county: 'zhaoyang' },
    { trade: 'delivery_rider', platforms: ['meituan', 'eleme'], county: 'ludian' },
  ],
  estimates: [
    { trade: 'courier', platform: 'sf_express', county: 'zhaoyang', estimatedWorkforce: 100 },
    { trade: 'delivery_rider', platform: 'meituan', county: 'ludian', estimatedWorkforce: 50 },
  ],
  estimateSource: { source: 'survey', asOf: '2026-01-01' },
  headPlatforms: HEAD,
};

const report = buildReport(inputs);

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones, to two decimals; null for none', () => {
    expect(median([])).toBeNull();
    expect(median([10, 2, 6])).toBe(6);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1, 1.234567])).toBe(1.12);
  });
});

describe('deadline measures', () => {
  it('are shares of the decided, rounded to four places; null when nothing was decided', () => {
    expect(deadlineMeasures({ decided: 3, decidedInTime: 2, contactedInTime: 1 })).toEqual({
      decided: 3,
      decidedInTime: 2,
      contactedInTime: 1,
      decidedInTimeRate: 0.6667,
      contactedInTimeRate: 0.3333,
    });
    expect(deadlineMeasures({ decided: 0, decidedInTime: 0, contactedInTime: 0 })).toMatchObject({
      decidedInTimeRate: null,
      contactedInTimeRate: null,
    });
  });
});

describe('a coverage report', () => {
  it('counts members per cell as at the end of the period: later approvals off, later leaves back on', () => {
    expect(report.cells).toEqual([
      { trade: 'courier', platform: 'jd', county: 'zhaoyang', members: 2, newMembers: 1, pending: 0 },
      // 3 now − 1 approved after the period; 2 of an estimated 100.
      {
        trade: 'courier',
        platform: 'sf_express',
        county: 'zhaoyang',
        members: 2,
        newMembers: 1,
        pending: 1,
        estimatedWorkforce: 100,
        coverage: 0.02,
      },
      { trade: 'delivery_rider', platform: 'eleme', county: 'ludian', members: 0, newMembers: 0, pending: 1 },
      // 4 now + 1 who left after the period; 5 of an estimated 50.
      {
        trade: 'delivery_rider',
        platform: 'meituan',
        county: 'ludian',
        members: 5,
        newMembers: 1,
        pending: 1,
        estimatedWorkforce: 50,
        coverage: 0.1,
      },
    ]);
  });

  it('totals people, not platforms: a courier on two platforms is one member and one new member', () => {
    expect(report.totals).toEqual({
      members: 8, // courier 4 − 1 later approval, rider 4 + 1 later leave
      newMembers: 2,
      pending: 2,
      approved: 2,
      rejected: 1,
      medianReviewHours: 6, // of 2, 6 and 10 hours
      deadlines: {
        decided: 3,
        decidedInTime: 3,
        contactedInTime: 0,
        decidedInTimeRate: 1,
        contactedInTimeRate: 0,
      },
      left: 1,
    });
  });

  it('rolls up by trade and by county from people, with coverage over the cells that have an estimate', () => {
    expect(report.byTrade).toEqual([
      { trade: 'courier', members: 3, newMembers: 1, pending: 1, estimatedWorkforce: 100, coverage: 0.02 },
      {
        trade: 'delivery_rider',
        members: 5,
        newMembers: 1,
        pending: 1,
        estimatedWorkforce: 50,
        coverage: 0.1,
      },
    ]);
    expect(report.byCounty.map(({ deadlines: _, ...county }) => county)).toEqual([
      {
        county: 'ludian',
        members: 5,
        newMembers: 1,
        pending: 1,
        estimatedWorkforce: 50,
        coverage: 0.1,
        approved: 1,
        rejected: 1,
        medianReviewHours: 8, // of 6 and 10 hours
        left: 0,
      },
      {
        county: 'zhaoyang',
        members: 3,
        newMembers: 1,
        pending: 1,
        estimatedWorkforce: 100,
        coverage: 0.02,
        approved: 1,
        rejected: 0,
        medianReviewHours: 2,
        left: 1,
      },
    ]);
  });

  it('rolls up by platform from the cells, marking head platforms, and rates those with members', () => {
    expect(report.byPlatform.map((p) => [p.platform, p.head, p.members, p.pending])).toEqual([
      ['eleme', true, 0, 1],
      ['jd', false, 2, 0],
      ['meituan', true, 5, 1],
      ['sf_express', true, 2, 1],
    ]);
    expect(report.headPlatforms).toEqual({ total: 3, withMembers: 2, rate: 0.6667 });
  });

  it('passes the unions through as the union section of the counties asked for', () => {
    expect(report.unions).toEqual(unionSection(unions, HEAD, COUNTIES));
    expect(report.unions?.headPlatforms).toMatchObject({ withUnion: 1, with: ['meituan'] });
    expect(report.unions).toMatchObject({ members: 8, inFallback: 3 });
  });

  it('has no union section when made without unions (reports before unions)', () => {
    const { unions: _, counties: __, ...withoutUnions } = inputs;
    expect(buildReport(withoutUnions).unions).toBeUndefined();
  });

  it('compares itself with the previous report, unions included when both have them', () => {
    expect(report.change).toBeNull();
    const next = buildReport({ ...inputs, reportId: 'weekly-2026-03-09', previous: report });
    expect(next.change).toEqual({
      previousReportId: 'weekly-2026-03-02',
      members: 0,
      newMembers: 0,
      pending: 0,
      headPlatformsWithMembers: 0,
      headPlatformsWithUnion: 0,
    });
    const smaller: CoverageReport = { ...report, totals: { ...report.totals, members: 5 } };
    expect(buildReport({ ...inputs, previous: smaller }).change?.members).toBe(3);
  });

  it('writes its cells as CSV, one row each', () => {
    const lines = reportCsv(report).trim().split(/\r?\n/);
    expect(lines).toHaveLength(1 + report.cells.length);
    expect(lines[0]).toContain('trade');
  });
});

describe('a reviewer’s view of the report', () => {
  it('is the whole report for all counties', () => {
    expect(scopeReport(report, '*')).toBe(report);
  });

  it('keeps only their counties, with totals from them and the one county’s median review time', () => {
    const zhaoyang = scopeReport(report, ['zhaoyang']);
    expect(zhaoyang.counties).toEqual(['zhaoyang']);
    expect(zhaoyang.cells.every((c) => c.county === 'zhaoyang')).toBe(true);
    expect(zhaoyang.byCounty).toEqual([report.byCounty.find((c) => c.county === 'zhaoyang')]);
    expect(zhaoyang.totals).toMatchObject({
      members: 3,
      newMembers: 1,
      pending: 1,
      approved: 1,
      rejected: 0,
      medianReviewHours: 2,
      left: 1,
      deadlines: { decided: 1, decidedInTime: 1 },
    });
    // Of the three head platforms, only sf_express has members in Zhaoyang.
    expect(zhaoyang.headPlatforms).toEqual({ total: 3, withMembers: 1, rate: 0.3333 });
    expect(zhaoyang.change).toBeNull();
  });

  it('scopes the union section to their counties too', () => {
    const zhaoyang = scopeReport(report, ['zhaoyang']);
    expect(zhaoyang.unions?.byCounty.map((c) => c.county)).toEqual(['zhaoyang']);
    expect(zhaoyang.unions?.perUnion.map((u) => u.unionId)).toEqual(['F-z']);
    expect(zhaoyang.unions?.headPlatforms).toMatchObject({ total: 3, withUnion: 0 });
    expect(zhaoyang.unions).toMatchObject({ members: 3, inFallback: 3 });
  });

  it('of several counties has no median review time: it cannot be rebuilt from per-county medians', () => {
    expect(scopeReport(report, ['zhaoyang', 'ludian']).totals.medianReviewHours).toBeNull();
  });
});
