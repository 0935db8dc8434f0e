import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { reportCsv } from '../../shared/domain/report';
import { documentClient } from '../../shared/runtime/clients';
import { requireEnv } from '../../shared/runtime/env';
import { createLogger } from '../../shared/runtime/logger';
import { rosterFromEnv } from '../../shared/runtime/roster';
import { reportStore } from '../../shared/storage/reports';
import { ENV, REPORTS_CSV_PREFIX } from '../../shared/wiring';
import { createReportsHandler } from './reports';

const env = requireEnv(ENV.tableName);
const db = documentClient();
const bucket = process.env[ENV.reportsBucket];
const s3 = bucket ? new S3Client({}) : undefined;

export const handler = createReportsHandler({
  roster: rosterFromEnv(db, env[ENV.tableName]),
  reports: reportStore(db, env[ENV.tableName]),
  logger: createLogger('reports'),
  ...(s3 && bucket
    ? {
        publishCsv: async (report) => {
          await s3.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: `${REPORTS_CSV_PREFIX}${report.reportId}.csv`,
              Body: reportCsv(report),
              ContentType: 'text/csv; charset=utf-8',
            }),
          );
        },
      }
    : {}),
});
