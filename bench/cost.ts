/**
 * Cost per application (issue 10, README, "Benchmarks"): what one application costs from asking for the SMS code
 * to its approval — DynamoDB read and write request units (from `ReturnConsumedCapacity` on every call,
 * as DynamoDB Local computes them), SQS requests (every send, receive and delete, with the review
 * queue's batches of 10) and SMS messages — against the minimum the design needs: every item it keeps
 * written once, at its size, outside a transaction, and nothing read. The handlers are the real ones,
 * wired as the local stack wires them, with instrumented SDK clients; N applications are measured and
 * the figures are per application.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { startFauxqs } from 'fauxqs';
import { createChallengeHandler } from '../functions/challenge/challenge';
import { createIntakeHandler } from '../functions/intake/intake';
import { createReviewHandler } from '../functions/review/review';
import { createScreeningHandler } from '../functions/screening/screening';
import { createVerificationHandler } from '../functions/verification/verification';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { lambdaContext } from '../local/lambda-context';
import { ensureQueue, ensureTable } from '../local/resources';
import { startSqsPoller } from '../local/sqs-poller';
import { asAltchaChallenge } from '../shared/domain/altcha';
import { notificationQueue } from '../shared/queue/notifications';
import { reviewQueue } from '../shared/queue/review-queue';
import { documentClient } from '../shared/runtime/clients';
import { outboxSender } from '../shared/sms/outbox';
import { applicationStore } from '../shared/storage/applications';
import { challengeStore } from '../shared/storage/challenges';
import { limitStore } from '../shared/storage/limits';
import { notificationOutboxStore } from '../shared/storage/notification-outbox';
import { personStore } from '../shared/storage/people';
import { reviewStore } from '../shared/storage/review';
import { verificationStore } from '../shared/storage/verifications';
import { QUEUE_CONSUMERS } from '../shared/wiring';
import { solveAltcha } from '../tests/support/altcha';
import { validApplicationBody } from '../tests/support/applications';
import { httpEvent } from '../tests/support/events';
import { idNumber, ZHAOYANG_REGION } from '../tests/support/id-numbers';
import { outboxReader } from '../tests/support/sms-outbox';
import { round, sleep } from './support';

const N = 50;
const TABLE = 'bench-cost';
const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };

type Phase = 'code' | 'apply' | 'screen' | 'approve';
const PHASES: readonly Phase[] = ['code', 'apply', 'screen', 'approve'];

interface Tally {
  read: number;
  write: number;
  dynamoCalls: number;
  sqsRequests: number;
}
const emptyTally = (): Tally => ({ read: 0, write: 0, dynamoCalls: 0, sqsRequests: 0 });

export interface CostResult {
  applications: number;
  perApplication: Record<Phase, Tally> & { total: Tally; sms: number };
  minimum: { write: number; read: number; sqsRequests: number; sms: number; items: number };
  ratio: { write: number; read: string; sqsRequests: number };
  notes: string[];
}

const SUPPORTS_CAPACITY = new Set([
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactWriteItemsCommand',
  'TransactGetItemsCommand',
]);

type Key = { pk: string; sk: string };
const plain = (value: unknown): string =>
  typeof value === 'string' ? value : String((value as { S?: string } | undefined)?.S ?? '');
const keyOf = (entry: Record<string, unknown>): Key | undefined => {
  const key = (entry.Key ?? entry.Item) as Record<string, unknown> | undefined;
  return key ? { pk: plain(key.pk), sk: plain(key.sk) } : undefined;
};

/**
 * What a transaction's writes cost as DynamoDB prices them — two write units per item per KB, plus one
 * unit per KB for each index entry the written item has — from the items as they are afterwards.
 * DynamoDB Local reports a flat 2 units for any transaction, so it cannot be taken from there.
 */
const transactionWriteUnits = async (
  items: Array<Record<string, Record<string, unknown>>>,
  itemAfter: (key: Key) => Promise<Record<string, unknown> | undefined>,
): Promise<number> => {
  let units = 0;
  for (const item of items) {
    const [kind, entry] = Object.entries(item)[0] as [string, Record<string, unknown>];
    if (kind === 'ConditionCheck') continue;
    const key = keyOf(entry);
    const after = key ? await itemAfter(key) : undefined;
    const kb = Math.max(1, Math.ceil((after ? itemBytes(after) : 0) / 1024));
    units += 2 * kb;
    for (const indexKey of ['gsi1pk', 'gsi2pk', 'phoneHash']) if (after && indexKey in after) units += kb;
  }
  return units;
};

