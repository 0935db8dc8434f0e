import { DEFAULT_DECISION_WORKING_DAYS } from '../../shared/domain/deadline';
import { notificationQueue } from '../../shared/queue/notifications';
import { documentClient, sqsClient } from '../../shared/runtime/clients';
import { positiveIntegerEnv, requireEnv } from '../../shared/runtime/env';
import { hashKeyFromEnv } from '../../shared/runtime/hash-key';
import { createLogger } from '../../shared/runtime/logger';
import { createMetrics } from '../../shared/runtime/metrics';
import { rosterFromEnv } from '../../shared/runtime/roster';
import { ENV } from '../../shared/runtime-wiring';
import { applicationStore } from '../../shared/storage/applications';
import { notificationOutboxStore } from '../../shared/storage/notification-outbox';
import { personStore } from '../../shared/storage/people';
import { reviewStore } from '../../shared/storage/review';
import { createReviewHandler } from './review';

const env = requireEnv(ENV.tableName, ENV.notificationQueueUrl);
const db = documentClient();

const logger = createLogger('review');

export const handler = createReviewHandler({
  hashKey: hashKeyFromEnv(),
  roster: rosterFromEnv(db, env[ENV.tableName]),
  applications: applicationStore(db, env[ENV.tableName]),
  people: personStore(db, env[ENV.tableName]),
  review: reviewStore(db, env[ENV.tableName]),
  notifications: notificationQueue(sqsClient(), env[ENV.notificationQueueUrl]),
  outbox: notificationOutboxStore(db, env[ENV.tableName]),
  logger,
  metrics: createMetrics('review', logger),
  workingDays: positiveIntegerEnv(ENV.decisionWorkingDays, DEFAULT_DECISION_WORKING_DAYS),
});
