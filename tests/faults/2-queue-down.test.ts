/**
 * Fault 2, queue down: the stack reaches SQS through a TCP relay this test controls
 * (LOCAL_SQS_PORT pins fauxqs's port, LOCAL_SQS_ENDPOINT points the stack's clients at the relay).
 * With the relay closed every SQS call is refused: intake's enqueue, the pollers (review and
 * notifications) and the sweeper all fail. Proving a phone needs no queue, so workers still get
 * their codes (from DATA_DIR/sms-outbox.jsonl) and their applications are still accepted (202,
 * stored, one per person), stay submitted, and once SQS is back the sweeper — on its schedule, made
 * every 2 s here with LOCAL_SWEEP_CRON and SWEEP_AFTER_SECONDS=3 — enqueues them and every one
 * reaches pending_review, screened once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/ports';
import {
  applicationBody,
  applicationsIn,
  codeRequests,
  countLogs,
  duplicateApplications,
  dynamoOf,
  eventually,
  type FaultStack,
  inPool,
  person,
  recordLedger,
  startStack,
  statusesOf,
  stopAllStacks,
  stopStack,
  submit,
} from './support/suite';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';

const WARM_UP = 5;
const WHILE_DOWN = 100;
const FIRST_PERSON = 2_000_000;
const people = Array.from({ length: WARM_UP + WHILE_DOWN }, (_, i) => FIRST_PERSON + i);

let proxy: TcpProxy | undefined;
afterAll(async () => {
  await stopAllStacks();
  await proxy?.close();
  recordLedger('queue-down', {
    idNumbers: people.map((n) => person(n).idNumber),
    phones: people.map((n) => person(n).phone),
  });
});

type Accepted = { applicationId: string; statusToken: string };

const submitAll = async (stack: FaultStack, numbers: number[]): Promise<Accepted[]> => {
  const accepted: Accepted[] = [];
  const refused: unknown[] = [];
  await inPool(numbers, 16, async (n) => {
    const answer = await submit(stack.url, applicationBody(n), `queue-down-${n}`);
    if (answer.status === 202) accepted.push(answer.body);
    else refused.push({ status: answer.status, body: answer.body });
  });
  expect(refused).toEqual([]);
  return accepted;
};

describe('queue down', () => {
  it('accepts applications while SQS refuses, and screens every one once it is back', async () => {
    const sqsPort = await freePort();
    proxy = await startTcpProxy(sqsPort);
    const stack = await startStack('queue-down', {
      LOCAL_SQS_PORT: String(sqsPort),
      LOCAL_SQS_ENDPOINT: proxy.url,
      SWEEP_AFTER_SECONDS: '3',
      LOCAL_SWEEP_CRON: '*/2 * * * * *',
    });
    expect(proxy.connections()).toBeGreaterThan(0); // the stack really talks to SQS through the relay

    const warmUp = await submitAll(stack, people.slice(0, WARM_UP));
    await eventually(
      () => statusesOf(stack.url, warmUp),
      (s) => [...s.values()].every((v) => v === 'pending_review'),
      15_000,
      'warm-up screened',
    );

    await proxy.refuse();
    const downSince = performance.now();
    const accepted = await submitAll(stack, people.slice(WARM_UP));
    const submitSeconds = (performance.now() - downSince) / 1000;
    expect(accepted).toHaveLength(WHILE_DOWN);
    // The sweeper runs (every 2 s) and fails too, as soon as an application is older than 3 s.
    await eventually(
      async () => countLogs(stack.output(), 'schedule failed'),
      (n) => n > 0,
      15_000,
      'a failed sweep',
    );
    const whileDown = await statusesOf(stack.url, accepted);
    expect(new Set(whileDown.values())).toEqual(new Set(['submitted']));
    for (const { applicationId } of accepted) {
      expect(countLogs(stack.output(), 'enqueue failed; the sweeper will re-enqueue', applicationId)).toBe(1);
    }

    await proxy.accept();
    const backAt = performance.now();
    await eventually(
      () => statusesOf(stack.url, accepted),
      (s) => [...s.values()].every((v) => v === 'pending_review'),
      60_000,
      'all pending_review after SQS is back',
    );
    const recoverySeconds = (performance.now() - backAt) / 1000;

    const output = stack.output();
    expect(countLogs(output, 're-enqueued stale submitted applications')).toBeGreaterThan(0);
    for (const { applicationId } of [...warmUp, ...accepted]) {
      expect(countLogs(output, 'application ready for review', applicationId), applicationId).toBe(1);
    }
    const { raw, db } = dynamoOf(stack.endpoints);
    const applications = await applicationsIn(db, stack.endpoints.tableName);
    raw.destroy();
    expect(applications).toHaveLength(WARM_UP + WHILE_DOWN);
    expect(duplicateApplications(applications)).toEqual([]);
    expect(new Set(applications.map((a) => a.idHash)).size).toBe(WARM_UP + WHILE_DOWN);
    expect(codeRequests).toMatchObject({ sent: WARM_UP + WHILE_DOWN, accepted: WARM_UP + WHILE_DOWN });
    expect(await stopStack(stack)).toBe(0);
    console.log(
      `queue down: ${WHILE_DOWN} accepted with SQS refusing (code and application each, ` +
        `${submitSeconds.toFixed(1)} s, 16 in flight), ` +
        `all pending_review ${recoverySeconds.toFixed(1)} s after it came back, each screened once`,
    );
  });
});
