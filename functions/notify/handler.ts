import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { documentClient, dynamoClient } from '../../shared/runtime/clients';
import { requireEnv } from '../../shared/runtime/env';
import { createLogger } from '../../shared/runtime/logger';
import { createMetrics } from '../../shared/runtime/metrics';
import { ENV, TABLE } from '../../shared/runtime-wiring';
import { smsSenderFromEnv } from '../../shared/sms/config';
import { NOTIFICATIONS_SENT_PARTITION } from '../../shared/storage/keys';
import { recipientStore } from '../../shared/storage/recipients';
import { createNotifyHandler } from './notify';

const env = requireEnv(ENV.tableName);
const dynamo = dynamoClient();

const logger = createLogger('notify');

export const handler = createNotifyHandler({
  recipients: recipientStore(documentClient(dynamo), env[ENV.tableName]),
  sms: smsSenderFromEnv(),
  persistence: new DynamoDBPersistenceLayer({
    tableName: env[ENV.tableName],
    keyAttr: TABLE.partitionKey,
    sortKeyAttr: TABLE.sortKey,
    staticPkValue: NOTIFICATIONS_SENT_PARTITION,
    expiryAttr: TABLE.ttlAttribute,
    awsSdkV3Client: dynamo,
  }),
  logger,
  metrics: createMetrics('notify', logger),
});
