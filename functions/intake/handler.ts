import { idApplicationLimits } from '../../shared/domain/limits';
import { notificationQueue } from '../../shared/queue/notifications';
import { reviewQueue } from '../../shared/queue/review-queue';
import { documentClient, sqsClient } from '../../shared/runtime/clients';
import { requireEnv } from '../../shared/runtime/env';
import { hashKeyFromEnv } from '../../shared/runtime/hash-key';
import { createLogger } from '../../shared/runtime/logger';
import { createMetrics } from '../../shared/runtime/metrics';
import { ENV } from '../../shared/runtime-wiring';
import { applicationStore } from '../../shared/storage/applications';
import { personStore } from '../../shared/storage/people';
import { verificationStore } from '../../shared/storage/verifications';
import { createIntakeHandler } from './intake';

const env = requireEnv(ENV.tableName, ENV.reviewQueueUrl, ENV.notificationQueueUrl);
const db = documentClient();
const sqs = sqsClient();

const logger = createLogger('intake');

export const handler = createIntakeHandler({
  idLimits: idApplicationLimits(process.env),
  store: applicationStore(db, env[ENV.tableName]),
  people: personStore(db, env[ENV.tableName]),
  verifications: verificationStore(db, env[ENV.tableName]),
  queue: reviewQueue(sqs, env[ENV.reviewQueueUrl]),
  notifications: notificationQueue(sqs, env[ENV.notificationQueueUrl]),
  hashKey: hashKeyFromEnv(),
  logger,
  metrics: createMetrics('intake', logger),
});
