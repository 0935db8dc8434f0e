/**
 * Coverage report maths (README, "Coverage reports"): from the counters the approval transaction keeps, the
 * period's decisions and the current backlog — never from the members themselves, so the cost does not
 * grow with the number of members. Pure: no AWS imports.
 */

import { beijingDate } from './beijing-time';
import { toCsv } from './csv';
import { DEFAULT_DECISION_WORKING_DAYS, dueDateOf } from './deadline';
import type { ReportPeriod } from './report-period';
import { type UnionCount, type UnionSection, unionSection } from './union-report';

export interface CellCount {
  trade: string;
  platform: string;
  county: string;
  members: number;
}
export interface PeopleCount {
  trade: string;
  county: string;
  members: number;
}
export interface DecisionEvent {
  action: 'approve' | 'reject';
  at: string;
  submittedAt: string;
  trade: string;
  platforms: string[];
  county: string;
  /** The due date the decision's audit entry recorded (decisions before issue 12: from submittedAt). */
  dueDate?: string;
  /** When the applicant was first reached by phone, if they were before the decision. */
  contactedAt?: string;
}
/** A member who left (退会): their trade, platforms and county, from the audit trail. */
export interface LeaveEvent {
  at: string;
  trade: string;
  platforms: string[];
  county: string;
}
export interface PendingApplication {
  trade: string;
  platforms: string[];
  county: string;
}
export interface Estimate {
  trade: string;
  platform: string;
  county: string;
  estimatedWorkforce: number;
}

export interface Measures {
  members: number;
  newMembers: number;
  pending: number;
  estimatedWorkforce?: number;
  coverage?: number;
}
export interface ReportCell extends Measures {
  trade: string;
  platform: string;
  county: string;
}
/**
 * Deadlines (issue 12) over the applications decided in the period: how many were decided on or before
 * their due date, and how many had their applicant reached by phone on or before it (Beijing dates).
 * Rates are shares of `decided`, null when nothing was decided.
 */
export interface DeadlineMeasures {
  decided: number;
  decidedInTime: number;
  contactedInTime: number;
  decidedInTimeRate: number | null;
  contactedInTimeRate: number | null;
}
export interface CountyRollup extends Measures {
  /** Members who left in the period. */
  left?: number;
  county: string;
  approved: number;
  rejected: number;
  medianReviewHours: number | null;
  deadlines?: DeadlineMeasures;
}
export interface TradeCountyCell {
  trade: string;
  county: string;
  members: number;
  newMembers: number;
  pending: number;
}

export interface CoverageReport {
  reportId: string;
  kind: ReportPeriod['kind'];
  generatedAt: string;
  periodStart: string;
  periodEnd: string;
  totals: {
    members: number;
    newMembers: number;
    pending: number;
    approved: number;
    rejected: number;
    medianReviewHours: number | null;
    deadlines?: DeadlineMeasures;
    /** Members who left in the period (reports before unions: absent). */
    left?: number;
  };
  cells: ReportCell[];
  byTrade: Array<Measures & { trade: string }>;
  byPlatform: Array<Measures & { platform: string; head: boolean }>;
  byCounty: CountyRollup[];
  tradeCounty: TradeCountyCell[];
  headPlatforms: { total: number; withMembers: number; rate: number };
  /**
   * Grassroots unions as they stand when the report is generated (not at the period's end): the
   * head-platform union rate, members per union, members still in fallback unions.
   */
  unions?: UnionSection;
  estimates: { source: string; asOf: string };
  change: null | {
    previousReportId: string;
    members: number;
    newMembers: number;
    pending: number;
    headPlatformsWithMembers: number;
    /** Head platforms with an active union, now against the previous report (when both have unions). */
    headPlatformsWithUnion?: number;
  };
  /** Whose view this is: all counties, or a reviewer's subset. */
  counties: '*' | string[];
}

export interface ReportInputs {
  reportId: string;
  period: ReportPeriod;
  generatedAt: string;
  /** Counters now. */
  cells: CellCount[];
  people: PeopleCount[];
  /** Decisions with period.start ≤ at < period.end. */
  decisions: DecisionEvent[];
  /** Approvals after period.end (subtracted, so members are counted as at the end of the period). */
  laterApprovals: DecisionEvent[];
  /** Members who left in the period, and after it (added back, as approvals after it are taken off). */
  leaves?: LeaveEvent[];
  laterLeaves?: LeaveEvent[];
  /** Every union and its member counter, and the counties to report them for. */
  unions?: UnionCount[];
  counties?: string[];
  /** The review backlog when the report is made. */
  pending: PendingApplication[];
  estimates: Estimate[];
  estimateSource: { source: string; asOf: string };
  headPlatforms: string[];
  previous?: CoverageReport;
}

