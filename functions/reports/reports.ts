/**
 * Coverage reports: the weekly and monthly schedules (event `{kind}`), and the HTTP routes — list,
 * latest, one by id (JSON or `?format=csv`) for reviewers (their counties) and administrators, and
 * `POST` (administrators) to generate one now.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { CoverageReport as CoverageReportBody, ReportList } from '../../shared/api/reports';
import { Forbidden, NotFound, ValidationFailed } from '../../shared/domain/errors';
import { type CoverageReport, deadlinesCsv, reportCsv, scopeReport } from '../../shared/domain/report';
import {
  customPeriod,
  lastMonth,
  lastWeek,
  REPORT_ID_PATTERN,
  type ReportPeriod,
} from '../../shared/domain/report-period';
import { callerOf, type RosterReader, requireCaller } from '../../shared/http/auth';
import { mapErrorsToHttp } from '../../shared/http/error-mapping';
import { limitBodySize, parseJsonBody, resolveRequestLocale } from '../../shared/http/middleware';
import { byRouteKey } from '../../shared/http/routes';
import { type HttpEvent, type HttpResult, json } from '../../shared/http/types';
import { observe } from '../../shared/runtime/observability';
import { type GenerateDeps, generateReport } from './generate';

export interface ReportsDeps extends Omit<GenerateDeps, 'now'> {
  /** Who is staff, with which role and counties (cached briefly per container). */
  roster: RosterReader;
  logger: Logger;
  now?: () => Date;
}

export interface ScheduledReportEvent {
  kind: 'weekly' | 'monthly';
}

export interface ScheduledReportResult {
  reportId: string;
  itemsRead: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_CUSTOM_DAYS = 366;
/**
 * How far back a custom period may start: three years. Nothing the drive records is older, and each
 * report is a stored item of the report list: a period can neither start in the distant past nor end
 * in the future.
 */
export const MAX_REPORT_YEARS_BACK = 3;

/** The POST body: `{}` (last week), `{kind: 'weekly'|'monthly'}`, or `{from, to}` (whole Beijing days). */
export const requestedPeriod = (body: unknown, now: Date): ReportPeriod => {
  const input = (body ?? {}) as Record<string, unknown>;
  if (typeof input !== 'object' || Array.isArray(input)) throw new ValidationFailed({ body: 'body.object' });
  const fields: Record<string, string> = {};
  for (const key of Object.keys(input)) {
    if (!['kind', 'from', 'to'].includes(key))
      Object.defineProperty(fields, key, { value: 'unknown_field', enumerable: true });
  }
  if (input.from !== undefined || input.to !== undefined) {
    const { from, to } = input;
    if (typeof from !== 'string' || !DAY.test(from) || Number.isNaN(Date.parse(from))) fields.from = 'type';
    if (typeof to !== 'string' || !DAY.test(to) || Number.isNaN(Date.parse(to))) fields.to = 'type';
    if (Object.keys(fields).length > 0) throw new ValidationFailed(fields);
    const period = customPeriod(from as string, to as string);
    const days = (Date.parse(period.end) - Date.parse(period.start)) / 86400_000;
    if (days < 1 || days > MAX_CUSTOM_DAYS) throw new ValidationFailed({ to: 'invalid' });
    const earliest = new Date(now);
    earliest.setUTCFullYear(earliest.getUTCFullYear() - MAX_REPORT_YEARS_BACK);
    if (Date.parse(period.start) < earliest.getTime()) throw new ValidationFailed({ from: 'from.tooEarly' });
    // A period ends at the end of its last Beijing day: at most today.
    if (Date.parse(period.end) > now.getTime() + 86400_000) throw new ValidationFailed({ to: 'to.future' });
    return period;
  }
  if (input.kind !== undefined && input.kind !== 'weekly' && input.kind !== 'monthly')
    fields.kind = 'invalid';
  if (Object.keys(fields).length > 0) throw new ValidationFailed(fields);
  return input.kind === 'monthly' ? lastMonth(now) : lastWeek(now);
};

export const createReportsHandler = (deps: ReportsDeps) => {
  const now = deps.now ?? (() => new Date());
  const generateDeps: GenerateDeps = { ...deps, now };

  const respondWith = (event: HttpEvent, report: CoverageReport, statusCode = 200): HttpResult => {
    const scoped = scopeReport(report, callerOf(event).counties);
    if (event.queryStringParameters?.format === 'csv') {
      const deadlines = event.queryStringParameters?.table === 'deadlines';
      return {
        statusCode,
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${deadlines ? 'deadlines' : 'coverage'}-${report.reportId}.csv"`,
          'cache-control': 'no-store',
        },
        body: deadlines ? deadlinesCsv(scoped) : reportCsv(scoped),
      };
    }
    return json(statusCode, scoped satisfies CoverageReportBody, { 'cache-control': 'no-store' });
  };

  const routes: Record<string, (event: HttpEvent) => Promise<HttpResult>> = {
    'GET /api/reports/coverage': async () =>
      json(200, { items: await deps.reports.list() } satisfies ReportList, { 'cache-control': 'no-store' }),
    'GET /api/reports/coverage/latest': async (event) => {
      const [latest] = await deps.reports.list();
      const report = latest ? await deps.reports.get(latest.reportId) : undefined;
      if (!report) throw new NotFound();
      return respondWith(event, report);
    },
    'GET /api/reports/coverage/{id}': async (event) => {
      const reportId = event.pathParameters?.id ?? '';
      const report = REPORT_ID_PATTERN.test(reportId) ? await deps.reports.get(reportId) : undefined;
      if (!report) throw new NotFound();
      return respondWith(event, report);
    },
    'POST /api/reports/coverage': async (event) => {
      if (callerOf(event).role !== 'admin') throw new Forbidden();
      const period = requestedPeriod(event.jsonBody, now());
      const { report, itemsRead } = await generateReport(generateDeps, period);
      deps.logger.info('coverage report generated on demand', { reportId: report.reportId, itemsRead });
      return respondWith(event, report, 201);
    },
  };

  const http = middy<HttpEvent, HttpResult>()
    .use(observe(deps))
    .use(mapErrorsToHttp(deps.logger))
    .use(resolveRequestLocale())
    .use(requireCaller(deps.roster))
    .use(limitBodySize(8 * 1024))
    .use(parseJsonBody({ postsOnly: true, optional: true }))
    .handler(byRouteKey(routes));

  const scheduled = middy<ScheduledReportEvent, ScheduledReportResult>()
    .use(observe(deps))
    .handler(async (event) => {
      const period = event.kind === 'monthly' ? lastMonth(now()) : lastWeek(now());
      const { report, itemsRead } = await generateReport(generateDeps, period);
      deps.logger.info('scheduled coverage report generated', { reportId: report.reportId, itemsRead });
      return { reportId: report.reportId, itemsRead };
    });

  /** EventBridge Scheduler sends `{kind}`; the HTTP API sends a payload 2.0 event. */
  return async (event: HttpEvent | ScheduledReportEvent, context: Context) =>
    'routeKey' in event ? http(event, context) : scheduled(event, context);
};
