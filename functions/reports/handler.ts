import { documentClient, s3Client } from '../../shared/runtime/clients';
import { requireEnv } from '../../shared/runtime/env';
import { createLogger } from '../../shared/runtime/logger';
import { createMetrics } from '../../shared/runtime/metrics';
import { rosterFromEnv } from '../../shared/runtime/roster';
import { ENV } from '../../shared/runtime-wiring';
import { reportCsvStore } from '../../shared/storage/report-csv';
import { reportStore } from '../../shared/storage/reports';
import { createReportsHandler } from './reports';

const env = requireEnv(ENV.tableName);
const db = documentClient();
// The bucket exists on AWS only: locally no CSV copy is kept.
const bucket = process.env[ENV.reportsBucket];
const logger = createLogger('reports');

export const handler = createReportsHandler({
  roster: rosterFromEnv(db, env[ENV.tableName]),
  reports: reportStore(db, env[ENV.tableName]),
  ...(bucket ? { csv: reportCsvStore(s3Client(), bucket) } : {}),
  logger,
  metrics: createMetrics('reports', logger),
});
