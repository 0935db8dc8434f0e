/**
 * Fault 3, poison and redrive, against `npm start` with a 1 s visibility timeout
 * (LOCAL_VISIBILITY_TIMEOUT_SECONDS; the declared 120 s × 5 receives would take 10 minutes):
 * - a message naming no application always fails; sent in one batch with nine good ones, it reaches
 *   the dead-letter queue after maxReceiveCount receives while the nine are screened once each and
 *   never redelivered (the partial batch response holds nothing back);
 * - a fault on real applications: the byPhone index that screening queries is dropped (a botched
 *   change to the table), so five fresh applications fail screening until their messages are
 *   dead-lettered; the index is restored, `npm run redrive` (the real command, as a child) moves
 *   all six dead letters back, the five are screened exactly once, the poison returns to the DLQ;
 *   sending the five again changes nothing.
 * The sweeper is kept out of it (SWEEP_AFTER_SECONDS=3600): only the redrive brings them back.
 * Every applicant proves their phone first, as a worker does (a code read from the stack's outbox).
 */
import {
  DescribeTableCommand,
  type DynamoDBClient,
  QueryCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/ports';
import { applicationKey } from '../../shared/storage/keys';
import { QUEUES, TABLE } from '../../shared/wiring';
import {
  applicationBody,
  countLogs,
  dynamoOf,
  eventually,
  type FaultStack,
  inPool,
  person,
  queueDepth,
  recordLedger,
  runRedrive,
  sqsOf,
  startStack,
  statusesOf,
  stopAllStacks,
  stopStack,
  submit,
} from './support/suite';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';

const FIRST_PERSON = 3_000_000;
const GOOD = 9;
const BROKEN = 5;
const people = Array.from({ length: GOOD + BROKEN }, (_, i) => FIRST_PERSON + i);
const POISON = JSON.stringify({ applicationId: 'A000000-NOTHERE0' });
const READY = 'application ready for review';
const NOTHING_TO_DO = 'already screened; nothing to do';

let proxy: TcpProxy | undefined;
afterAll(async () => {
  await stopAllStacks();
  await proxy?.close();
  recordLedger('poison-and-redrive', {
    idNumbers: people.map((n) => person(n).idNumber),
    phones: people.map((n) => person(n).phone),
  });
});

type Accepted = { applicationId: string; statusToken: string };

const submitAll = async (stack: FaultStack, numbers: number[]): Promise<Accepted[]> => {
  const accepted: Accepted[] = [];
  await inPool(numbers, 8, async (n) => {
    const answer = await submit(stack.url, applicationBody(n), `poison-${n}`);
    expect(answer.status).toBe(202);
    accepted.push(answer.body);
  });
  return accepted;
};

const allHaveStatus = (stack: FaultStack, apps: Accepted[], status: string, timeoutMs: number) =>
  eventually(
    () => statusesOf(stack.url, apps),
    (s) => [...s.values()].every((v) => v === status),
    timeoutMs,
    `all ${status}`,
  );

const byPhone = TABLE.indexes.find((index) => index.name === 'byPhone');

const indexStatus = async (dynamo: DynamoDBClient, tableName: string) => {
  const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
  return (
    Table?.GlobalSecondaryIndexes?.find((index) => index.IndexName === 'byPhone')?.IndexStatus ?? 'absent'
  );
};

const sendBatch = (sqs: SQSClient, queueUrl: string, bodies: string[]) =>
  sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: bodies.map((body, index) => ({ Id: String(index), MessageBody: body })),
    }),
  );

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const summary: string[] = [];

