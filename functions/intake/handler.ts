import { reviewQueue } from '../../shared/queue/review-queue';
import { documentClient, sqsClient } from '../../shared/runtime/clients';
import { requireEnv } from '../../shared/runtime/env';
import { hashKeyFromEnv } from '../../shared/runtime/hash-key';
import { createLogger } from '../../shared/runtime/logger';
import { applicationStore } from '../../shared/storage/applications';
import { ENV } from '../../shared/wiring';
import { createIntakeHandler } from './intake';

const env = requireEnv(ENV.tableName, ENV.reviewQueueUrl);
const db = documentClient();

export const handler = createIntakeHandler({
  store: applicationStore(db, env[ENV.tableName]),
  queue: reviewQueue(sqsClient(), env[ENV.reviewQueueUrl]),
  hashKey: hashKeyFromEnv(),
  logger: createLogger('intake'),
});
