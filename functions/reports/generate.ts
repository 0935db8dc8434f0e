/** Generating a coverage report for a period: read, compute, store (same period → same id → replaced). */
import { catalog, workforce } from '../../shared/catalog/index';
import { buildReport, type CoverageReport } from '../../shared/domain/report';
import { type ReportPeriod, reportIdFor } from '../../shared/domain/report-period';
import type { ReportStore } from '../../shared/storage/reports';

export interface GenerateDeps {
  reports: ReportStore;
  /** Where the CSV goes on AWS (S3); absent locally. */
  publishCsv?: (report: CoverageReport) => Promise<void>;
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
  await deps.publishCsv?.(report);
  return { report, itemsRead: reads.itemsRead };
};
