import { notificationQueue } from '../../shared/queue/notifications';
import { reviewQueue } from '../../shared/queue/review-queue';
import { documentClient, sqsClient } from '../../shared/runtime/clients';
import { optionalNumberEnv, requireEnv } from '../../shared/runtime/env';
import { createLogger } from '../../shared/runtime/logger';
import { createMetrics } from '../../shared/runtime/metrics';
import { DEFAULT_SWEEP_AFTER_SECONDS, ENV } from '../../shared/runtime-wiring';
import { applicationStore } from '../../shared/storage/applications';
import { erasureStore } from '../../shared/storage/erasure';
import { notificationOutboxStore } from '../../shared/storage/notification-outbox';
import { createSweeperHandler } from './sweeper';

const env = requireEnv(ENV.tableName, ENV.reviewQueueUrl, ENV.notificationQueueUrl);
const db = documentClient();
const sqs = sqsClient();

const logger = createLogger('sweeper');

export const handler = createSweeperHandler({
  store: applicationStore(db, env[ENV.tableName]),
  queue: reviewQueue(sqs, env[ENV.reviewQueueUrl]),
  notifications: notificationQueue(sqs, env[ENV.notificationQueueUrl]),
  outbox: notificationOutboxStore(db, env[ENV.tableName]),
  erasure: erasureStore(db, env[ENV.tableName]),
  logger,
  metrics: createMetrics('sweeper', logger),
  sweepAfterSeconds: optionalNumberEnv(ENV.sweepAfterSeconds, DEFAULT_SWEEP_AFTER_SECONDS),
});