const cellKey = (trade: string, platform: string, county: string) => `${trade}|${platform}|${county}`;
const tcKey = (trade: string, county: string) => `${trade}|${county}`;

export const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return Math.round(value * 100) / 100;
};

const ratio = (members: number, estimate: number | undefined): number | undefined =>
  estimate ? Math.round((members / estimate) * 10000) / 10000 : undefined;

const withCoverage = <T extends Measures>(measures: T): T => {
  const coverage = ratio(measures.members, measures.estimatedWorkforce);
  return coverage === undefined ? measures : { ...measures, coverage };
};

const share = (part: number, whole: number): number | null =>
  whole ? Math.round((part / whole) * 10000) / 10000 : null;

export const deadlineMeasures = (
  counts: Pick<DeadlineMeasures, 'decided' | 'decidedInTime' | 'contactedInTime'>,
): DeadlineMeasures => ({
  ...counts,
  decidedInTimeRate: share(counts.decidedInTime, counts.decided),
  contactedInTimeRate: share(counts.contactedInTime, counts.decided),
});

/** Whether a decision came, and its applicant was reached, on or before the due date (Beijing). */
export const decisionTimeliness = (
  d: DecisionEvent,
): { decidedInTime: boolean; contactedInTime: boolean } => {
  const due = d.dueDate ?? dueDateOf(d.submittedAt, DEFAULT_DECISION_WORKING_DAYS);
  return {
    decidedInTime: beijingDate(d.at) <= due,
    contactedInTime: d.contactedAt !== undefined && beijingDate(d.contactedAt) <= due,
  };
};

const deadlinesOf = (decisions: DecisionEvent[]): DeadlineMeasures => {
  const judged = decisions.map(decisionTimeliness);
  return deadlineMeasures({
    decided: decisions.length,
    decidedInTime: judged.filter((j) => j.decidedInTime).length,
    contactedInTime: judged.filter((j) => j.contactedInTime).length,
  });
};

const reviewHours = (d: DecisionEvent) => (Date.parse(d.at) - Date.parse(d.submittedAt)) / 3600_000;

export const buildReport = (input: ReportInputs): CoverageReport => {
  const cells = new Map<string, ReportCell>();
  const cell = (trade: string, platform: string, county: string): ReportCell => {
    const key = cellKey(trade, platform, county);
    let found = cells.get(key);
    if (!found) {
      found = { trade, platform, county, members: 0, newMembers: 0, pending: 0 };
      cells.set(key, found);
    }
    return found;
  };
  const tradeCounty = new Map<string, TradeCountyCell>();
  const tc = (trade: string, county: string): TradeCountyCell => {
    const key = tcKey(trade, county);
    let found = tradeCounty.get(key);
    if (!found) {
      found = { trade, county, members: 0, newMembers: 0, pending: 0 };
      tradeCounty.set(key, found);
    }
    return found;
  };

  for (const c of input.cells) cell(c.trade, c.platform, c.county).members += c.members;
  for (const p of input.people) tc(p.trade, p.county).members += p.members;
  for (const later of input.laterApprovals) {
    for (const platform of later.platforms) cell(later.trade, platform, later.county).members -= 1;
    tc(later.trade, later.county).members -= 1;
  }
  for (const later of input.laterLeaves ?? []) {
    for (const platform of later.platforms) cell(later.trade, platform, later.county).members += 1;
    tc(later.trade, later.county).members += 1;
  }
  const approvals = input.decisions.filter((d) => d.action === 'approve');
  for (const a of approvals) {
    for (const platform of a.platforms) cell(a.trade, platform, a.county).newMembers += 1;
    tc(a.trade, a.county).newMembers += 1;
  }
  for (const p of input.pending) {
    for (const platform of p.platforms) cell(p.trade, platform, p.county).pending += 1;
    tc(p.trade, p.county).pending += 1;
  }
  for (const e of input.estimates)
    cell(e.trade, e.platform, e.county).estimatedWorkforce = e.estimatedWorkforce;

  const cellList = [...cells.values()]
    .map(withCoverage)
    .sort((a, b) =>
      cellKey(a.trade, a.platform, a.county).localeCompare(cellKey(b.trade, b.platform, b.county)),
    );
  const tradeCountyList = [...tradeCounty.values()].sort((a, b) =>
    tcKey(a.trade, a.county).localeCompare(tcKey(b.trade, b.county)),
  );
  const report = assemble({
    reportId: input.reportId,
    kind: input.period.kind,
    generatedAt: input.generatedAt,
    periodStart: input.period.start,
    periodEnd: input.period.end,
    cells: cellList,
    tradeCounty: tradeCountyList,
    decisions: input.decisions,
    leaves: input.leaves ?? [],
    headPlatforms: input.headPlatforms,
    estimates: input.estimateSource,
    counties: '*',
    ...(input.unions
      ? { unions: unionSection(input.unions, input.headPlatforms, input.counties ?? []) }
      : {}),
  });
  return { ...report, change: changeSince(report, input.previous) };
};

