import { notificationQueue } from '../../shared/queue/notifications';
import { documentClient, sqsClient } from '../../shared/runtime/clients';
import { requireEnv } from '../../shared/runtime/env';
import { createLogger } from '../../shared/runtime/logger';
import { createMetrics } from '../../shared/runtime/metrics';
import { ENV } from '../../shared/runtime-wiring';
import { applicationStore } from '../../shared/storage/applications';
import { personStore } from '../../shared/storage/people';
import { createScreeningHandler } from './screening';

const env = requireEnv(ENV.tableName, ENV.notificationQueueUrl);
const db = documentClient();

const logger = createLogger('screening');

export const handler = createScreeningHandler({
  store: applicationStore(db, env[ENV.tableName]),
  people: personStore(db, env[ENV.tableName]),
  notifications: notificationQueue(sqsClient(), env[ENV.notificationQueueUrl]),
  logger,
  metrics: createMetrics('screening', logger),
});
