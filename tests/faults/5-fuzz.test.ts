/**
 * Fault 5, fuzz: 10,000 generated requests (support/fuzz-bodies.ts: from the API's own schema, then
 * mutated and mangled on the wire) against the intake handler in process, and a sample of them
 * through `npm start`'s gateway. Each valid body carries a verification of its own; when a request
 * would be accepted but for its code (it passes the rules), the test first makes that verification
 * real — stores it as the verification function would, with the stack's keyed hashes of the phone
 * and the code — so that the promised outcomes hold. None gets a 5xx; each refused one gets exactly
 * the status and error code the API promises for it; each accepted one gets 202 (the application
 * already stored for its ID number and phone, if any, else a new one) or 422 when its
 * Idempotency-Key was accepted before (no two requests have the same body). The table grows by the
 * accepted ones only: their applications, a person per ID number among them, the verifications the
 * test stored (spent by exactly the 202s), an idempotency record per key that was accepted, and —
 * through npm start — its migration markers; nothing else. FAULTS_SEED reproduces a run.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../local/lambda-context';
import { catalog } from '../../shared/catalog/index';
import type { ApplicationInput } from '../../shared/domain/application-rules';
import { CODE_VALID_SECONDS } from '../../shared/domain/verification';
import { createHasher, type Hasher } from '../../shared/privacy/hashing';
import { MIGRATIONS } from '../../shared/storage/migrations';
import { verificationStore } from '../../shared/storage/verifications';
import { eventOf, expected, fuzzRequest, sensitiveValuesOf, type WireRequest } from './support/fuzz-bodies';
import { captureLogs, emulatorDynamo, startInProcess } from './support/in-process';
import {
  allItems,
  call,
  countBy,
  dynamoOf,
  hasherOf,
  inPool,
  recordLedger,
  startStack,
  stopAllStacks,
  stopStack,
} from './support/suite';

const RUNS = 10_000;
const THROUGH_THE_GATEWAY = 400;
const SEED = Number(process.env.FAULTS_SEED ?? 0x5eed) | 0;

const ledger = {
  idNumbers: new Set<string>(),
  phones: new Set<string>(),
  /** The accepted bodies, exactly as sent (their careless hashes are what the sweep looks for). */
  bodies: [] as Array<{ idNumber: string; body: string }>,
};
const remember = (request: WireRequest) => {
  const { idNumbers, phones } = sensitiveValuesOf(request);
  for (const id of idNumbers) ledger.idNumbers.add(id);
  for (const phone of phones) ledger.phones.add(phone);
};

afterAll(async () => {
  await stopAllStacks();
  recordLedger('fuzz', ledger);
});

/**
 * Makes a body's verification real, as `POST /api/phone-verifications` would have stored it for its
 * phone: keyed hashes of the phone and of the code, valid for ten minutes, no tries used.
 */
const verifier = (db: DynamoDBDocumentClient, tableName: string, hasher: Hasher) => {
  const store = verificationStore(db, tableName);
  let made = 0;
  return {
    made: () => made,
    async makeReal(input: ApplicationInput) {
      const now = Date.now();
      await store.create({
        verificationId: input.verificationId,
        phoneHash: hasher.phoneHash(input.phone),
        codeHash: hasher.verificationCodeHash(input.verificationId, input.verificationCode),
        createdAt: new Date(now).toISOString(),
        validUntil: new Date(now + CODE_VALID_SECONDS * 1000).toISOString(),
        attempts: 0,
      });
      made++;
    },
  };
};

/**
 * What a run must leave in the table, and the answers checked one by one. `inOrder`: the requests
 * were sent one at a time, so a key's first accepted request is its 202 and every later one a 422;
 * when they overlap, only that each key has one 202 at most and a 422 only once it has one.
 */
class Outcome {
  readonly statuses: number[] = [];
  /** Application ids answered 202. */
  readonly applications = new Set<string>();
  /** The application of each (ID number, phone) answered 202: the same person gets it back. */
  readonly byPerson = new Map<string, string>();
  /** Idempotency-Keys answered 202 (each once), and those answered 422. */
  readonly keys = new Set<string>();
  readonly reusedKeys = new Set<string>();
  accepted = 0;
  repeats = 0;

  constructor(private readonly inOrder: boolean) {}

  check(request: WireRequest, status: number, body: { error?: string; applicationId?: string }) {
    this.statuses.push(status);
    expect(status, request.how).toBeLessThan(500);
    const want = expected(eventOf(request));
    if (!want.accept) {
      expect({ status, error: body.error }, request.how).toEqual({ status: want.status, error: want.error });
      return;
    }
    const key = request.idempotencyKey;
    if (status === 422) {
      expect(body.error, request.how).toBe('idempotency_key_reused');
      expect(key, request.how).toBeDefined();
      if (this.inOrder) expect(this.keys.has(key as string), `${key} was not accepted before`).toBe(true);
      this.reusedKeys.add(key as string);
      return;
    }
    expect({ status, error: body.error }, request.how).toEqual({ status: 202, error: undefined });
    if (typeof request.body.idNumber === 'string') {
      ledger.bodies.push({ idNumber: request.body.idNumber, body: request.bytes.toString('utf8') });
    }
    if (key !== undefined) {
      expect(this.keys.has(key), `${key} accepted twice, with different bodies`).toBe(false);
      this.keys.add(key);
    }
    this.accepted++;
    const applicationId = String(body.applicationId);
    const person = `${want.input.idNumber} ${want.input.phone}`;
    const earlier = this.byPerson.get(person);
    if (earlier !== undefined) {
      expect(applicationId, 'the same ID number and phone get their application back').toBe(earlier);
      this.repeats++;
      return;
    }
    expect(this.applications.has(applicationId), 'another person’s application').toBe(false);
    this.byPerson.set(person, applicationId);
    this.applications.add(applicationId);
  }

