import { documentClient } from '../../shared/runtime/clients';
import { requireEnv } from '../../shared/runtime/env';
import { hashKeyFromEnv } from '../../shared/runtime/hash-key';
import { createLogger } from '../../shared/runtime/logger';
import { createMetrics } from '../../shared/runtime/metrics';
import { rosterFromEnv } from '../../shared/runtime/roster';
import { ENV } from '../../shared/runtime-wiring';
import { rosterStore } from '../../shared/storage/staff';
import { createStaffHandler } from './staff';

const env = requireEnv(ENV.tableName, ENV.staffIssuer);
const db = documentClient();

const logger = createLogger('staff');

export const handler = createStaffHandler({
  store: rosterStore(db, env[ENV.tableName]),
  roster: rosterFromEnv(db, env[ENV.tableName]),
  hashKey: hashKeyFromEnv(),
  defaultIssuer: env[ENV.staffIssuer],
  logger,
  metrics: createMetrics('staff', logger),
});
