/**
 * Real clients against the emulators started by global-setup, a fresh table and queue per harness,
 * and the handlers wired to them exactly as their Lambda entry points wire them.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { inject } from 'vitest';
import { createIntakeHandler } from '../../../functions/intake/intake';
import { createScreeningHandler } from '../../../functions/screening/screening';
import { createStatusHandler } from '../../../functions/status/status';
import { createSweeperHandler } from '../../../functions/sweeper/sweeper';
import { lambdaContext } from '../../../local/lambda-context';
import { ensureQueue, ensureTable, type QueueOverrides } from '../../../local/resources';
import { type Poller, startSqsPoller } from '../../../local/sqs-poller';
import { reviewQueue } from '../../../shared/queue/review-queue';
import { documentClient } from '../../../shared/runtime/clients';
import { applicationStore } from '../../../shared/storage/applications';
import { QUEUE_CONSUMERS } from '../../../shared/wiring';
import { type HttpEventParts, httpEvent } from '../../support/events';

export const region = 'us-east-1';
export const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Record<string, unknown> & { fields?: Record<string, string> };
}

const asResponse = (result: unknown): HttpResponse => {
  const r = result as APIGatewayProxyStructuredResultV2;
  return {
    statusCode: r.statusCode ?? 0,
    headers: (r.headers ?? {}) as Record<string, string>,
    body: r.body ? JSON.parse(r.body) : {},
  };
};

export interface HarnessOptions {
  queue?: QueueOverrides;
  /** A queue URL that refuses everything, to simulate the queue being down for intake. */
  brokenQueueForIntake?: boolean;
  dynamoClient?: DynamoDBClient;
}

export const createHarness = async (options: HarnessOptions = {}) => {
  const dynamoEndpoint = inject('dynamoEndpoint');
  const sqsEndpoint = inject('sqsEndpoint');
  const dynamo =
    options.dynamoClient ?? new DynamoDBClient({ endpoint: dynamoEndpoint, region, credentials });
  const setupDynamo = new DynamoDBClient({ endpoint: dynamoEndpoint, region, credentials });
  const db = documentClient(dynamo);
  const sqs = new SQSClient({ endpoint: sqsEndpoint, region, credentials, useQueueUrlAsEndpoint: false });
  const tableName = `applications-${randomUUID()}`;
  await ensureTable(setupDynamo, tableName);
  const queue = await ensureQueue(
    sqs,
    'review',
    `review-${randomUUID()}`,
    options.queue ?? { visibilityTimeoutSeconds: 1 },
  );
  const key = randomBytes(32);
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  const store = applicationStore(db, tableName);
  const queueForIntake = options.brokenQueueForIntake
    ? reviewQueue(
        new SQSClient({
          endpoint: 'http://127.0.0.1:9',
          region,
          credentials,
          maxAttempts: 1,
          useQueueUrlAsEndpoint: false,
        }),
        queue.url,
      )
    : reviewQueue(sqs, queue.url);

  const intake = createIntakeHandler({ store, queue: queueForIntake, hashKey: async () => key, logger });
  const status = createStatusHandler({ store, logger });
  const screening = createScreeningHandler({ store, logger });
  const sweeper = createSweeperHandler({
    store,
    queue: reviewQueue(sqs, queue.url),
    logger,
    sweepAfterSeconds: 120,
  });
  const pollers: Poller[] = [];
  const consumer = QUEUE_CONSUMERS.find((c) => c.function === 'screening');
  if (!consumer) throw new Error('no screening consumer declared');

  return {
    tableName,
    queue,
    sqs,
    db,
    store,
    key,
    screening,
    sweeper,
    intake,
    statusHandler: status,
    async submit(body: unknown, headers: Record<string, string> = {}, parts: HttpEventParts = {}) {
      const event = httpEvent({ body: body as object, headers, ...parts });
      return asResponse(await intake(event, lambdaContext('intake', 10)));
    },
    async status(applicationId: string, token?: string) {
      const event = httpEvent({
        method: 'GET',
        path: `/api/applications/${applicationId}`,
        routeKey: 'GET /api/applications/{id}',
        pathParameters: { id: applicationId },
        headers: token === undefined ? {} : { 'x-status-token': token },
      });
      return asResponse(await status(event, lambdaContext('status', 5)));
    },
    /** Every item in the table, as stored. */
    async scan(): Promise<Record<string, unknown>[]> {
      const { Items = [] } = await db.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }));
      return Items;
    },
    startPoller() {
      const poller = startSqsPoller({
        sqs,
        queueUrl: queue.url,
        queueArn: queue.arn,
        consumer,
        handler: screening,
        context: () => lambdaContext('screening', 20),
      });
      pollers.push(poller);
      return poller;
    },
    async close() {
      await Promise.all(pollers.map((p) => p.stop()));
      dynamo.destroy();
      setupDynamo.destroy();
      sqs.destroy();
    },
  };
};

export type Harness = Awaited<ReturnType<typeof createHarness>>;

export const eventually = async <T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};
