/**
 * The coverage report calls (README, "The API, with curl"), through the console's API module: the same bearer token, the
 * same handling of a 401 (back to sign-in) and the same `ReviewProblem`s.
 */
import type { ReportSummary } from '../../../../shared/api/reports';
import type { CoverageReport } from '../../../../shared/domain/report';
import { getCsv, getJson, postJson } from '../common/api';

export type { ReportSummary };

/** What `POST /api/reports/coverage` takes: last week, last month, or whole Beijing days. */
export type GenerateRequest = Record<string, never> | { kind: 'monthly' } | { from: string; to: string };

const reportPath = (reportId: string) => `/api/reports/coverage/${encodeURIComponent(reportId)}`;

/** Every report, newest period first. */
export const listReports = () => getJson<{ items: ReportSummary[] }>('/api/reports/coverage');

/** One report, as the caller may see it (a reviewer: their counties only). */
export const getReport = (reportId: string) => getJson<CoverageReport>(reportPath(reportId));

/** The report's cells as CSV (the caller's counties), as a Blob to save. */
export const getReportCsv = (reportId: string) =>
  getCsv(`${reportPath(reportId)}?format=csv`, `coverage-${reportId}.csv`);

/** Issue 12: decided and reached by the due date, per county and overall, as CSV. */
export const getDeadlinesCsv = (reportId: string) =>
  getCsv(`${reportPath(reportId)}?format=csv&table=deadlines`, `deadlines-${reportId}.csv`);

/** Administrators: make a report now (201 with the report). */
export const generateReport = (request: GenerateRequest) =>
  postJson<CoverageReport>('/api/reports/coverage', request);
