/**
 * The whole workflow on one machine: DynamoDB Local, the fauxqs SQS emulator, the HTTP gateway, the
 * SQS pollers and the schedules, wired from shared/wiring.ts exactly as the CDK stack is.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { onDynamoClient } from '../shared/runtime/clients';
import {
  DEFAULT_SWEEP_AFTER_SECONDS,
  ENV,
  FUNCTIONS,
  type FunctionName,
  QUEUE_CONSUMERS,
  QUEUES,
  type QueueName,
  SCHEDULES,
} from '../shared/wiring';
import { startDynamoDbLocal } from './dynamodb-local';
import { removeLocalEndpoints, writeLocalEndpoints } from './endpoints';
import { type HttpHandler, startGateway } from './gateway';
import { type LoadedHandlers, loadHandlerInstance, loadHandlers } from './handlers';
import { lambdaContext } from './lambda-context';
import { localTokenVerifier } from './local-issuer';
import { createLocalOidcProvider } from './oidc/provider';
import { ensureQueue, ensureTable, type QueueOverrides, type QueueUrls, TABLE_NAME } from './resources';
import { startSchedules } from './scheduler';
import { type SqsHandler, startSqsPoller } from './sqs-poller';
import { currentFunction, enforceTableGrants, invokedAs } from './table-access';

export interface LocalStackOptions {
  dataDir: string;
  port: number;
  host?: string;
  sweepAfterSeconds?: number;
  /** The built web pages to serve (web/dist); none when absent. */
  webRoot?: string;
  queueOverrides?: QueueOverrides;
  /** fauxqs's port (default: any free port). */
  sqsPort?: number;
  /** Where the stack's own clients send SQS calls (default: fauxqs itself); the fault suite puts a proxy here. */
  sqsClientEndpoint?: string;
  /** Replaces the sweep-submitted schedule's cron locally (croner syntax; six fields give seconds). */
  sweepCron?: string;
  /** A lower proof-of-work difficulty than ALTCHA_MAX_NUMBER, for load tests (LOCAL_ALTCHA_MAX_NUMBER). */
  altchaMaxNumber?: number;
  /**
   * How long each function trusts what it read from the staff roster (ROSTER_CACHE_SECONDS, default 30):
   * the browser tests shorten it so a deactivation shows within seconds.
   */
  rosterCacheSeconds?: number;
  log?: (message: string, details?: Record<string, unknown>) => void;
}

export interface LocalStack {
  url: string;
  /** The local OpenID provider's issuer (`<url>/oidc`). */
  oidcIssuer: string;
  dynamoEndpoint: string;
  sqsEndpoint: string;
  reviewQueueUrl: string;
  deadLetterQueueUrl: string;
  notificationQueueUrl: string;
  notificationDeadLetterQueueUrl: string;
  tableName: string;
  /** Where the SMS outbox is (docs/architecture.md §11): one JSON object per line, as sent. */
  smsOutboxFile: string;
  stop(): Promise<void>;
}

export { TABLE_NAME };
export const REVIEW_QUEUE_NAME = 'review';
/** Each declared queue's name on the emulator (its dead-letter queue is `<name>-dlq`). */
export const LOCAL_QUEUE_NAMES: Record<QueueName, string> = {
  review: REVIEW_QUEUE_NAME,
  notifications: 'notifications',
};
export const SMS_OUTBOX_FILE = 'sms-outbox.jsonl';
const QUEUE_URL_ENV: Record<QueueName, string> = {
  review: ENV.reviewQueueUrl,
  notifications: ENV.notificationQueueUrl,
};
export const REGION = 'us-east-1';

/** The HMAC key file for ID hashes: made once per data folder, readable by its owner only. */
export const ensureHashKeyFile = (dataDir: string): string => {
  const path = join(dataDir, 'hash.key');
  if (!existsSync(path)) writeFileSync(path, randomBytes(32).toString('hex'), { mode: 0o600 });
  return path;
};

