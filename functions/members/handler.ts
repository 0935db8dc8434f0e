import { documentClient } from '../../shared/runtime/clients';
import { requireEnv } from '../../shared/runtime/env';
import { createLogger } from '../../shared/runtime/logger';
import { reviewStore } from '../../shared/storage/review';
import { ENV } from '../../shared/wiring';
import { createMembersHandler } from './members';

const env = requireEnv(ENV.tableName);

export const handler = createMembersHandler({
  review: reviewStore(documentClient(), env[ENV.tableName]),
  logger: createLogger('members'),
});
