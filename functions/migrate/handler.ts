import { documentClient } from '../../shared/runtime/clients';
import { requireEnv } from '../../shared/runtime/env';
import { createLogger } from '../../shared/runtime/logger';
import { createMetrics } from '../../shared/runtime/metrics';
import { ENV } from '../../shared/runtime-wiring';
import { createMigrateHandler } from './migrate';

const env = requireEnv(ENV.tableName);

const logger = createLogger('migrate');

export const handler = createMigrateHandler({
  db: documentClient(),
  tableName: env[ENV.tableName],
  logger,
  metrics: createMetrics('migrate', logger),
});
