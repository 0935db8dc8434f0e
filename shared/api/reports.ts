/** Coverage reports (shared/domain/report.ts): the list, one report as JSON or CSV, one made now. */
import * as z from 'zod';
import { REPORT_ID_PATTERN } from '../domain/report-period';
import { UNION_KINDS, UNION_STATUSES } from '../domain/union';
import { countyField, day, instant, platformField, tradeField } from './common';
import { ADMIN, INTERNAL, jsonBody, STAFF, STORAGE } from './errors';
import { type Operations, type ParameterSpec, pathId } from './operation';
import { named } from './registry';

const counted = z.int();
/** A share, 0–1, four decimals. */
const rate = z.number().min(0).max(1);

const measures = {
  members: counted,
  newMembers: counted,
  pending: counted,
  estimatedWorkforce: z.number().optional(),
  coverage: z.number().optional().describe('Members over the estimated workforce.'),
};

const DeadlineMeasures = z
  .object({
    decided: counted,
    decidedInTime: counted,
    contactedInTime: counted,
    decidedInTimeRate: rate.nullable(),
    contactedInTimeRate: rate.nullable(),
  })
  .describe('Of the applications decided in the period: decided, and applicant reached, by the due date.');

const HeadPlatformUnionRate = {
  total: counted,
  withUnion: counted,
  rate,
  with: z.array(platformField),
  without: z.array(platformField),
};

const UnionSection = z
  .object({
    headPlatforms: z.object(HeadPlatformUnionRate),
    byCounty: z.array(
      z.object({
        county: countyField,
        ...HeadPlatformUnionRate,
        activeUnions: counted,
        members: counted,
        inFallback: counted,
      }),
    ),
    perUnion: z.array(
      z.object({
        unionId: z.string(),
        name: z.string(),
        kind: z.enum(UNION_KINDS),
        county: countyField,
        platform: platformField.optional(),
        trade: tradeField.optional(),
        status: z.enum(UNION_STATUSES),
        setUpOn: day,
        dissolvedOn: day.optional(),
        members: counted,
      }),
    ),
    members: counted,
    inFallback: counted,
  })
  .describe('Grassroots unions as they stood when the report was made.');

const reportKind = z.enum(['weekly', 'monthly', 'custom']);

export const CoverageReport = named(
  'CoverageReport',
  'Members, new members and the backlog per (trade, platform, county), their roll-ups, decisions and deadlines, ' +
    'head platforms reached, and unions. A reviewer sees their counties only.',
  z.object({
    reportId: z.string(),
    kind: reportKind,
    generatedAt: instant,
    periodStart: instant,
    periodEnd: instant.describe('Exclusive.'),
    totals: z.object({
      members: counted,
      newMembers: counted,
      pending: counted,
      approved: counted,
      rejected: counted,
      medianReviewHours: z.number().nullable(),
      deadlines: DeadlineMeasures.optional(),
      left: counted.optional().describe('Members who left in the period.'),
    }),
    cells: z.array(
      z.object({ trade: tradeField, platform: platformField, county: countyField, ...measures }),
    ),
    byTrade: z.array(z.object({ trade: tradeField, ...measures })),
    byPlatform: z.array(z.object({ platform: platformField, head: z.boolean(), ...measures })),
    byCounty: z.array(
      z.object({
        county: countyField,
        ...measures,
        left: counted.optional(),
        approved: counted,
        rejected: counted,
        medianReviewHours: z.number().nullable(),
        deadlines: DeadlineMeasures.optional(),
      }),
    ),
    tradeCounty: z.array(
      z.object({
        trade: tradeField,
        county: countyField,
        members: counted,
        newMembers: counted,
        pending: counted,
      }),
    ),
    headPlatforms: z.object({ total: counted, withMembers: counted, rate }),
    unions: UnionSection.optional(),
    estimates: z.object({ source: z.string(), asOf: z.string() }),
    change: z
      .object({
        previousReportId: z.string(),
        members: counted,
        newMembers: counted,
        pending: counted,
        headPlatformsWithMembers: counted,
        headPlatformsWithUnion: counted.optional(),
      })
      .nullable()
      .describe(
        'Against the previous report of the same kind; null for the first, and in a reviewer’s view.',
      ),
    counties: z.union([z.literal('*'), z.array(countyField)]).describe('Whose view this is.'),
  }),
);
export type CoverageReport = z.infer<typeof CoverageReport>;

