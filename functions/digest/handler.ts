import { notificationQueue } from '../../shared/queue/notifications';
import { documentClient, sqsClient } from '../../shared/runtime/clients';
import { requireEnv } from '../../shared/runtime/env';
import { createLogger } from '../../shared/runtime/logger';
import { createMetrics } from '../../shared/runtime/metrics';
import { ENV } from '../../shared/runtime-wiring';
import { applicationStore } from '../../shared/storage/applications';
import { rosterStore } from '../../shared/storage/staff';
import { createDigestHandler } from './digest';

const env = requireEnv(ENV.tableName, ENV.notificationQueueUrl);
const db = documentClient();

const logger = createLogger('digest');

export const handler = createDigestHandler({
  applications: applicationStore(db, env[ENV.tableName]),
  roster: rosterStore(db, env[ENV.tableName]),
  notifications: notificationQueue(sqsClient(), env[ENV.notificationQueueUrl]),
  logger,
  metrics: createMetrics('digest', logger),
});
