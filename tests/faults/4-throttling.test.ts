/**
 * Fault 4, throttling, in process: DynamoDB Local cannot throttle, so a middleware on the handlers'
 * DynamoDB client rejects a share of the calls before they are sent, as DynamoDB does:
 * ProvisionedThroughputExceededException on any call (placed inside the SDK's retry loop, so the SDK
 * retries it with backoff, like the real thing), TransactionCanceledException with a
 * TransactionConflict reason on transactions, TransactionConflictException on single-item updates.
 * Through the real gateway, a client that proves each phone (the code request, whose limit
 * transaction and verification item meet the same faults) and retries 503s — the code request as
 * well as the application, the application with the same Idempotency-Key and the same code — ends
 * with exactly one application per person, each having spent one code; every answer is 202 or 503
 * with Retry-After, never a 500 (nor a 429: a code request that failed counts against no limit);
 * screening under the same faults (the queue's visibility timeout 10 s: throttled calls back off for
 * seconds, and a message still being screened must not come round again) gets every application to
 * pending_review, none dead-lettered; approvals are applied once each and the counters move once each.
 */
import {
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellCounterSk, peopleCounterSk } from '../../shared/storage/keys';
import { counterTotal } from '../support/counters';
import { captureLogs, emulatorDynamo, startInProcess } from './support/in-process';
import {
  type Answer,
  allItems,
  applicationBody,
  call,
  countBy,
  duplicateApplications,
  eventually,
  inPool,
  person,
  queueDepth,
  recordLedger,
  sleep,
  submit,
} from './support/suite';

const PEOPLE = 200;
const APPROVE_ONE_BY_ONE = 30;
const APPROVE_IN_BULK = 20;
const BULK_SIZE = 5;
const FIRST_PERSON = 4_000_000;
const people = Array.from({ length: PEOPLE }, (_, i) => FIRST_PERSON + i);
const RATES = { throttle: 0.2, transactionConflict: 0.15, updateConflict: 0.05 };
const SEED = Number(process.env.FAULTS_SEED ?? 0x5eed) >>> 0;

/** mulberry32: the same faults on every run for a given FAULTS_SEED. */
const random = (() => {
  let state = SEED;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
})();

const injected = { calls: 0, throttled: 0, transactionConflicts: 0, updateConflicts: 0 };
const $metadata = { httpStatusCode: 400 };
const faultyDynamo = () => {
  const client = emulatorDynamo();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      injected.calls++;
      if (random() < RATES.throttle) {
        injected.throttled++;
        throw new ProvisionedThroughputExceededException({
          message: 'Rate of requests exceeds the allowed throughput (injected)',
          $metadata,
        });
      }
      const input = args.input as { TransactItems?: unknown[] };
      if (context.commandName === 'TransactWriteItemsCommand' && random() < RATES.transactionConflict) {
        injected.transactionConflicts++;
        const reasons = (input.TransactItems ?? []).map(() => ({ Code: 'None' }));
        reasons[Math.floor(random() * reasons.length)] = { Code: 'TransactionConflict' };
        throw new TransactionCanceledException({
          message: 'Transaction cancelled, please refer cancellation reasons for specific reasons (injected)',
          $metadata,
          CancellationReasons: reasons,
        });
      }
      if (context.commandName === 'UpdateItemCommand' && random() < RATES.updateConflict) {
        injected.updateConflicts++;
        throw new TransactionConflictException({
          message: 'Transaction is ongoing for the item (injected)',
          $metadata,
        });
      }
      return next(args);
    },
    { step: 'finalizeRequest', name: 'injectThrottlingAndConflicts' },
  );
  return client;
};

let stack: Awaited<ReturnType<typeof startInProcess>>;
let logs: ReturnType<typeof captureLogs>;
const dynamo = faultyDynamo();
beforeAll(async () => {
  logs = captureLogs('throttling');
  stack = await startInProcess({ name: 'throttling', dynamo, poller: true });
});
afterAll(async () => {
  await stack?.close();
  dynamo.destroy();
  logs?.stop();
  recordLedger('throttling', {
    idNumbers: people.map((n) => person(n).idNumber),
    phones: people.map((n) => person(n).phone),
  });
});

/** Every answer any request got, to check that none was a 500 (code requests on their own). */
const answers: Answer[] = [];
const codeAnswers: Answer[] = [];
const onCodeAnswer = (answer: Answer) => void codeAnswers.push(answer);
const unavailable = (answer: Answer) => answer.status === 503;

const retryAfter = (answer: Answer): number => {
  expect(answer.body.error, JSON.stringify(answer.body)).toBe('service_unavailable');
  const seconds = Number(answer.headers.get('retry-after'));
  expect(seconds).toBeGreaterThanOrEqual(1);
  return seconds;
};

/** Sends until the answer is not 503, waiting Retry-After each time (at most 30 tries). */
const untilAnswered = async (send: () => Promise<Answer>): Promise<Answer> => {
  for (let attempt = 1; ; attempt++) {
    const answer = await send();
    answers.push(answer);
    if (!unavailable(answer) || attempt === 30) return answer;
    await sleep(1000 * retryAfter(answer));
  }
};

const counters = async (sks: string[]) =>
  Promise.all(sks.map((sk) => counterTotal(stack.db, stack.tableName, sk)));