interface AssembleInput {
  reportId: string;
  kind: ReportPeriod['kind'];
  generatedAt: string;
  periodStart: string;
  periodEnd: string;
  cells: ReportCell[];
  tradeCounty: TradeCountyCell[];
  decisions: DecisionEvent[];
  leaves: LeaveEvent[];
  headPlatforms: string[];
  estimates: { source: string; asOf: string };
  counties: '*' | string[];
  unions?: UnionSection;
}

/** Roll-ups and totals from the cells: one way, used for the whole report and for a reviewer's view. */
const assemble = (input: AssembleInput): Omit<CoverageReport, 'change'> => {
  const estimateSum = (cells: ReportCell[]) => {
    const withEstimate = cells.filter((c) => c.estimatedWorkforce !== undefined);
    return withEstimate.length === 0
      ? {}
      : {
          estimatedWorkforce: withEstimate.reduce((n, c) => n + (c.estimatedWorkforce ?? 0), 0),
          coveredMembers: withEstimate.reduce((n, c) => n + c.members, 0),
        };
  };
  const rollup = (cells: ReportCell[], people?: TradeCountyCell[]): Measures => {
    const { estimatedWorkforce, coveredMembers } = estimateSum(cells);
    const source = people ?? cells;
    return {
      members: source.reduce((n, c) => n + c.members, 0),
      newMembers: source.reduce((n, c) => n + c.newMembers, 0),
      pending: source.reduce((n, c) => n + c.pending, 0),
      ...(estimatedWorkforce !== undefined
        ? { estimatedWorkforce, coverage: ratio(coveredMembers ?? 0, estimatedWorkforce) as number }
        : {}),
    };
  };
  const distinct = <T>(values: T[]) => [...new Set(values)].sort();
  const trades = distinct([...input.cells.map((c) => c.trade), ...input.tradeCounty.map((c) => c.trade)]);
  const platforms = distinct(input.cells.map((c) => c.platform));
  const counties = distinct([...input.cells.map((c) => c.county), ...input.tradeCounty.map((c) => c.county)]);
  const decisionsIn = (county?: string) => input.decisions.filter((d) => !county || d.county === county);

  const byCounty = counties.map((county) => {
    const decisions = decisionsIn(county);
    return {
      county,
      ...rollup(
        input.cells.filter((c) => c.county === county),
        input.tradeCounty.filter((c) => c.county === county),
      ),
      approved: decisions.filter((d) => d.action === 'approve').length,
      rejected: decisions.filter((d) => d.action === 'reject').length,
      medianReviewHours: median(decisions.map(reviewHours)),
      deadlines: deadlinesOf(decisions),
      left: input.leaves.filter((l) => l.county === county).length,
    };
  });
  const withMembers = input.headPlatforms.filter((p) =>
    input.cells.some((c) => c.platform === p && c.members > 0),
  ).length;
  const decisions = decisionsIn();
  const people = rollup([], input.tradeCounty);
  return {
    reportId: input.reportId,
    kind: input.kind,
    generatedAt: input.generatedAt,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    totals: {
      members: people.members,
      newMembers: people.newMembers,
      pending: people.pending,
      approved: decisions.filter((d) => d.action === 'approve').length,
      rejected: decisions.filter((d) => d.action === 'reject').length,
      medianReviewHours: median(decisions.map(reviewHours)),
      deadlines: deadlinesOf(decisions),
      left: input.leaves.length,
    },
    cells: input.cells,
    byTrade: trades.map((trade) => ({
      trade,
      ...rollup(
        input.cells.filter((c) => c.trade === trade),
        input.tradeCounty.filter((c) => c.trade === trade),
      ),
    })),
    byPlatform: platforms.map((platform) => ({
      platform,
      head: input.headPlatforms.includes(platform),
      ...rollup(input.cells.filter((c) => c.platform === platform)),
    })),
    byCounty,
    tradeCounty: input.tradeCounty,
    headPlatforms: {
      total: input.headPlatforms.length,
      withMembers,
      rate: input.headPlatforms.length
        ? Math.round((withMembers / input.headPlatforms.length) * 10000) / 10000
        : 0,
    },
    ...(input.unions ? { unions: input.unions } : {}),
    estimates: input.estimates,
    counties: input.counties,
  };
};

