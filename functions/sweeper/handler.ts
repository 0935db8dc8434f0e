import { reviewQueue } from '../../shared/queue/review-queue';
import { documentClient, sqsClient } from '../../shared/runtime/clients';
import { optionalNumberEnv, requireEnv } from '../../shared/runtime/env';
import { createLogger } from '../../shared/runtime/logger';
import { applicationStore } from '../../shared/storage/applications';
import { DEFAULT_SWEEP_AFTER_SECONDS, ENV } from '../../shared/wiring';
import { createSweeperHandler } from './sweeper';

const env = requireEnv(ENV.tableName, ENV.reviewQueueUrl);
const db = documentClient();

export const handler = createSweeperHandler({
  store: applicationStore(db, env[ENV.tableName]),
  queue: reviewQueue(sqsClient(), env[ENV.reviewQueueUrl]),
  logger: createLogger('sweeper'),
  sweepAfterSeconds: optionalNumberEnv(ENV.sweepAfterSeconds, DEFAULT_SWEEP_AFTER_SECONDS),
});