  /**
   * `stack`: what the stack itself wrote at start-up (npm start's migrations, each county's fallback
   * union and directory), none of it from the requests.
   */
  expectStored(
    items: Array<Record<string, unknown>>,
    verificationsMade: number,
    stack: { migrations: number; counties: number } = { migrations: 0, counties: 0 },
  ) {
    for (const key of this.reusedKeys)
      expect(this.keys.has(key), `${key} answered 422, never 202`).toBe(true);
    const applications = items.filter((item) => item.entity === 'application');
    const people = new Set(applications.map((item) => item.idHash));
    expect(people.size).toBe(this.idNumbers().size);
    const entities = countBy(items.map((item) => String(item.entity)));
    const want: Record<string, number> = {
      application: this.applications.size,
      person: people.size,
      verification: verificationsMade,
      idempotency: this.keys.size,
      migration: stack.migrations,
      union: stack.counties,
      'union-directory': stack.counties,
    };
    expect(Object.fromEntries(entities)).toEqual(
      Object.fromEntries(Object.entries(want).filter(([, count]) => count > 0)),
    );
    expect(new Set(applications.map((i) => i.applicationId))).toEqual(this.applications);
    // One code spent by each 202 (a repeat spends its own too), on the application it was answered.
    const spent = items.filter((item) => item.entity === 'verification' && item.spentBy !== undefined);
    expect(spent).toHaveLength(this.accepted);
    for (const item of spent) expect(this.applications.has(String(item.spentBy))).toBe(true);
  }

  /** The ID numbers answered 202; fewer than the applications when one had several phones (conflicts). */
  idNumbers() {
    return new Set([...this.byPerson.keys()].map((person) => person.split(' ')[0]));
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
    const verifications = verifier(stack.db, stack.tableName, createHasher(stack.hashKey));
    const outcome = new Outcome(true);
    try {
      await fc.assert(
        fc.asyncProperty(fuzzRequest(), async (request) => {
          remember(request);
          const event = eventOf(request);
          const input = expected(event).input;
          if (input) await verifications.makeReal(input);
          const result = await stack.intake(event, lambdaContext('intake', 10));
          outcome.check(request, result.statusCode ?? 0, JSON.parse(result.body ?? '{}'));
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      expect(outcome.statuses).toHaveLength(RUNS);
      expect(outcome.applications.size).toBeGreaterThan(RUNS / 20); // the generator does produce valid bodies
      expect(outcome.repeats).toBeGreaterThan(0); // and the same person again
      expect(outcome.idNumbers().size).toBeLessThan(outcome.applications.size); // and someone else with an ID number
      expect(outcome.reusedKeys.size).toBeGreaterThan(0); // and a key used with another body
      outcome.expectStored(await allItems(stack.db, stack.tableName), verifications.made());
      console.log(
        `fuzz, in process: ${RUNS} requests (seed ${SEED}): ${outcome.summary()}; ` +
          `${verifications.made()} verifications made real, ${outcome.applications.size} applications stored ` +
          `(${outcome.idNumbers().size} ID numbers; ${outcome.repeats} 202s gave back one already stored), nothing else; ` +
          `${((performance.now() - began) / 1000).toFixed(1)} s`,
      );
    } finally {
      await stack.close();
      dynamo.destroy();
      logs.stop();
    }
  });

  it(`a sample of ${THROUGH_THE_GATEWAY} through npm start's gateway: the same answers, no 5xx, only the accepted stored`, async () => {
    const began = performance.now();
    // The fuzz's regular applicants come back with new phones more than three times a day, all from
    // this machine's one address: the per-(ID number, address) limit is not what this test is about.
    const stack = await startStack('fuzz', { LIMIT_APPLICATIONS_PER_ID_PER_ADDRESS_PER_DAY: '0' });
    const { raw, db } = dynamoOf(stack.endpoints);
    const verifications = verifier(db, stack.endpoints.tableName, hasherOf(stack.dataDir));
    const sample = fc.sample(fuzzRequest({ asciiKeysOnly: true }), {
      numRuns: THROUGH_THE_GATEWAY,
      seed: SEED + 1,
    });
    const outcome = new Outcome(false);
    try {
      await inPool(sample, 8, async (request) => {
        remember(request);
        const input = expected(eventOf(request)).input;
        if (input) await verifications.makeReal(input);
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

      outcome.expectStored(await allItems(db, stack.endpoints.tableName), verifications.made(), {
        migrations: MIGRATIONS.length,
        counties: catalog.counties.length,
      });
    } finally {
      raw.destroy();
    }
    expect(await stopStack(stack)).toBe(0);
    console.log(
      `fuzz, through the gateway: ${THROUGH_THE_GATEWAY} requests: ${outcome.summary()}; ` +
        `${verifications.made()} verifications made real, ${outcome.applications.size} applications stored, ` +
        `nothing else; ${((performance.now() - began) / 1000).toFixed(1)} s`,
    );
  });
});
