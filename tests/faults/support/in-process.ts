/**
 * The handlers wired in this process against the emulators of the suite's global setup — for the
 * faults a running `npm start` cannot show: injected DynamoDB throttling (a client middleware; the
 * one mock the suite allows) and ten thousand fuzzed requests at handler speed. Same building blocks
 * as the local stack (gateway, poller, table and queue from the wiring), with the functions' own
 * Powertools loggers, whose output is captured for the privacy sweep. The verification handler sends
 * its SMS to an outbox file in the suite's in-process folder, registered for the suite's `submit`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import { createChallengeHandler } from '../../../functions/challenge/challenge';
import { createIntakeHandler } from '../../../functions/intake/intake';
import { createReviewHandler } from '../../../functions/review/review';
import { createScreeningHandler } from '../../../functions/screening/screening';
import { createStatusHandler } from '../../../functions/status/status';
import { createVerificationHandler } from '../../../functions/verification/verification';
import { enrol } from '../../../local/enrol';
import { type HttpHandler, startGateway } from '../../../local/gateway';
import { lambdaContext } from '../../../local/lambda-context';
import {
  localIssuerOf,
  localTokenVerifier,
  signLocalToken,
  type TokenRequest,
} from '../../../local/local-issuer';
import { freePort } from '../../../local/ports';
import { ensureQueue, ensureTable } from '../../../local/resources';
import { type Poller, startSqsPoller } from '../../../local/sqs-poller';
import { notificationQueue } from '../../../shared/queue/notifications';
import { reviewQueue } from '../../../shared/queue/review-queue';
import { documentClient } from '../../../shared/runtime/clients';
import { createLogger } from '../../../shared/runtime/logger';
import { outboxSender } from '../../../shared/sms/outbox';
import { applicationStore } from '../../../shared/storage/applications';
import { challengeStore } from '../../../shared/storage/challenges';
import { limitStore } from '../../../shared/storage/limits';
import { notificationOutboxStore } from '../../../shared/storage/notification-outbox';
import { personStore } from '../../../shared/storage/people';
import { reviewStore } from '../../../shared/storage/review';
import { rosterStore } from '../../../shared/storage/staff';
import { verificationStore } from '../../../shared/storage/verifications';
import { FUNCTIONS, QUEUE_CONSUMERS } from '../../../shared/wiring';
import { outboxReader } from '../../support/sms-outbox';
import { FAULTS_ALTCHA_MAX_NUMBER, registerOutbox, saveLog, suiteRoot } from './suite';

const region = 'us-east-1';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** A DynamoDB client for the suite's DynamoDB Local (optionally with fault-injecting middleware added by the caller). */
export const emulatorDynamo = () =>
  new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region, credentials });

/**
 * Collects the JSON log lines the functions' loggers write while it is on (Powertools writes through
 * a Console bound to process.stdout and process.stderr — warnings and errors go to stderr) instead of
 * printing them; saved under `name` for the privacy sweep.
 */
export const captureLogs = (name: string) => {
  const lines: string[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  for (const [i, stream] of streams.entries()) {
    const original = (originals[i] as typeof stream.write).bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      if (!text.startsWith('{"level"')) return original(chunk, ...rest);
      lines.push(...text.split('\n').filter(Boolean));
      return true;
    }) as typeof stream.write;
  }
  return {
    lines: () => lines,
    stop: () => {
      for (const [i, stream] of streams.entries()) stream.write = originals[i] as typeof stream.write;
      saveLog(`in-process-${name}`, lines.join('\n'));
    },
  };
};

export interface InProcessOptions {
  name: string;
  /** The client the handlers use (fault-injecting or not); setup and checks use a clean one. */
  dynamo: DynamoDBClient;
  poller?: boolean;
  /** The review queue's; at least a few times the slowest screening (throttling backoff takes seconds). */
  visibilityTimeoutSeconds?: number;
}

