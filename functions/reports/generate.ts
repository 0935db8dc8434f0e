/** Generating a coverage report for a period: read, compute, store (same period → same id → replaced). */
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { catalog, workforce } from '../../shared/catalog/index';
import { buildReport, type CoverageReport } from '../../shared/domain/report';
import { type ReportPeriod, reportIdFor } from '../../shared/domain/report-period';
import { count, METRIC } from '../../shared/runtime/metrics';
import type { ReportCsvStore } from '../../shared/storage/report-csv';
import type { ReportStore } from '../../shared/storage/reports';

export interface GenerateDeps {
  reports: ReportStore;
  /** Where the CSV copy goes on AWS (S3); absent locally. */
  csv?: ReportCsvStore;
  metrics?: Metrics;
  now: () => Date;
}

const HEAD_PLATFORMS = catalog.platforms.filter((p) => p.head).map((p) => p.code);
const COUNTIES = catalog.counties.map((c) => c.code);

export const generateReport = async (
  deps: GenerateDeps,
  period: ReportPeriod,
): Promise<{ report: CoverageReport; itemsRead: number }> => {
  const now = deps.now();
  const reads = await deps.reports.readForPeriod(period.start, period.end, now);
  const previous = await deps.reports.previous(period.kind, period.start);
  const report = buildReport({
    reportId: reportIdFor(period),
    period,
    generatedAt: now.toISOString(),
    cells: reads.cells,
    people: reads.people,
    decisions: reads.decisions,
    laterApprovals: reads.laterApprovals,
    leaves: reads.leaves,
    laterLeaves: reads.laterLeaves,
    unions: reads.unions,
    counties: COUNTIES,
    pending: reads.pending,
    estimates: workforce.estimates,
    estimateSource: { source: workforce.source, asOf: workforce.asOf },
    headPlatforms: HEAD_PLATFORMS,
    ...(previous ? { previous } : {}),
  });
  await deps.reports.save(report);
  await deps.csv?.publish(report);
  count(deps.metrics, METRIC.reportGenerated);
  count(deps.metrics, METRIC.reportItemsRead, reads.itemsRead);
  return { report, itemsRead: reads.itemsRead };
};
