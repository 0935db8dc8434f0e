/** Each coverage report as CSV in the reports bucket, replaced when its period is generated again. */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type CoverageReport, reportCsv } from '../domain/report';
import { REPORTS_CSV_PREFIX } from '../runtime-wiring';

export interface ReportCsvStore {
  publish(report: CoverageReport): Promise<void>;
}

export const reportCsvKey = (reportId: string): string => `${REPORTS_CSV_PREFIX}${reportId}.csv`;

export const reportCsvStore = (s3: S3Client, bucket: string): ReportCsvStore => ({
  publish: async (report) => {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: reportCsvKey(report.reportId),
        Body: reportCsv(report),
        ContentType: 'text/csv; charset=utf-8',
      }),
    );
  },
});
