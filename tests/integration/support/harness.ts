/**
 * Real clients against the emulators started by global-setup, a fresh table and queue per harness,
 * and the handlers wired to them exactly as their Lambda entry points wire them.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { inject } from 'vitest';
import { createChallengeHandler } from '../../../functions/challenge/challenge';
import { createIntakeHandler } from '../../../functions/intake/intake';
import { createNotifyHandler } from '../../../functions/notify/notify';
import { createScreeningHandler } from '../../../functions/screening/screening';
import { createStatusHandler } from '../../../functions/status/status';
import { createSweeperHandler } from '../../../functions/sweeper/sweeper';
import { createVerificationHandler } from '../../../functions/verification/verification';
import { lambdaContext } from '../../../local/lambda-context';
import { ensureQueue, ensureTable, type QueueOverrides } from '../../../local/resources';
import { type Poller, startSqsPoller } from '../../../local/sqs-poller';
import { enforceTableGrants, type TableAccessDenied } from '../../../local/table-access';
import { type AltchaChallenge, asAltchaChallenge } from '../../../shared/domain/altcha';
import type { LimitRule } from '../../../shared/domain/limits';
import { normalisePhone } from '../../../shared/domain/phone';
import type { HttpEvent } from '../../../shared/http/types';
import { notificationQueue } from '../../../shared/queue/notifications';
import { reviewQueue } from '../../../shared/queue/review-queue';
import { documentClient } from '../../../shared/runtime/clients';
import { outboxSender } from '../../../shared/sms/outbox';
import type { SmsSender } from '../../../shared/sms/sender';
import { applicationStore } from '../../../shared/storage/applications';
import { challengeStore } from '../../../shared/storage/challenges';
import { erasureStore } from '../../../shared/storage/erasure';
import { NOTIFICATIONS_SENT_PARTITION } from '../../../shared/storage/keys';
import { limitStore } from '../../../shared/storage/limits';
import { notificationOutboxStore } from '../../../shared/storage/notification-outbox';
import { personStore } from '../../../shared/storage/people';
import { recipientStore } from '../../../shared/storage/recipients';
import { verificationStore } from '../../../shared/storage/verifications';
import { type FunctionName, QUEUE_CONSUMERS, TABLE } from '../../../shared/wiring';
import { solveAltcha } from '../../support/altcha';
import { checkAnswer } from '../../support/api-contract';
import { UNPROVEN } from '../../support/applications';
import { type HttpEventParts, httpEvent } from '../../support/events';
import { outboxReader } from '../../support/sms-outbox';

export const region = 'us-east-1';
export const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Record<string, unknown> & { fields?: Record<string, string> };
}

/** The handler's answer to `event`, checked against the API description (tests/support/api-contract.ts). */
const asResponse = (result: unknown, event: HttpEvent): HttpResponse => {
  const r = result as APIGatewayProxyStructuredResultV2;
  const response = {
    statusCode: r.statusCode ?? 0,
    headers: (r.headers ?? {}) as Record<string, string>,
    body: r.body ? JSON.parse(r.body) : {},
  };
  const [method = '', path = ''] = event.routeKey.split(' ');
  checkAnswer(method, path, {
    status: response.statusCode,
    headers: response.headers,
    body: r.body ? response.body : undefined,
  });
  return response;
};

/**
 * The proof-of-work difficulty the harness's challenge handler is given (a dependency of the handler,
 * like its clock): low, so that the many tests that ask for codes solve in well under a millisecond.
 * The production difficulty (ALTCHA_MAX_NUMBER) is what the deployed handler uses; tests/unit and
 * tests/integration/challenge.test.ts check that.
 */
export const HARNESS_ALTCHA_MAX_NUMBER = 1_000;

export interface HarnessOptions {
  queue?: QueueOverrides;
  /**
   * The per-phone limits on codes. None by default: tests reuse phones freely; the limit tests pass
   * the real ones (shared/domain/limits.ts).
   */
  phoneLimits?: readonly LimitRule[];
  /** Per client address on codes, and per (ID number, address) on applications: none by default either. */
  addressLimits?: readonly LimitRule[];
  idLimits?: readonly LimitRule[];
  /** The SMS provider (default: an outbox file in a temporary folder, as the local stack has). */
  sms?: SmsSender;
  now?: () => Date;
  /** The challenge handler's difficulty. @default HARNESS_ALTCHA_MAX_NUMBER */
  altchaMaxNumber?: number;
  /** A queue URL that refuses everything, to simulate the queue being down for intake. */
  brokenQueueForIntake?: boolean;
  /**
   * Makes each function's DynamoDB client (to inject faults); the harness adds the IAM check to each.
   * The harness's own client (`db`, `store`… for the tests' reads and seeding) is a plain one.
   */
  dynamoClient?: () => DynamoDBClient;
}

