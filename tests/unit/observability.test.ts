/**
 * What every function's chain adds (shared/runtime/observability.ts): the Lambda context on each log
 * line, and the invocation's metrics flushed as CloudWatch EMF — read here from stdout, as CloudWatch
 * reads them. The intake runs over in-memory stand-ins for its stores.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIntakeHandler } from '../../functions/intake/intake';
import { createStatusHandler } from '../../functions/status/status';
import { lambdaContext } from '../../local/lambda-context';
import { noPerson } from '../../shared/domain/person';
import type { VerificationRecord } from '../../shared/domain/verification';
import { lazyHasher } from '../../shared/privacy/hashing';
import { countBy, createMetrics, METRIC, METRICS_NAMESPACE } from '../../shared/runtime/metrics';
import type { ApplicationStore } from '../../shared/storage/applications';
import type { PersonStore } from '../../shared/storage/people';
import type { VerificationStore } from '../../shared/storage/verifications';
import { validApplicationBody } from '../support/applications';
import { httpEvent } from '../support/events';

let printed: string[] = [];

beforeEach(() => {
  printed = [];
  // On AWS, CloudWatch is what reads stdout; locally the stack turns metrics off.
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', undefined);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    printed.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const jsonLines = () =>
  printed
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

interface EmfLine {
  _aws: {
    CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }>;
  };
  [key: string]: unknown;
}
const emfLines = () => jsonLines().filter((line): line is EmfLine => '_aws' in line);
const metricNames = (line: EmfLine) =>
  line._aws.CloudWatchMetrics.flatMap((m) => m.Metrics.map((x) => x.Name));

const KEY = new Uint8Array(32).fill(7);

/** The intake over stand-ins: one proven code for the body's phone, nobody known yet, every write accepted. */
const intakeOverStandIns = async (body = validApplicationBody()) => {
  const hashes = await lazyHasher(async () => KEY)();
  const now = new Date();
  const { verificationId = '', verificationCode = '' } = body;
  const code: VerificationRecord = {
    verificationId,
    phoneHash: hashes.phoneHash(body.phone),
    codeHash: hashes.verificationCodeHash(verificationId, verificationCode),
    createdAt: now.toISOString(),
    validUntil: new Date(now.getTime() + 300_000).toISOString(),
    attempts: 0,
  };
  const logger = new Logger({ serviceName: 'intake' });
  const handler = createIntakeHandler({
    store: { create: async () => undefined } as unknown as ApplicationStore,
    people: {
      get: async (idHash: string) => ({ ...noPerson(idHash), stored: false }),
    } as unknown as PersonStore,
    verifications: { get: async () => code } as unknown as VerificationStore,
    queue: { send: async () => undefined, sendMany: async () => 0 },
    notifications: { send: async () => undefined },
    hashKey: async () => KEY,
    logger,
    metrics: createMetrics('intake', logger),
  });
  return { handler, event: httpEvent({ body }) };
};

describe('every log line of an invocation', () => {
  it('carries the request id and whether it was a cold start', async () => {
    // What Lambda sets in an on-demand execution environment; Powertools reads it to tell a cold start.
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    const logger = new Logger({ serviceName: 'status' });
    const handler = createStatusHandler({
      store: { get: async () => undefined } as never,
      logger,
      metrics: createMetrics('status', logger),
    });
    const first = lambdaContext('status', 10);
    const second = lambdaContext('status', 10);
    // An unknown application: the status function answers 404 and logs that the request was refused.
    const status = (context: typeof first) =>
      handler(
        httpEvent({
          method: 'GET',
          path: '/api/applications/A1',
          routeKey: 'GET /api/applications/{id}',
          pathParameters: { id: 'A1' },
        }),
        context,
      );
    await status(first);
    await status(second);

    const lines = jsonLines().filter((line) => line.message === 'request refused');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      service: 'status',
      function_request_id: first.awsRequestId,
      cold_start: true,
      function_name: 'status',
    });
    expect(lines[1]).toMatchObject({ function_request_id: second.awsRequestId, cold_start: false });
  });
});

describe('metrics', () => {
  it('counts an accepted application in EMF, under the namespace, with no personal data', async () => {
    const body = validApplicationBody();
    const { handler, event } = await intakeOverStandIns(body);
    const response = await handler(event, lambdaContext('intake', 10));
    expect(response.statusCode).toBe(202);

    const accepted = emfLines().find((line) => metricNames(line).includes('ApplicationAccepted'));
    expect(accepted).toBeDefined();
    expect(accepted?.ApplicationAccepted).toBe(1);
    expect(accepted?.service).toBe('intake');
    expect(accepted?._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      Dimensions: [['service']],
    });
    const emf = JSON.stringify(emfLines());
    for (const personal of [body.phone, body.idNumber, body.fullName]) expect(emf).not.toContain(personal);
  });

  it('splits decisions by a decision dimension, on a line of their own', () => {
    countBy(createMetrics('review'), METRIC.applicationDecided, { name: 'decision', value: 'approved' });
    const [line] = emfLines();
    expect(line).toMatchObject({ service: 'review', decision: 'approved', ApplicationDecided: 1 });
    expect(line?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'decision']]);
  });

  it('prints nothing about metrics for an invocation that counted none', async () => {
    const logger = new Logger({ serviceName: 'status' });
    const handler = createStatusHandler({
      store: { get: async () => undefined } as never,
      logger,
      metrics: createMetrics('status', logger),
    });
    const context = lambdaContext('status', 10);
    const event = httpEvent({ method: 'GET', path: '/api/applications/A1', pathParameters: { id: 'A1' } });
    await handler(event, context);
    printed = [];
    await handler(event, context);
    expect(emfLines()).toEqual([]);
    expect(printed.join('')).not.toContain('No application metrics');
  });

  it('prints no EMF when POWERTOOLS_METRICS_DISABLED is set, as the local stack sets it', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    const { handler, event } = await intakeOverStandIns();
    expect((await handler(event, lambdaContext('intake', 10))).statusCode).toBe(202);
    expect(emfLines()).toEqual([]);
    expect(jsonLines().some((line) => line.message === 'application accepted')).toBe(true);
  });
});