/** Asks every call for its consumed capacity and adds it to the current phase's tally. */
const instrumentDynamo = (
  client: DynamoDBClient,
  tally: () => Tally,
  itemAfter: (key: Key) => Promise<Record<string, unknown> | undefined>,
) => {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? '';
      const input = args.input as Record<string, unknown>;
      if (SUPPORTS_CAPACITY.has(command)) input.ReturnConsumedCapacity = 'INDEXES';
      const result = await next(args);
      if (command === 'TransactWriteItemsCommand') {
        const current = tally();
        current.dynamoCalls++;
        current.write += await transactionWriteUnits(
          input.TransactItems as Array<Record<string, Record<string, unknown>>>,
          itemAfter,
        );
        return result;
      }
      const output = result.output as { ConsumedCapacity?: unknown };
      const consumed = [output.ConsumedCapacity ?? []].flat() as Array<{
        ReadCapacityUnits?: number;
        WriteCapacityUnits?: number;
        CapacityUnits?: number;
      }>;
      const current = tally();
      current.dynamoCalls++;
      for (const entry of consumed) {
        const read = entry.ReadCapacityUnits ?? 0;
        const write = entry.WriteCapacityUnits ?? 0;
        current.read += read;
        // Without the split (some calls report only the total), the command says which it was.
        current.write +=
          write ||
          (read === 0 && /Put|Update|Delete|TransactWrite/.test(command) ? (entry.CapacityUnits ?? 0) : 0);
        if (read === 0 && write === 0 && /Get|Query|Scan/.test(command))
          current.read += entry.CapacityUnits ?? 0;
      }
      return result;
    },
    { step: 'initialize', name: 'consumedCapacity' },
  );
};

const instrumentSqs = (client: SQSClient, tally: () => Tally) => {
  client.middlewareStack.add(
    (next) => async (args) => {
      tally().sqsRequests++;
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
};

/** DynamoDB's item size: attribute names and values, in UTF-8 (numbers counted as their digits). */
const itemBytes = (item: Record<string, unknown>): number => {
  const size = (value: unknown): number => {
    if (typeof value === 'string') return Buffer.byteLength(value);
    if (typeof value === 'number') return String(value).length;
    if (typeof value === 'boolean' || value === null) return 1;
    if (Array.isArray(value)) return 3 + value.reduce((sum: number, entry) => sum + size(entry) + 1, 0);
    if (typeof value === 'object')
      return (
        3 +
        Object.entries(value as object).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + size(v) + 1, 0)
      );
    return 0;
  };
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + size(value), 0);
};