describe('throttling and transaction conflicts', () => {
  const accepted = new Map<number, { applicationId: string; statusToken: string }>();

  it('answers 202 or 503 with Retry-After, never 500; a retrying client ends with one application per person', async () => {
    const began = performance.now();
    await inPool(people, 16, async (n) => {
      const answer = await untilAnswered(() =>
        submit(stack.url, applicationBody(n), `throttled-${n}`, { onCodeAnswer }),
      );
      expect(answer.status, JSON.stringify(answer.body)).toBe(202);
      accepted.set(n, answer.body);
    });
    const statuses = countBy(answers.map((a) => a.status));
    expect([...statuses.keys()].sort()).toEqual(statuses.has(503) ? [202, 503] : [202]);
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0); // the faults did reach the client
    expect(new Set([...accepted.values()].map((a) => a.applicationId)).size).toBe(PEOPLE);

    const codeStatuses = countBy(codeAnswers.map((a) => a.status));
    expect([...codeStatuses.keys()].sort()).toEqual(codeStatuses.has(503) ? [202, 503] : [202]);
    for (const answer of codeAnswers.filter(unavailable)) retryAfter(answer);
    expect(codeStatuses.get(202)).toBe(PEOPLE); // one code each: an application retried keeps its code

    const items = await allItems(stack.db, stack.tableName);
    const applications = items.filter((item) => item.entity === 'application');
    expect(applications).toHaveLength(PEOPLE);
    expect(duplicateApplications(applications)).toEqual([]);
    expect(new Set(applications.map((a) => a.idHash)).size).toBe(PEOPLE);
    expect(new Set(applications.map((a) => a.applicationId))).toEqual(
      new Set([...accepted.values()].map((a) => a.applicationId)),
    );
    const spentBy = items.filter((item) => item.entity === 'verification').map((v) => v.spentBy);
    expect(spentBy.sort()).toEqual(applications.map((a) => a.applicationId).sort());

    // Screening under the same faults: failures are redelivered, none reaches the dead-letter queue.
    await eventually(
      async () =>
        (await allItems(stack.db, stack.tableName)).filter(
          (a) => a.entity === 'application' && a.status !== 'pending_review',
        ).length,
      (left) => left === 0,
      90_000,
      'all pending_review',
    );
    expect(await queueDepth(stack.sqs, stack.queue.deadLetterUrl)).toEqual({ visible: 0, inFlight: 0 });
    console.log(
      `throttling: ${PEOPLE} applications, ${answers.length} requests (${statuses.get(503) ?? 0} answered 503) ` +
        `and ${codeAnswers.length} code requests (${codeStatuses.get(503) ?? 0} answered 503), ` +
        `faults injected into ${injected.throttled} + ${injected.transactionConflicts} + ${injected.updateConflicts} ` +
        `of ${injected.calls} DynamoDB calls (throttling, transaction conflicts, update conflicts; seed ${SEED}); ` +
        `all pending_review, none dead-lettered, in ${((performance.now() - began) / 1000).toFixed(1)} s`,
    );
  });

  it('applies each approval exactly once, one by one and in bulk, and moves each counter once', async () => {
    const admin = await stack.token({ role: 'admin', sub: 'admin-throttled' });
    const chosen = people.slice(0, APPROVE_ONE_BY_ONE + APPROVE_IN_BULK);
    const cells = chosen.flatMap((n) => {
      const body = applicationBody(n);
      return [
        ...body.platforms.map((p) => cellCounterSk(body.trade, p, body.county)),
        peopleCounterSk(body.trade, body.county),
      ];
    });
    const expectedMoves = countBy(cells);
    const unique = [...new Set(cells)];
    const before = await counters(unique);
    const decisionsBefore = answers.length;

    await inPool(chosen.slice(0, APPROVE_ONE_BY_ONE), 8, async (n) => {
      const applicationId = accepted.get(n)?.applicationId;
      const answer = await untilAnswered(() =>
        call(stack.url, 'POST', `/api/review/applications/${applicationId}/decision`, {
          token: admin,
          body: { decision: 'approve' },
        }),
      );
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    });

    // Bulk, in calls of BULK_SIZE items (four at once): an item answered 503 goes again in the next
    // call, the others are done. Kept small on purpose: items are decided one after another inside the
    // review function's 15 s timeout, and under this rate of throttling a 20-item call can outlive it
    // (middy's timeout then answers 500 while the remaining items go on being decided) — a known gap
    // of the review function, reported with this suite, not something this test should paper over.
    const bulkChunks = Array.from({ length: APPROVE_IN_BULK / BULK_SIZE }, (_, i) =>
      chosen
        .slice(APPROVE_ONE_BY_ONE + i * BULK_SIZE, APPROVE_ONE_BY_ONE + (i + 1) * BULK_SIZE)
        .map((n) => accepted.get(n)?.applicationId as string),
    );
    await inPool(bulkChunks, bulkChunks.length, async (chunk) => {
      let pending = chunk;
      for (let round = 1; pending.length > 0 && round <= 30; round++) {
        const answer = await untilAnswered(() =>
          call(stack.url, 'POST', '/api/review/decisions', {
            token: admin,
            body: { items: pending.map((applicationId) => ({ applicationId, decision: 'approve' })) },
          }),
        );
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        const results = answer.body.results as Array<{
          ok: boolean;
          applicationId: string;
          statusCode?: number;
        }>;
        for (const result of results.filter((r) => !r.ok)) expect(result.statusCode).toBe(503);
        pending = results.filter((r) => !r.ok).map((r) => r.applicationId);
        if (pending.length > 0) await sleep(1000);
      }
      expect(pending).toEqual([]);
    });
    expect(answers.slice(decisionsBefore).every((a) => a.status === 200 || a.status === 503)).toBe(true);

    const applications = (await allItems(stack.db, stack.tableName)).filter(
      (a) => a.entity === 'application',
    );
    const approved = applications.filter((a) => a.status === 'approved');
    expect(approved).toHaveLength(chosen.length);
    const after = await counters(unique);
    expect(after).toEqual(before.map((value, i) => value + (expectedMoves.get(unique[i] ?? '') ?? 0)));
    expect(answers.every((a) => a.status < 500 || a.status === 503)).toBe(true);
  });
});
