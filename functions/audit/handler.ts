import { documentClient } from '../../shared/runtime/clients';
import { requireEnv } from '../../shared/runtime/env';
import { hashKeyFromEnv } from '../../shared/runtime/hash-key';
import { createLogger } from '../../shared/runtime/logger';
import { reviewStore } from '../../shared/storage/review';
import { ENV } from '../../shared/wiring';
import { createAuditHandler } from './audit';

const env = requireEnv(ENV.tableName);

export const handler = createAuditHandler({
  hashKey: hashKeyFromEnv(),
  review: reviewStore(documentClient(), env[ENV.tableName]),
  logger: createLogger('audit'),
});