const functionContext = (name: FunctionName) => lambdaContext(name, FUNCTIONS[name].timeoutSeconds);

/** Each handler, its invocations (and the table calls made in them) known as its function's. */
const invokedAsDeclared = (handlers: LoadedHandlers): LoadedHandlers =>
  Object.fromEntries(
    Object.entries(handlers).map(([name, handler]) => [
      name,
      invokedAs(name as FunctionName, handler as (...args: unknown[]) => unknown),
    ]),
  ) as LoadedHandlers;

export const startLocalStack = async (options: LocalStackOptions): Promise<LocalStack> => {
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir);
  mkdirSync(join(dataDir, 'dynamodb'), { recursive: true });
  const hashKeyFile = ensureHashKeyFile(dataDir);

  // The issuer is the stack's own address, so the port is settled before any function reads it.
  const port = options.port || (await freePort(options.host ?? '127.0.0.1'));
  const host = options.host && options.host !== '127.0.0.1' ? options.host : 'localhost';
  const url = `http://${host}:${port}`;
  const identity = createLocalOidcProvider({ origin: url, dataDir });

  const [dynamo, fauxqs] = await Promise.all([
    startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') }),
    startFauxqs({ port: options.sqsPort ?? 0, logger: false }),
  ]);
  const stops: Array<() => Promise<void> | void> = [() => dynamo.stop(), () => fauxqs.stop()];
  let ready = false;

  try {
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    const sqsEndpoint = options.sqsClientEndpoint ?? fauxqs.address;
    Object.assign(process.env, {
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SQS: sqsEndpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      [ENV.tableName]: TABLE_NAME,
      [ENV.hashKeyFile]: hashKeyFile,
      [ENV.sweepAfterSeconds]: String(options.sweepAfterSeconds ?? DEFAULT_SWEEP_AFTER_SECONDS),
      [ENV.smsProvider]: 'outbox',
      [ENV.smsOutboxFile]: join(dataDir, SMS_OUTBOX_FILE),
      [ENV.staffIssuer]: identity.issuer,
      // CloudWatch reads the metrics' EMF lines on AWS; here they would only bury the logs. Set
      // POWERTOOLS_METRICS_DISABLED=false to see them.
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED || 'true',
      // What Lambda sets: Powertools then marks each function's first invocation as its cold start.
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    });
    if (options.rosterCacheSeconds !== undefined)
      process.env[ENV.rosterCacheSeconds] = String(options.rosterCacheSeconds);
    // The challenge function's difficulty is lowered only through this option, never inherited.
    if (options.altchaMaxNumber === undefined) delete process.env[ENV.altchaMaxNumber];
    else process.env[ENV.altchaMaxNumber] = String(options.altchaMaxNumber);
    const dynamoClient = new DynamoDBClient({ endpoint: dynamo.endpoint, region: REGION, credentials });
    const sqs = new SQSClient({
      endpoint: sqsEndpoint,
      region: REGION,
      credentials,
      useQueueUrlAsEndpoint: false,
    });
    stops.push(() => {
      dynamoClient.destroy();
      sqs.destroy();
    });
    await ensureTable(dynamoClient, TABLE_NAME);
    const queues = {} as Record<QueueName, QueueUrls>;
    for (const name of Object.keys(QUEUES) as QueueName[]) {
      queues[name] = await ensureQueue(sqs, name, LOCAL_QUEUE_NAMES[name], options.queueOverrides);
      process.env[QUEUE_URL_ENV[name]] = queues[name].url;
    }

    // Every call a function makes to the table is checked against its grants, as IAM checks them on AWS
    // (local/table-access.ts): the functions run in this one process, so the invocation in progress says
    // whose call it is. A refusal is logged as well as thrown, in case the function's code catches it.
    stops.push(
      onDynamoClient((client) =>
        enforceTableGrants(client, {
          tableName: TABLE_NAME,
          functionName: currentFunction,
          onDenied: (denial) =>
            log('table access denied', { function: denial.functionName, error: denial.message }),
        }),
      ),
    );
    const handlers = invokedAsDeclared(await loadHandlers());
    // What a deployment runs first (a CDK trigger): the data migrations, each once per table.
    const migrated = await handlers.migrate(undefined, functionContext('migrate'));
    const changed = migrated.migrations.filter((m) => m.status === 'done' && m.changed > 0);
    if (changed.length > 0) log('data migrations applied', { migrations: changed });
    for (const consumer of QUEUE_CONSUMERS) {
      const queue = queues[consumer.queue];
      // Lambda never gives an execution environment a second event while it handles one: each of the
      // mapping's maxConcurrency concurrent invocations runs in its own instance of the function's
      // module (module-level state such as the batch processor is not shared between them).
      for (let environment = 0; environment < consumer.maxConcurrency; environment++) {
        const handler =
          environment === 0
            ? handlers[consumer.function]
            : invokedAs(
                consumer.function,
                (await loadHandlerInstance(consumer.function, environment)) as SqsHandler,
              );
        const poller = startSqsPoller({
          sqs,
          queueUrl: queue.url,
          queueArn: queue.arn,
          consumer: { ...consumer, maxConcurrency: 1 },
          handler: handler as SqsHandler,
          context: () => functionContext(consumer.function),
          onError: (error) =>
            log('poller error', { error: error instanceof Error ? error.message : String(error) }),
        });
        stops.unshift(() => poller.stop());
      }
    }
    const schedules = startSchedules(
      SCHEDULES.map((s) =>
        s.name === 'sweep-submitted' && options.sweepCron ? { ...s, cron: options.sweepCron } : s,
      ),
      (schedule) => {
        const handler = handlers[schedule.function] as (event: unknown, context: unknown) => Promise<unknown>;
        return handler(schedule.input, functionContext(schedule.function));
      },
      (schedule, error) => log('schedule failed', { schedule: schedule.name, error: String(error) }),
    );
    stops.unshift(() => schedules.stop());

    // The emulated queue lives in memory: whatever it held before a restart is gone, so everything
    // still `submitted` is enqueued again now rather than at the sweeper's next run.
    const recovered = await handlers.sweeper({ olderThanSeconds: 0 }, functionContext('sweeper'));
    if (recovered.found > 0) log('re-enqueued applications left submitted', { ...recovered });

    const server: Server = await startGateway({
      port,
      ...(options.host ? { host: options.host } : {}),
      handlers: handlers as unknown as Record<string, HttpHandler>,
      context: functionContext,
      isReady: () => ready,
      verifyToken: await localTokenVerifier(dataDir, identity.issuer),
      localIdentity: identity,
      connectSources: identity.origins,
      ...(options.webRoot ? { webRoot: options.webRoot } : {}),
      log,
    });
    stops.unshift(
      () =>
        new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
    );
    ready = true;
    const stack = {
      url,
      oidcIssuer: identity.issuer,
      dynamoEndpoint: dynamo.endpoint,
      sqsEndpoint: fauxqs.address,
      reviewQueueUrl: queues.review.url,
      deadLetterQueueUrl: queues.review.deadLetterUrl,
      notificationQueueUrl: queues.notifications.url,
      notificationDeadLetterQueueUrl: queues.notifications.deadLetterUrl,
      tableName: TABLE_NAME,
      smsOutboxFile: join(dataDir, SMS_OUTBOX_FILE),
    };
    writeLocalEndpoints(dataDir, { pid: process.pid, region: REGION, ...stack });
    stops.unshift(() => removeLocalEndpoints(dataDir));
    return { ...stack, stop: () => stopAll(stops) };
  } catch (error) {
    await stopAll(stops);
    throw error;
  }
};

const freePort = (host: string): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      probe.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });

const stopAll = async (stops: Array<() => Promise<void> | void>): Promise<void> => {
  for (const stop of stops.splice(0)) {
    try {
      await stop();
    } catch {
      // keep stopping the rest
    }
  }
};
