/** Creates the table and queues on the emulators from the same declarations the CDK stack uses. */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { QUEUES, type QueueName, TABLE } from '../shared/wiring';

/** The local stack's one table. */
export const TABLE_NAME = 'gig-union-onboarding';

export const ensureTable = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ResourceNotFoundException')) throw error;
  }
  const keyNames = new Set<string>([TABLE.partitionKey, TABLE.sortKey]);
  for (const index of TABLE.indexes) keyNames.add(index.partitionKey).add(index.sortKey);
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...keyNames].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: TABLE.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection:
          index.include === 'ALL'
            ? { ProjectionType: 'ALL' }
            : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.include] },
      })),
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1 }, { TableName: tableName });
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
    }),
  );
};

export interface QueueUrls {
  url: string;
  arn: string;
  deadLetterUrl: string;
  deadLetterArn: string;
}

export interface QueueOverrides {
  visibilityTimeoutSeconds?: number;
}

const arnOf = async (sqs: SQSClient, url: string): Promise<string> => {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  if (!Attributes?.QueueArn) throw new Error(`no ARN for ${url}`);
  return Attributes.QueueArn;
};

/** The queue and its dead-letter queue, with the declared redrive policy and timeouts. */
export const ensureQueue = async (
  sqs: SQSClient,
  name: QueueName,
  queueName: string,
  overrides: QueueOverrides = {},
): Promise<QueueUrls> => {
  const declaration = QUEUES[name];
  const dlq = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${queueName}-dlq`,
      Attributes: { MessageRetentionPeriod: String(declaration.deadLetterRetentionDays * 86400) },
    }),
  );
  if (!dlq.QueueUrl) throw new Error('no DLQ url');
  const deadLetterArn = await arnOf(sqs, dlq.QueueUrl);
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: queueName,
      Attributes: {
        VisibilityTimeout: String(overrides.visibilityTimeoutSeconds ?? declaration.visibilityTimeoutSeconds),
        MessageRetentionPeriod: String(declaration.retentionDays * 86400),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: deadLetterArn,
          maxReceiveCount: declaration.maxReceiveCount,
        }),
      },
    }),
  );
  if (!queue.QueueUrl) throw new Error('no queue url');
  return {
    url: queue.QueueUrl,
    arn: await arnOf(sqs, queue.QueueUrl),
    deadLetterUrl: dlq.QueueUrl,
    deadLetterArn,
  };
};