export const startInProcess = async (options: InProcessOptions) => {
  const clean = emulatorDynamo();
  const sqs = new SQSClient({
    endpoint: inject('sqsEndpoint'),
    region,
    credentials,
    useQueueUrlAsEndpoint: false,
  });
  const tableName = `faults-${options.name}-${randomUUID()}`;
  await ensureTable(clean, tableName);
  const queue = await ensureQueue(sqs, 'review', `faults-${options.name}-${randomUUID()}`, {
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 10,
  });
  const notificationsQueue = await ensureQueue(
    sqs,
    'notifications',
    `faults-${options.name}-n-${randomUUID()}`,
  );
  const db = documentClient(options.dynamo);
  const store = applicationStore(db, tableName);
  const people = personStore(db, tableName);
  const verifications = verificationStore(db, tableName);
  const notifications = notificationQueue(sqs, notificationsQueue.url);
  const key = randomBytes(32);
  const folder = join(suiteRoot(), 'in-process', options.name);
  mkdirSync(folder, { recursive: true });
  const outboxFile = join(folder, 'sms-outbox.jsonl');
  const challenge = createChallengeHandler({
    hashKey: async () => key,
    maxNumber: FAULTS_ALTCHA_MAX_NUMBER,
    logger: createLogger('challenge'),
  });
  const verification = createVerificationHandler({
    verifications,
    limits: limitStore(db, tableName),
    challenges: challengeStore(tableName),
    sms: outboxSender(outboxFile, () => undefined),
    hashKey: async () => key,
    logger: createLogger('verification'),
  });
  const intake = createIntakeHandler({
    // Everything comes from this machine's one address; the fuzz's regulars come back more often than
    // the per-(ID number, address) limit allows, which is tested on its own (tests/integration/limits).
    idLimits: [],
    store,
    people,
    verifications,
    queue: reviewQueue(sqs, queue.url),
    notifications,
    hashKey: async () => key,
    logger: createLogger('intake'),
  });
  const review = createReviewHandler({
    hashKey: async () => key,
    roster: rosterStore(db, tableName),
    applications: store,
    people,
    review: reviewStore(db, tableName),
    notifications,
    outbox: notificationOutboxStore(db, tableName),
    logger: createLogger('review'),
  });
  const status = createStatusHandler({ store, logger: createLogger('status') });

  const issuerDir = folder;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const issuer = localIssuerOf(url);
  const server: Server = await startGateway({
    port,
    handlers: { challenge, verification, intake, review, status } as unknown as Record<string, HttpHandler>,
    context: (name) => lambdaContext(name, FUNCTIONS[name].timeoutSeconds),
    isReady: () => true,
    verifyToken: await localTokenVerifier(issuerDir, issuer),
    log: () => undefined,
  });
  // As on Lambda (and in the local stack): each of the mapping's concurrent invocations has an
  // execution environment — a handler instance — of its own.
  const pollers: Poller[] = [];
  const consumer = QUEUE_CONSUMERS.find((c) => c.function === 'screening');
  for (
    let environment = 0;
    options.poller && consumer && environment < consumer.maxConcurrency;
    environment++
  ) {
    pollers.push(
      startSqsPoller({
        sqs,
        queueUrl: queue.url,
        queueArn: queue.arn,
        consumer: { ...consumer, maxConcurrency: 1 },
        handler: createScreeningHandler({ store, people, notifications, logger: createLogger('screening') }),
        context: () => lambdaContext('screening', FUNCTIONS.screening.timeoutSeconds),
      }),
    );
  }
  registerOutbox(url, outboxFile);
  return {
    url,
    tableName,
    queue,
    sqs,
    intake,
    verification,
    /** The SMS outbox (kept on disk under the suite's in-process folder, like a DATA_DIR's). */
    outboxFile,
    outbox: outboxReader(outboxFile),
    /** The keyed hashes' key (as DATA_DIR/hash.key is for npm start). */
    hashKey: key as Uint8Array,
    /** DocumentClient without injected faults, for checks. */
    db: documentClient(clean),
    token: async (request: TokenRequest) => {
      await enrol(documentClient(clean), tableName, request, issuer);
      return signLocalToken(issuerDir, request, issuer);
    },
    async close() {
      await Promise.all(pollers.map((poller) => poller.stop()));
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      clean.destroy();
      sqs.destroy();
    },
  };
};
