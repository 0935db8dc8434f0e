/**
 * Fault 5, fuzz: 10,000 generated requests (support/fuzz-bodies.ts: from the API's own schema, then
 * mutated and mangled on the wire) against the intake handler in process, and a sample of them
 * through `npm start`'s gateway. None gets a 5xx; each refused one gets exactly the status and error
 * code the API promises for it; the table grows by the accepted ones only (an application and a
 * person lock per accepted application, an idempotency record per Idempotency-Key that was accepted,
 * nothing else). FAULTS_SEED reproduces a run.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../local/lambda-context';
import { eventOf, expected, fuzzRequest, sensitiveValuesOf, type WireRequest } from './support/fuzz-bodies';
import { captureLogs, emulatorDynamo, startInProcess } from './support/in-process';
import {
  allItems,
  call,
  countBy,
  dynamoOf,
  inPool,
  recordLedger,
  startStack,
  stopAllStacks,
  stopStack,
} from './support/suite';

const RUNS = 10_000;
const THROUGH_THE_GATEWAY = 400;
const SEED = Number(process.env.FAULTS_SEED ?? 0x5eed) | 0;

const ledger = { idNumbers: new Set<string>(), phones: new Set<string>() };
const remember = (request: WireRequest) => {
  const { idNumbers, phones } = sensitiveValuesOf(request);
  for (const id of idNumbers) ledger.idNumbers.add(id);
  for (const phone of phones) ledger.phones.add(phone);
};

afterAll(async () => {
  await stopAllStacks();
  recordLedger('fuzz', ledger);
});

/** What a run must leave in the table: the accepted applications, their person locks and the keys that were accepted. */
class Outcome {
  readonly statuses: number[] = [];
  readonly applications = new Set<string>();
  readonly keys = new Set<string>();

  check(request: WireRequest, status: number, body: { error?: string; applicationId?: string }) {
    this.statuses.push(status);
    expect(status, request.how).toBeLessThan(500);
    const want = expected(eventOf(request));
    if (!want.accept) {
      expect({ status, error: body.error }, request.how).toEqual({ status: want.status, error: want.error });
      return;
    }
    expect([202, 409, 422], request.how).toContain(status);
    if (status === 202) {
      this.applications.add(String(body.applicationId));
      if (request.idempotencyKey !== undefined) this.keys.add(request.idempotencyKey);
    }
  }

  expectStored(items: Array<Record<string, unknown>>) {
    const entities = countBy(items.map((item) => String(item.entity)));
    expect(Object.fromEntries(entities)).toEqual({
      ...(this.applications.size > 0
        ? { application: this.applications.size, person: this.applications.size }
        : {}),
      ...(this.keys.size > 0 ? { idempotency: this.keys.size } : {}),
    });
    expect(new Set(items.filter((i) => i.entity === 'application').map((i) => i.applicationId))).toEqual(
      this.applications,
    );
  }

  summary() {
    const counts = [...countBy(this.statuses)].sort(([a], [b]) => a - b);
    return counts.map(([status, n]) => `${n}×${status}`).join(', ');
  }
}

describe('fuzz', () => {
  it(`${RUNS.toLocaleString('en')} generated requests against the intake handler: no 5xx, each answered as promised, only the accepted stored`, async () => {
    const began = performance.now();
    const logs = captureLogs('fuzz');
    const dynamo = emulatorDynamo();
    const stack = await startInProcess({ name: 'fuzz', dynamo });
    const outcome = new Outcome();
    try {
      await fc.assert(
        fc.asyncProperty(fuzzRequest(), async (request) => {
          remember(request);
          const result = await stack.intake(eventOf(request), lambdaContext('intake', 10));
          outcome.check(request, result.statusCode ?? 0, JSON.parse(result.body ?? '{}'));
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      expect(outcome.statuses).toHaveLength(RUNS);
      expect(outcome.applications.size).toBeGreaterThan(RUNS / 20); // the generator does produce valid bodies
      outcome.expectStored(await allItems(stack.db, stack.tableName));
      console.log(
        `fuzz, in process: ${RUNS} requests (seed ${SEED}): ${outcome.summary()}; ` +
          `${outcome.applications.size} applications stored, nothing else; ${((performance.now() - began) / 1000).toFixed(1)} s`,
      );
    } finally {
      await stack.close();
      dynamo.destroy();
      logs.stop();
    }
  });

  it(`a sample of ${THROUGH_THE_GATEWAY} through npm start's gateway: the same answers, no 5xx, only the accepted stored`, async () => {
    const began = performance.now();
    const stack = await startStack('fuzz');
    const sample = fc.sample(fuzzRequest({ asciiKeysOnly: true }), {
      numRuns: THROUGH_THE_GATEWAY,
      seed: SEED + 1,
    });
    const outcome = new Outcome();
    await inPool(sample, 8, async (request) => {
      remember(request);
      const answer = await call(stack.url, 'POST', '/api/applications', {
        raw: new Uint8Array(request.bytes),
        headers: {
          ...(request.contentType === undefined ? {} : { 'content-type': request.contentType }),
          ...(request.idempotencyKey === undefined ? {} : { 'idempotency-key': request.idempotencyKey }),
        },
      });
      outcome.check(
        request,
        answer.status,
        typeof answer.body === 'object' && answer.body ? answer.body : {},
      );
    });
    // Beyond API Gateway's own 10 MiB limit, the gateway answers before any handler runs.
    const huge = await call(stack.url, 'POST', '/api/applications', {
      raw: new Uint8Array(11 * 1024 * 1024).fill(0x20),
      headers: { 'content-type': 'application/json' },
    });
    expect(huge.status).toBe(413);

    const { raw, db } = dynamoOf(stack.endpoints);
    outcome.expectStored(await allItems(db, stack.endpoints.tableName));
    raw.destroy();
    expect(await stopStack(stack)).toBe(0);
    console.log(
      `fuzz, through the gateway: ${THROUGH_THE_GATEWAY} requests: ${outcome.summary()}; ` +
        `${outcome.applications.size} applications stored, nothing else; ${((performance.now() - began) / 1000).toFixed(1)} s`,
    );
  });
});