export const benchCost = async (log: (line: string) => void = console.log): Promise<CostResult> => {
  log(
    `Cost per application: ${N} applications from the SMS code to the approval, DynamoDB units, SQS requests, SMS`,
  );
  const dynamo = await startDynamoDbLocal({});
  const fauxqs = await startFauxqs({ port: 0, logger: false });
  const region = 'us-east-1';
  const tallies = Object.fromEntries(PHASES.map((phase) => [phase, emptyTally()])) as Record<Phase, Tally>;
  let phase: Phase = 'code';
  const current = () => tallies[phase];
  const raw = new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials });
  const setup = new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials });
  const reader = documentClient(setup);
  instrumentDynamo(raw, current, async (key) => {
    const { Item } = await reader.send(new GetCommand({ TableName: TABLE, Key: key, ConsistentRead: true }));
    return Item;
  });
  const sqs = new SQSClient({ endpoint: fauxqs.address, region, credentials, useQueueUrlAsEndpoint: false });
  instrumentSqs(sqs, current);
  const setupSqs = new SQSClient({
    endpoint: fauxqs.address,
    region,
    credentials,
    useQueueUrlAsEndpoint: false,
  });
  try {
    await ensureTable(setup, TABLE);
    const review = await ensureQueue(setupSqs, 'review', 'cost-review', { visibilityTimeoutSeconds: 5 });
    const notifications = await ensureQueue(setupSqs, 'notifications', 'cost-notifications');
    const db = documentClient(raw);
    const key = randomBytes(32);
    const logger = new Logger({ serviceName: 'bench', logLevel: 'SILENT' });
    const outboxFile = join(mkdtempSync(join(tmpdir(), 'bench-cost-')), 'sms-outbox.jsonl');
    const outbox = outboxReader(outboxFile);
    const store = applicationStore(db, TABLE);
    const people = personStore(db, TABLE);
    const verifications = verificationStore(db, TABLE);
    // The production difficulty: solving costs the client, not the table.
    const challenge = createChallengeHandler({ hashKey: async () => key, logger });
    const verification = createVerificationHandler({
      verifications,
      limits: limitStore(db, TABLE),
      challenges: challengeStore(TABLE),
      sms: outboxSender(outboxFile, () => undefined),
      hashKey: async () => key,
      logger,
    });
    const intake = createIntakeHandler({
      store,
      people,
      verifications,
      queue: reviewQueue(sqs, review.url),
      notifications: notificationQueue(sqs, notifications.url),
      hashKey: async () => key,
      logger,
    });
    const screening = createScreeningHandler({
      store,
      people,
      notifications: notificationQueue(sqs, notifications.url),
      logger,
    });
    const reviewHandler = createReviewHandler({
      hashKey: async () => key,
      // The roster read happens once per container per half-minute: not part of an application's cost.
      roster: {
        get: async (identity) => ({
          staffId: 'bench',
          ...identity,
          displayName: 'bench-admin',
          role: 'admin',
          counties: '*',
          active: true,
          createdAt: '',
          updatedAt: '',
          updatedBy: 'bench',
          version: 1,
        }),
      },
      applications: store,
      people,
      review: reviewStore(db, TABLE),
      notifications: notificationQueue(sqs, notifications.url),
      outbox: notificationOutboxStore(db, TABLE),
      logger,
    });

    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const phone = `139${String(70_000_000 + i).padStart(8, '0')}`;
      const person = {
        phone,
        idNumber: idNumber(
          ZHAOYANG_REGION,
          `1990${String(1 + (i % 12)).padStart(2, '0')}1${i % 10}`,
          String(i).padStart(3, '0'),
        ),
      };
      phase = 'code';
      const got = await challenge(
        httpEvent({ method: 'GET', path: '/api/challenge', routeKey: 'GET /api/challenge' }),
        lambdaContext('challenge', 5),
      );
      const puzzle = asAltchaChallenge(JSON.parse(String((got as { body: string }).body)));
      if (!puzzle) throw new Error('no challenge');
      const asked = await verification(
        httpEvent({
          path: '/api/phone-verifications',
          routeKey: 'POST /api/phone-verifications',
          body: { phone, altcha: solveAltcha(puzzle) },
        }),
        lambdaContext('verification', 10),
      );
      const { verificationId } = JSON.parse(String((asked as { body: string }).body)) as {
        verificationId: string;
      };
      const code = outbox.latestTo(phone, 'verification')?.params.code;
      phase = 'apply';
      const applied = await intake(
        httpEvent({
          body: validApplicationBody({
            ...person,
            platforms: ['meituan', 'eleme'],
            verificationId,
            verificationCode: String(code),
          }),
          headers: { 'idempotency-key': `cost-${i}` },
        }),
        lambdaContext('intake', 10),
      );
      const body = JSON.parse(String((applied as { body: string }).body)) as { applicationId?: string };
      if (!body.applicationId)
        throw new Error(`application not accepted: ${(applied as { body: string }).body}`);
      ids.push(body.applicationId);
    }

    // Screening through the queue as Lambda's event source mapping does: batches of up to 10.
    phase = 'screen';
    const consumer = QUEUE_CONSUMERS.find((c) => c.function === 'screening');
    if (!consumer) throw new Error('no screening consumer');
    const poller = startSqsPoller({
      sqs,
      queueUrl: review.url,
      queueArn: review.arn,
      consumer: { ...consumer, maxConcurrency: 1 },
      handler: screening,
      context: () => lambdaContext('screening', 20),
    });
    // Watched with a client of its own: the bench's polling is not the product's cost.
    const watch = applicationStore(documentClient(setup), TABLE);
    for (let waited = 0; waited < 30_000; waited += 200) {
      const pending = await Promise.all(ids.map((id) => watch.get(id)));
      if (pending.every((a) => a?.status === 'pending_review')) break;
      await sleep(200);
    }
    await poller.stop();

    phase = 'approve';
    for (const applicationId of ids) {
      const event = httpEvent({
        routeKey: 'POST /api/review/applications/{id}/decision',
        path: `/api/review/applications/${applicationId}/decision`,
        pathParameters: { id: applicationId },
        body: { decision: 'approve' },
      });
      Object.assign(event.requestContext, {
        authorizer: { jwt: { claims: { sub: 'bench-admin', iss: 'urn:bench' }, scopes: null } },
      });
      const decided = (await reviewHandler(event, lambdaContext('review', 15))) as { statusCode: number };
      if (decided.statusCode !== 200) throw new Error(`approval failed: ${decided.statusCode}`);
    }

    // The minimum: every item the design keeps for these applications, written once at its size.
    const { Items = [] } = await documentClient(setup).send(new ScanCommand({ TableName: TABLE }));
    const kept = Items.filter((item) => !String(item.pk).startsWith('LIMIT#'));
    const minimumWrites = kept.reduce((sum, item) => sum + Math.max(1, Math.ceil(itemBytes(item) / 1024)), 0);
    const per = (value: number) => round(value / N, 2);
    const perPhase = Object.fromEntries(
      PHASES.map((name) => [
        name,
        {
          read: per(tallies[name].read),
          write: per(tallies[name].write),
          dynamoCalls: per(tallies[name].dynamoCalls),
          sqsRequests: per(tallies[name].sqsRequests),
        },
      ]),
    ) as Record<Phase, Tally>;
    const total = PHASES.reduce(
      (sum, name) => ({
        read: round(sum.read + perPhase[name].read, 2),
        write: round(sum.write + perPhase[name].write, 2),
        dynamoCalls: round(sum.dynamoCalls + perPhase[name].dynamoCalls, 2),
        sqsRequests: round(sum.sqsRequests + perPhase[name].sqsRequests, 2),
      }),
      emptyTally(),
    );
    const sms = per(outbox.all().length);
    const minimum = {
      write: per(minimumWrites),
      read: 0,
      // One send, and the application's share of one receive and one delete of a batch of ten.
      sqsRequests: 1.2,
      sms: 1,
      items: per(kept.length),
    };
    const result: CostResult = {
      applications: N,
      perApplication: { ...perPhase, total, sms },
      minimum,
      ratio: {
        write: round(total.write / minimum.write, 2),
        read: `${total.read} vs 0`,
        sqsRequests: round(total.sqsRequests / minimum.sqsRequests, 2),
      },
      notes: [
        'DynamoDB units: single-item calls and queries as DynamoDB Local reports them with ReturnConsumedCapacity=INDEXES (table and index writes); transactions computed from the items written, as DynamoDB prices them (2 WRU per KB per item, plus 1 per KB per index entry of the item afterwards), because DynamoDB Local reports a flat 2 for any transaction',
        'minimum: each item kept after approval (application, person, member, member-by-platform per platform, counters, verification, idempotency, audit) written once at its size outside a transaction, nothing read',
        `SQS: every request the functions and the event source mapping make (receives of up to ${consumer.batchSize}); empty receives while waiting are counted`,
        'two platforms per application (two member-by-platform items and two cell counters)',
      ],
    };
    for (const name of PHASES) {
      const t = perPhase[name];
      log(
        `  ${name.padEnd(7)} ${t.read} RRU, ${t.write} WRU, ${t.dynamoCalls} DynamoDB calls, ${t.sqsRequests} SQS requests`,
      );
    }
    log(
      `  total   ${total.read} RRU, ${total.write} WRU, ${total.sqsRequests} SQS requests, ${sms} SMS per application; ` +
        `minimum ${minimum.write} WRU (${minimum.items} items), 0 RRU, ${minimum.sqsRequests} SQS requests, 1 SMS`,
    );
    return result;
  } finally {
    raw.destroy();
    setup.destroy();
    sqs.destroy();
    setupSqs.destroy();
    await fauxqs.stop();
    await dynamo.stop();
  }
};