export const createHarness = async (options: HarnessOptions = {}) => {
  const dynamoEndpoint = inject('dynamoEndpoint');
  const sqsEndpoint = inject('sqsEndpoint');
  const dynamo = new DynamoDBClient({ endpoint: dynamoEndpoint, region, credentials });
  const db = documentClient(dynamo);
  const sqs = new SQSClient({ endpoint: sqsEndpoint, region, credentials, useQueueUrlAsEndpoint: false });
  const tableName = `applications-${randomUUID()}`;
  await ensureTable(dynamo, tableName);

  /**
   * Each function's own DynamoDB client, every call checked against the function's grants in
   * shared/wiring.ts as IAM checks them on AWS (local/table-access.ts). A refusal is also recorded, and
   * `close` fails with it, in case the function's code catches it.
   */
  const denials: TableAccessDenied[] = [];
  const functionClients = new Map<FunctionName, { dynamo: DynamoDBClient; db: DynamoDBDocumentClient }>();
  const clientOf = (name: FunctionName) => {
    let clients = functionClients.get(name);
    if (!clients) {
      const client =
        options.dynamoClient?.() ?? new DynamoDBClient({ endpoint: dynamoEndpoint, region, credentials });
      enforceTableGrants(client, {
        tableName,
        functionName: () => name,
        onDenied: (denial) => denials.push(denial),
      });
      clients = { dynamo: client, db: documentClient(client) };
      functionClients.set(name, clients);
    }
    return clients;
  };
  /** The DocumentClient of one function: only what its grants allow. */
  const dbFor = (name: FunctionName) => clientOf(name).db;
  const queue = await ensureQueue(
    sqs,
    'review',
    `review-${randomUUID()}`,
    options.queue ?? { visibilityTimeoutSeconds: 1 },
  );
  const notificationsQueue = await ensureQueue(sqs, 'notifications', `notifications-${randomUUID()}`, {
    visibilityTimeoutSeconds: 1,
  });
  const outboxFile = join(mkdtempSync(join(tmpdir(), 'sms-')), 'sms-outbox.jsonl');
  const outbox = outboxReader(outboxFile);
  const sms = options.sms ?? outboxSender(outboxFile, () => undefined);
  const key = randomBytes(32);
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  // The tests' own view of the table (their reads and seeding are no function's).
  const store = applicationStore(db, tableName);
  const people = personStore(db, tableName);
  const verifications = verificationStore(db, tableName);
  const notifications = notificationQueue(sqs, notificationsQueue.url);
  /** The notifications queue as a function sees it while SQS refuses connections. */
  const brokenNotifications = notificationQueue(
    new SQSClient({
      endpoint: 'http://127.0.0.1:9',
      region,
      credentials,
      maxAttempts: 1,
      useQueueUrlAsEndpoint: false,
    }),
    notificationsQueue.url,
  );
  const now = options.now;
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

  const challenge = createChallengeHandler({
    hashKey: async () => key,
    logger,
    maxNumber: options.altchaMaxNumber ?? HARNESS_ALTCHA_MAX_NUMBER,
    ...(now ? { now } : {}),
  });
  const verification = createVerificationHandler({
    verifications: verificationStore(dbFor('verification'), tableName),
    limits: limitStore(dbFor('verification'), tableName),
    challenges: challengeStore(tableName),
    phoneLimits: options.phoneLimits ?? [],
    addressLimits: options.addressLimits ?? [],
    sms,
    hashKey: async () => key,
    logger,
    ...(now ? { now } : {}),
  });
  const intake = createIntakeHandler({
    idLimits: options.idLimits ?? [],
    store: applicationStore(dbFor('intake'), tableName),
    people: personStore(dbFor('intake'), tableName),
    verifications: verificationStore(dbFor('intake'), tableName),
    queue: queueForIntake,
    notifications,
    hashKey: async () => key,
    logger,
    ...(now ? { now } : {}),
  });
  const status = createStatusHandler({ store: applicationStore(dbFor('status'), tableName), logger });
  const screening = createScreeningHandler({
    store: applicationStore(dbFor('screening'), tableName),
    people: personStore(dbFor('screening'), tableName),
    notifications,
    logger,
  });
  const notify = createNotifyHandler({
    recipients: recipientStore(dbFor('notify'), tableName),
    sms,
    persistence: new DynamoDBPersistenceLayer({
      tableName,
      keyAttr: TABLE.partitionKey,
      sortKeyAttr: TABLE.sortKey,
      staticPkValue: NOTIFICATIONS_SENT_PARTITION,
      expiryAttr: TABLE.ttlAttribute,
      awsSdkV3Client: clientOf('notify').dynamo,
    }),
    logger,
  });
  const sweeper = createSweeperHandler({
    store: applicationStore(dbFor('sweeper'), tableName),
    queue: reviewQueue(sqs, queue.url),
    notifications,
    outbox: notificationOutboxStore(dbFor('sweeper'), tableName),
    erasure: erasureStore(dbFor('sweeper'), tableName),
    logger,
    sweepAfterSeconds: 120,
  });
  const pollers: Poller[] = [];
  const consumer = QUEUE_CONSUMERS.find((c) => c.function === 'screening');
  if (!consumer) throw new Error('no screening consumer declared');

  /** Every application body sent to intake, exactly as sent (the privacy attack hashes them). */
  const sentBodies: string[] = [];

  /** GET /api/challenge. */
  const getChallenge = async (headers: Record<string, string> = {}) => {
    const event = httpEvent({
      method: 'GET',
      path: '/api/challenge',
      routeKey: 'GET /api/challenge',
      headers,
    });
    return asResponse(await challenge(event, lambdaContext('challenge', 5)), event);
  };

  /** A new challenge from GET /api/challenge, as the form gets it. */
  const newChallenge = async (): Promise<AltchaChallenge> => {
    const response = await getChallenge();
    const got = asAltchaChallenge(response.body);
    if (response.statusCode !== 200 || !got)
      throw new Error(`GET /api/challenge answered ${response.statusCode}: ${JSON.stringify(response.body)}`);
    return got;
  };

  /** A new challenge, solved: the `altcha` field of a code request. */
  const solvedAltcha = async (): Promise<string> => solveAltcha(await newChallenge());

  /**
   * POST /api/phone-verifications. A body (an object) without an `altcha` field gets a challenge
   * solved for it first, as the form does, unless `solve: false`.
   */
  const requestCode = async (
    body: unknown,
    headers: Record<string, string> = {},
    options: { solve?: boolean } = {},
  ) => {
    const needsAltcha =
      options.solve !== false &&
      typeof body === 'object' &&
      body !== null &&
      !Array.isArray(body) &&
      !('altcha' in body);
    const sent = needsAltcha ? { ...body, altcha: await solvedAltcha() } : body;
    const event = httpEvent({
      path: '/api/phone-verifications',
      routeKey: 'POST /api/phone-verifications',
      body: sent as object,
      headers,
    });
    return asResponse(await verification(event, lambdaContext('verification', 10)), event);
  };

  /** A code for `phone` (any accepted spelling), as the worker reads it from the SMS. */
  const provePhone = async (phone: string) => {
    const response = await requestCode({ phone });
    if (response.statusCode !== 202) throw new Error(`code request failed: ${JSON.stringify(response.body)}`);
    const sent = outbox.latestTo(normalisePhone(phone) ?? phone, 'verification');
    if (!sent) throw new Error('no code in the outbox');
    return {
      verificationId: String(response.body.verificationId),
      verificationCode: String(sent.params.code),
    };
  };

  return {
    tableName,
    queue,
    notificationsQueue,
    sqs,
    db,
    dbFor,
    /** One function's DynamoDB client (its calls checked against its grants). */
    dynamoFor: (name: FunctionName) => clientOf(name).dynamo,
    /** Every call a grant refused so far. */
    denials,
    store,
    people,
    verifications,
    key,
    screening,
    sweeper,
    intake,
    verification,
    challenge,
    notify,
    notifications,
    brokenNotifications,
    outbox,
    outboxFile,
    statusHandler: status,
    sentBodies,
    getChallenge,
    newChallenge,
    solvedAltcha,
    requestCode,
    provePhone,
    /**
     * Submits an application. A body carrying the UNPROVEN placeholder (as `validApplicationBody` makes
     * them) has its phone proven first, through the verification handler and the outbox as a worker
     * does, unless `prove: false`; a phone that is not a mobile number keeps the placeholder.
     */
    async submit(
      body: unknown,
      headers: Record<string, string> = {},
      parts: HttpEventParts = {},
      options: { prove?: boolean } = {},
    ) {
      let sent = body;
      const fields = body as Record<string, unknown> | null;
      const needsProof =
        options.prove !== false &&
        typeof fields === 'object' &&
        fields !== null &&
        fields.verificationId === UNPROVEN.verificationId;
      const phone = needsProof && typeof fields.phone === 'string' ? normalisePhone(fields.phone) : null;
      if (phone) sent = { ...fields, ...(await provePhone(phone)) };
      const event = httpEvent({ body: sent as object, headers, ...parts });
      if (event.body !== undefined) sentBodies.push(event.body);
      return asResponse(await intake(event, lambdaContext('intake', 10)), event);
    },
    async status(applicationId: string, token?: string) {
      const event = httpEvent({
        method: 'GET',
        path: `/api/applications/${applicationId}`,
        routeKey: 'GET /api/applications/{id}',
        pathParameters: { id: applicationId },
        headers: token === undefined ? {} : { 'x-status-token': token },
      });
      return asResponse(await status(event, lambdaContext('status', 5)), event);
    },
    /** Every item in the table, as stored (every page). */
    async scan(): Promise<Record<string, unknown>[]> {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }),
        );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    },
    /** Delivers what the notifications queue holds to the notify function (as the poller would), once. */
    async drainNotifications() {
      const poller = startSqsPoller({
        sqs,
        queueUrl: notificationsQueue.url,
        queueArn: notificationsQueue.arn,
        consumer: { ...consumer, queue: 'notifications', function: 'notify' },
        handler: notify,
        context: () => lambdaContext('notify', 20),
      });
      await new Promise((r) => setTimeout(r, 1500));
      await poller.stop();
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
      for (const clients of functionClients.values()) clients.dynamo.destroy();
      sqs.destroy();
      if (denials.length > 0) {
        throw new Error(
          `the functions made calls their grants (shared/wiring.ts) do not allow:\n${denials.map((d) => d.message).join('\n')}`,
        );
      }
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
