import { documentClient } from '../../shared/runtime/clients';
import { requireEnv } from '../../shared/runtime/env';
import { createLogger } from '../../shared/runtime/logger';
import { createMetrics } from '../../shared/runtime/metrics';
import { ENV } from '../../shared/runtime-wiring';
import { applicationStore } from '../../shared/storage/applications';
import { createStatusHandler } from './status';

const env = requireEnv(ENV.tableName);
const db = documentClient();

const logger = createLogger('status');

export const handler = createStatusHandler({
  store: applicationStore(db, env[ENV.tableName]),
  logger,
  metrics: createMetrics('status', logger),
});
