import { documentClient } from '../../shared/runtime/clients';
import { requireEnv } from '../../shared/runtime/env';
import { hashKeyFromEnv } from '../../shared/runtime/hash-key';
import { createLogger } from '../../shared/runtime/logger';
import { createMetrics } from '../../shared/runtime/metrics';
import { rosterFromEnv } from '../../shared/runtime/roster';
import { ENV } from '../../shared/runtime-wiring';
import { auditLog } from '../../shared/storage/audit';
import { personStore } from '../../shared/storage/people';
import { unionStore } from '../../shared/storage/unions';
import { createUnionsHandler } from './unions';

const env = requireEnv(ENV.tableName);
const db = documentClient();

const logger = createLogger('unions');

export const handler = createUnionsHandler({
  hashKey: hashKeyFromEnv(),
  roster: rosterFromEnv(db, env[ENV.tableName]),
  unions: unionStore(db, env[ENV.tableName]),
  people: personStore(db, env[ENV.tableName]),
  review: auditLog(db, env[ENV.tableName]),
  logger,
  metrics: createMetrics('unions', logger),
});