describe('poison and redrive', () => {
  it('dead-letters a poison message without holding back its batch, and redrives what can now succeed exactly once', async () => {
    const sqsPort = await freePort();
    proxy = await startTcpProxy(sqsPort);
    const stack = await startStack('poison', {
      LOCAL_SQS_PORT: String(sqsPort),
      LOCAL_SQS_ENDPOINT: proxy.url,
      LOCAL_VISIBILITY_TIMEOUT_SECONDS: '1',
      SWEEP_AFTER_SECONDS: '3600',
    });
    const { endpoints } = stack;
    const sqs = sqsOf(endpoints);
    const { raw: dynamo, db } = dynamoOf(endpoints);
    try {
      // Nine applications kept out of the queue (SQS refused while they were accepted), so that the
      // test decides what their batch holds: the nine and the poison, in one SendMessageBatch.
      await proxy.refuse();
      const good = await submitAll(stack, people.slice(0, GOOD));
      await proxy.accept();
      const batch = good.map(({ applicationId }) => JSON.stringify({ applicationId }));
      batch.splice(4, 0, POISON);
      const batchSent = performance.now();
      await sendBatch(sqs, endpoints.reviewQueueUrl, batch);

      await allHaveStatus(stack, good, 'pending_review', 10_000);
      const goodScreened = performance.now();
      await eventually(
        () => queueDepth(sqs, endpoints.deadLetterQueueUrl),
        (depth) => depth.visible === 1,
        30_000,
        'the poison in the DLQ',
      );
      const poisonDead = performance.now();
      // Its batch-mates were screened once and their messages deleted at once — never redelivered
      // with the poison, or they would say "nothing to do".
      for (const { applicationId } of good) {
        expect(countLogs(stack.output(), READY, applicationId)).toBe(1);
        expect(countLogs(stack.output(), NOTHING_TO_DO, applicationId)).toBe(0);
      }

      // A fault on real applications: screening's index is dropped.
      await dynamo.send(
        new UpdateTableCommand({
          TableName: endpoints.tableName,
          GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'byPhone' } }],
        }),
      );
      await eventually(
        () => indexStatus(dynamo, endpoints.tableName),
        (s) => s === 'absent',
        30_000,
        'no index',
      );
      await expect(
        dynamo.send(
          new QueryCommand({
            TableName: endpoints.tableName,
            IndexName: 'byPhone',
            KeyConditionExpression: 'phoneHash = :p',
            ExpressionAttributeValues: { ':p': { S: 'x' } },
          }),
        ),
      ).rejects.toThrow(/does not have the specified index/);
      const broken = await submitAll(stack, people.slice(GOOD));
      await eventually(
        () => queueDepth(sqs, endpoints.deadLetterQueueUrl),
        (depth) => depth.visible === 1 + BROKEN,
        45_000,
        'the five in the DLQ',
      );
      expect(new Set((await statusesOf(stack.url, broken)).values())).toEqual(new Set(['submitted']));
      expect(await queueDepth(sqs, endpoints.reviewQueueUrl)).toEqual({ visible: 0, inFlight: 0 });

      // The operator repairs the index, then redrives.
      await dynamo.send(
        new UpdateTableCommand({
          TableName: endpoints.tableName,
          AttributeDefinitions: [
            { AttributeName: byPhone?.partitionKey as string, AttributeType: 'S' },
            { AttributeName: byPhone?.sortKey as string, AttributeType: 'S' },
          ],
          GlobalSecondaryIndexUpdates: [
            {
              Create: {
                IndexName: 'byPhone',
                KeySchema: [
                  { AttributeName: byPhone?.partitionKey as string, KeyType: 'HASH' },
                  { AttributeName: byPhone?.sortKey as string, KeyType: 'RANGE' },
                ],
                Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...(byPhone?.include ?? [])] },
              },
            },
          ],
        }),
      );
      await eventually(
        () => indexStatus(dynamo, endpoints.tableName),
        (s) => s === 'ACTIVE',
        30_000,
        'index',
      );

      const redrive = await runRedrive(stack.dataDir);
      summary.push(
        `batch-mates screened in ${seconds(goodScreened - batchSent)}, poison dead-lettered after ${seconds(poisonDead - batchSent)}`,
        `npm run redrive: "${redrive.stdout.trim()}"`,
      );
      expect(redrive.status, redrive.stderr).toBe(0);
      expect(redrive.stderr).not.toMatch(/could not|not received|failed/);
      expect(redrive.stdout.trim().split('\n').at(-1)).toMatch(
        /^redriven 6\/6 from review-dlq to review in \d+\.\d s$/,
      );

      await allHaveStatus(stack, broken, 'pending_review', 15_000);
      for (const { applicationId } of broken) {
        expect(countLogs(stack.output(), READY, applicationId)).toBe(1);
      }
      // The poison still fails: it goes back to the DLQ after its receives, and the queue drains.
      await eventually(
        async () => [
          await queueDepth(sqs, endpoints.deadLetterQueueUrl),
          await queueDepth(sqs, endpoints.reviewQueueUrl),
        ],
        ([dlq, queue]) => dlq?.visible === 1 && queue?.visible === 0 && queue?.inFlight === 0,
        30_000,
        'the poison back in the DLQ',
      );

      // Exactly once: the same five messages again (a second redrive, a duplicate delivery) change nothing.
      const screenedAt = async () =>
        Promise.all(
          broken.map(async ({ applicationId }) => {
            const { Item } = await db.send(
              new GetCommand({
                TableName: endpoints.tableName,
                Key: applicationKey(applicationId),
                ConsistentRead: true,
              }),
            );
            return `${Item?.status} ${Item?.screenedAt}`;
          }),
        );
      const before = await screenedAt();
      await sendBatch(
        sqs,
        endpoints.reviewQueueUrl,
        broken.map(({ applicationId }) => JSON.stringify({ applicationId })),
      );
      await eventually(
        async () =>
          broken.map(({ applicationId }) => countLogs(stack.output(), NOTHING_TO_DO, applicationId)),
        (counts) => counts.every((count) => count === 1),
        10_000,
        'duplicates acknowledged',
      );
      expect(await screenedAt()).toEqual(before);
      for (const { applicationId } of broken) expect(countLogs(stack.output(), READY, applicationId)).toBe(1);

      // What is dead-lettered is the poison, received maxReceiveCount times (fauxqs's GetQueueAttributes
      // counts a peeked message as in flight until the next receive, so it is looked at only now).
      const [dead] =
        (
          await sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: endpoints.deadLetterQueueUrl,
              VisibilityTimeout: 0,
              MessageSystemAttributeNames: ['ApproximateReceiveCount'],
            }),
          )
        ).Messages ?? [];
      expect(dead?.Body).toBe(POISON);
      expect(Number(dead?.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(
        QUEUES.review.maxReceiveCount,
      );
    } finally {
      sqs.destroy();
      dynamo.destroy();
    }

    expect(await stopStack(stack)).toBe(0);
    const afterStop = await runRedrive(stack.dataDir);
    expect(afterStop.status).toBe(1);
    expect(afterStop.stderr).toMatch(/No local stack found/);
    console.log(`poison and redrive: ${summary.join('; ')}`);
  });
});