export const ReportSummary = named(
  'ReportSummary',
  'A report in the list.',
  z.object({
    reportId: z.string(),
    kind: reportKind,
    periodStart: instant,
    periodEnd: instant,
    generatedAt: instant,
  }),
);
export type ReportSummary = z.infer<typeof ReportSummary>;

export const ReportList = named(
  'ReportList',
  'Every report, newest period first.',
  z.object({ items: z.array(ReportSummary) }),
);
export type ReportList = z.infer<typeof ReportList>;

/** `Date.parse` takes any day 01–31 of a month (30 February is 2 March). */
const reportDay = z.string().regex(/^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/);

export const GenerateReportRequest = named(
  'GenerateReportRequest',
  'No body or `{}`: last week; `{"kind": "monthly"}`: last month; `{"from", "to"}`: whole Beijing days, ' +
    '1–366 of them, starting at most 3 years back and ending at most today. The same period again replaces its report.',
  z.union([
    z.object({ kind: z.enum(['weekly', 'monthly']).optional() }),
    z.object({ from: reportDay, to: reportDay, kind: z.unknown().optional().describe('Ignored.') }),
  ]),
);
export type GenerateReportRequest = z.infer<typeof GenerateReportRequest>;

const formatParameters: readonly ParameterSpec[] = [
  {
    name: 'format',
    in: 'query',
    description: '`csv`: the report’s cells as CSV instead of JSON.',
    schema: z.string(),
    example: 'csv',
  },
  {
    name: 'table',
    in: 'query',
    description: 'With `format=csv`, `deadlines`: the deadline figures per county (and `all`) instead.',
    schema: z.string(),
    example: 'deadlines',
  },
];

const reportAnswer = (description: string) =>
  ({
    description,
    body: CoverageReport,
    csv: true,
    headers: { 'Cache-Control': 'no-store', 'Content-Disposition': true },
  }) as const;

const NOT_FOUND = { 404: { not_found: 'no such report' } };

export const reportsOperations: Operations = {
  'GET /api/reports/coverage': {
    operationId: 'listReports',
    tag: 'reports',
    summary: 'Every coverage report',
    answers: {
      200: {
        description: 'The list.',
        body: ReportList,
        headers: { 'Cache-Control': 'no-store' },
        example: {
          items: [
            {
              reportId: 'weekly-2026-11-23',
              kind: 'weekly',
              periodStart: '2026-11-22T16:00:00.000Z',
              periodEnd: '2026-11-29T16:00:00.000Z',
              generatedAt: '2026-11-30T00:00:00.000Z',
            },
          ],
        },
      },
    },
    errors: [STAFF, STORAGE, INTERNAL],
  },
  'POST /api/reports/coverage': {
    operationId: 'generateReport',
    tag: 'reports',
    summary: 'Make a report now (administrators)',
    parameters: formatParameters,
    requestBody: {
      schema: GenerateReportRequest,
      optional: true,
      example: { from: '2026-11-01', to: '2026-11-30' },
    },
    answers: { 201: reportAnswer('The new report (or the period’s report, made again).') },
    errors: [
      ADMIN,
      jsonBody(8),
      {
        400: {
          validation_failed:
            'a bad kind or day, a period too long, too early or in the future, or an unknown field',
        },
      },
      STORAGE,
      INTERNAL,
    ],
  },
  'GET /api/reports/coverage/latest': {
    operationId: 'getLatestReport',
    tag: 'reports',
    summary: 'The latest report',
    parameters: formatParameters,
    answers: { 200: reportAnswer('The report with the latest period.') },
    errors: [STAFF, NOT_FOUND, STORAGE, INTERNAL],
  },
  'GET /api/reports/coverage/{id}': {
    operationId: 'getReport',
    tag: 'reports',
    summary: 'One report',
    parameters: [
      pathId(`The report id (${REPORT_ID_PATTERN.source}).`, z.string(), 'weekly-2026-11-23'),
      ...formatParameters,
    ],
    answers: { 200: reportAnswer('The report.') },
    errors: [STAFF, NOT_FOUND, STORAGE, INTERNAL],
  },
};