const changeSince = (
  report: Omit<CoverageReport, 'change'>,
  previous?: CoverageReport,
): CoverageReport['change'] =>
  previous
    ? {
        previousReportId: previous.reportId,
        members: report.totals.members - previous.totals.members,
        newMembers: report.totals.newMembers - previous.totals.newMembers,
        pending: report.totals.pending - previous.totals.pending,
        headPlatformsWithMembers: report.headPlatforms.withMembers - previous.headPlatforms.withMembers,
        ...(report.unions && previous.unions
          ? {
              headPlatformsWithUnion:
                report.unions.headPlatforms.withUnion - previous.unions.headPlatforms.withUnion,
            }
          : {}),
      }
    : null;

/**
 * A reviewer's view: only their counties' cells and roll-ups; totals recomputed from those. The median
 * review time of several counties cannot be rebuilt from per-county medians, so only a one-county view
 * keeps it.
 */
/** The head platforms a report was made with: its union section names them all, its cells only those with members. */
const headPlatformsOf = (report: CoverageReport): string[] =>
  report.unions
    ? [...report.unions.headPlatforms.with, ...report.unions.headPlatforms.without]
    : report.byPlatform.filter((p) => p.head).map((p) => p.platform);

export const scopeReport = (report: CoverageReport, counties: '*' | readonly string[]): CoverageReport => {
  if (counties === '*') return report;
  const inScope = (county: string) => counties.includes(county);
  const scopedCounties = report.byCounty.filter((c) => inScope(c.county));
  const assembled = assemble({
    reportId: report.reportId,
    kind: report.kind,
    generatedAt: report.generatedAt,
    periodStart: report.periodStart,
    periodEnd: report.periodEnd,
    cells: report.cells.filter((c) => inScope(c.county)),
    tradeCounty: report.tradeCounty.filter((c) => inScope(c.county)),
    decisions: [],
    leaves: [],
    headPlatforms: report.byPlatform.filter((p) => p.head).map((p) => p.platform),
    estimates: report.estimates,
    counties: [...counties],
    ...(report.unions
      ? {
          unions: unionSection(
            report.unions.perUnion,
            headPlatformsOf(report),
            report.unions.byCounty.map((c) => c.county).filter(inScope),
          ),
        }
      : {}),
  });
  const byCounty = assembled.byCounty.map((c) => scopedCounties.find((s) => s.county === c.county) ?? c);
  const one = scopedCounties.length === 1 ? (scopedCounties[0] as CountyRollup) : undefined;
  return {
    ...assembled,
    byCounty,
    headPlatforms: { ...assembled.headPlatforms, total: report.headPlatforms.total },
    totals: {
      ...assembled.totals,
      approved: scopedCounties.reduce((n, c) => n + c.approved, 0),
      rejected: scopedCounties.reduce((n, c) => n + c.rejected, 0),
      medianReviewHours: one ? one.medianReviewHours : null,
      ...(report.totals.left !== undefined
        ? { left: scopedCounties.reduce((n, c) => n + (c.left ?? 0), 0) }
        : {}),
      deadlines: deadlineMeasures({
        decided: scopedCounties.reduce((n, c) => n + (c.deadlines?.decided ?? 0), 0),
        decidedInTime: scopedCounties.reduce((n, c) => n + (c.deadlines?.decidedInTime ?? 0), 0),
        contactedInTime: scopedCounties.reduce((n, c) => n + (c.deadlines?.contactedInTime ?? 0), 0),
      }),
    },
    change: null,
  };
};

export const REPORT_CSV_COLUMNS = [
  'trade',
  'platform',
  'county',
  'members',
  'newMembers',
  'pending',
  'estimatedWorkforce',
  'coverage',
] as const;

/** The report's cells as CSV, one row per (trade, platform, county). */
export const reportCsv = (report: CoverageReport): string =>
  toCsv(REPORT_CSV_COLUMNS, report.cells as unknown as Array<Record<string, unknown>>);

export const DEADLINE_CSV_COLUMNS = [
  'county',
  'decided',
  'decidedInTime',
  'decidedInTimeRate',
  'contactedInTime',
  'contactedInTimeRate',
] as const;

/**
 * Deadlines per county and overall, as CSV (`?format=csv&table=deadlines`): applications
 * decided in the period, how many on or before their due date, and how many reached by phone by then;
 * the last row, county `all`, is the whole report.
 * Reports made before issue 12 have no deadline figures: their rows are empty.
 */
export const deadlinesCsv = (report: CoverageReport): string =>
  toCsv(DEADLINE_CSV_COLUMNS, [
    ...report.byCounty.map((c) => ({ county: c.county, ...(c.deadlines ?? {}) })),
    { county: 'all', ...(report.totals.deadlines ?? {}) },
  ] as unknown as Array<Record<string, unknown>>);
