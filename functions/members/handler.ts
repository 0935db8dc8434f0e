import { documentClient } from '../../shared/runtime/clients';
import { requireEnv } from '../../shared/runtime/env';
import { hashKeyFromEnv } from '../../shared/runtime/hash-key';
import { createLogger } from '../../shared/runtime/logger';
import { createMetrics } from '../../shared/runtime/metrics';
import { rosterFromEnv } from '../../shared/runtime/roster';
import { ENV } from '../../shared/runtime-wiring';
import { auditLog } from '../../shared/storage/audit';
import { memberListing } from '../../shared/storage/member-listing';
import { createMembersHandler } from './members';

const env = requireEnv(ENV.tableName);
const db = documentClient();

const logger = createLogger('members');

export const handler = createMembersHandler({
  hashKey: hashKeyFromEnv(),
  roster: rosterFromEnv(db, env[ENV.tableName]),
  review: { ...memberListing(db, env[ENV.tableName]), ...auditLog(db, env[ENV.tableName]) },
  logger,
  metrics: createMetrics('members', logger),
});
