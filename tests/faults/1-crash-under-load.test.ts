/**
 * Fault 1, crash under load: 1,000 people apply through `npm start` (16 in flight), each as a worker
 * does — a code for their phone, read from DATA_DIR/sms-outbox.jsonl, then the application; half-way
 * the whole stack is killed with SIGKILL (DynamoDB Local goes with it through its watchdog) and
 * started again on the same DATA_DIR. Every application carries an Idempotency-Key; those the kill
 * cut off are sent again after the restart, byte for byte (the same code), so the server replays
 * what it had stored; a code request the kill cut off is asked again (waiting out the per-phone
 * interval if the dead stack had counted it). Every application that got a 202 reaches
 * pending_review (the start-up sweep re-enqueues what the in-memory queue lost), each person has
 * exactly one application, and each application spent exactly one code.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { ENDPOINTS_FILE } from '../../local/endpoints';
import { javaProcessesFor } from '../integration/support/local-stack-process';
import {
  allItems,
  applicationBody,
  codeRequests,
  countLogs,
  duplicateApplications,
  dynamoOf,
  eventually,
  type FaultStack,
  inPool,
  isConnectionError,
  logLines,
  person,
  recordLedger,
  runRedrive,
  sleep,
  startStack,
  statusesOf,
  stopAllStacks,
  stopStack,
  submit,
} from './support/suite';

const N = 1000;
/**
 * The per-phone interval between codes, shortened from its default minute: a phone whose code request
 * the kill cut off is told to wait it out after the restart, and the suite need not wait a full minute
 * to see that happen.
 */
const LIMITS = {
  LIMIT_PHONE_CODE_INTERVAL_SECONDS: '10',
  // A load test from one machine: 1,000 workers' codes from one address (README, "Configuration").
  LIMIT_CODES_PER_ADDRESS_PER_HOUR: '100000',
};
const IN_FLIGHT = 16;
const FIRST_PERSON = 1_000_000;

const people = Array.from({ length: N }, (_, i) => FIRST_PERSON + i);
const bodies = people.map((n) => applicationBody(n));
const keys = people.map((n) => `crash-${n}`);

afterAll(async () => {
  await stopAllStacks();
  recordLedger('crash', {
    idNumbers: people.map((n) => person(n).idNumber),
    phones: people.map((n) => person(n).phone),
  });
});

const countWithStatus = async (stack: FaultStack, status: string): Promise<number> => {
  const { raw, db } = dynamoOf(stack.endpoints);
  try {
    let count = 0;
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: stack.endpoints.tableName,
          IndexName: 'byStatus',
          KeyConditionExpression: 'gsi1pk = :status',
          ExpressionAttributeValues: { ':status': `STATUS#${status}` },
          Select: 'COUNT',
          ExclusiveStartKey,
        }),
      );
      count += page.Count ?? 0;
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return count;
  } finally {
    raw.destroy();
  }
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

describe('crash under load', () => {
  it('loses no accepted application and doubles none when the stack is SIGKILLed half-way', async () => {
    const began = performance.now();
    const accepted = new Map<number, { applicationId: string; statusToken: string }>();
    const unexpected: Array<{ index: number; status: number; body: unknown }> = [];
    const cutOff = new Set<number>();
    let killed = false;

    const first = await startStack('crash', LIMITS);
    await inPool(
      bodies,
      IN_FLIGHT,
      async (body, index) => {
        try {
          const answer = await submit(first.url, body, keys[index] as string);
          if (answer.status !== 202)
            return void unexpected.push({ index, status: answer.status, body: answer.body });
          accepted.set(index, answer.body);
          if (accepted.size >= N / 2 && !killed) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        } catch (error) {
          if (!isConnectionError(error)) throw error;
          cutOff.add(index); // connection reset or refused: not accepted
        }
      },
      () => killed,
    );
    const acceptedBeforeKill = accepted.size;
    const atKill = performance.now();
    expect(await stopStack(first, 'SIGKILL')).toBeNull();
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(unexpected).toEqual([]);
    expect(acceptedBeforeKill).toBeGreaterThanOrEqual(N / 2);

    // DynamoDB Local died with the Node process (its watchdog saw stdin close): no Java is left.
    await eventually(
      async () => javaProcessesFor(first.dataDir),
      (pids) => pids.length === 0,
      15_000,
      'no Java',
    );
    // A SIGKILL leaves endpoints.json behind; redrive recognises it as stale instead of hanging.
    expect(existsSync(join(first.dataDir, ENDPOINTS_FILE))).toBe(true);
    const redrive = await runRedrive(first.dataDir);
    expect(redrive.status).toBe(1);
    expect(redrive.stderr).toMatch(/is not running/);

    // Same DATA_DIR. Whatever was cut off or never sent goes again, with the same Idempotency-Key.
    const second = await startStack('crash', LIMITS);
    const atRestart = performance.now();
    const again = people.map((_, index) => index).filter((index) => !accepted.has(index));
    await inPool(again, IN_FLIGHT, async (index) => {
      for (let attempt = 1; attempt <= 5; attempt++) {
        try {
          const answer = await submit(second.url, bodies[index], keys[index] as string);
          if (answer.status === 202) return void accepted.set(index, answer.body);
          if (answer.status !== 503)
            return void unexpected.push({ index, status: answer.status, body: answer.body });
          await sleep(1000 * Number(answer.headers.get('retry-after') ?? 1));
        } catch (error) {
          if (!isConnectionError(error)) throw error;
          await sleep(500);
        }
      }
    });
    expect(unexpected).toEqual([]);
    expect(accepted.size).toBe(N);
    // A phone is told to wait only if the dead stack had counted a code request the kill cut off.
    expect(codeRequests.tooMany).toBeLessThanOrEqual(cutOff.size);
    const allAccepted = performance.now();
    const ids = [...accepted.values()].map((a) => a.applicationId);
    expect(new Set(ids).size).toBe(N);

    // Everything reaches pending_review: nothing is left submitted, then each one seen through the API.
    await eventually(
      () => countWithStatus(second, 'submitted'),
      (n) => n === 0,
      120_000,
      'none submitted',
    );
    const allScreened = performance.now();
    const statuses = await statusesOf(second.url, [...accepted.values()]);
    expect([...statuses.values()].filter((s) => s !== 'pending_review')).toEqual([]);
    expect(statuses.size).toBe(N);

    // None twice: one application item per person, and exactly the ones that were answered 202.
    const { raw, db } = dynamoOf(second.endpoints);
    const items = await allItems(db, second.endpoints.tableName);
    raw.destroy();
    const applications = items.filter((item) => item.entity === 'application');
    expect(applications).toHaveLength(N);
    expect(duplicateApplications(applications)).toEqual([]);
    expect(new Set(applications.map((a) => a.idHash)).size).toBe(N);
    expect(new Set(applications.map((a) => a.applicationId))).toEqual(new Set(ids));
    // Each application spent one code, and a replay none: the codes spent are exactly one per application.
    const verifications = items.filter((item) => item.entity === 'verification');
    const spentBy = verifications.filter((v) => v.spentBy !== undefined).map((v) => v.spentBy);
    expect(spentBy.sort()).toEqual([...ids].sort());
    // No application was screened twice across the crash (a screening cut off before it logged shows none).
    const both = `${first.output()}\n${second.output()}`;
    const twice = ids.filter((id) => countLogs(both, 'application ready for review', id) > 1);
    expect(twice).toEqual([]);

    const recovered = logLines(second.output()).find(
      (l) => l.message === 're-enqueued applications left submitted',
    );
    expect(await stopStack(second, 'SIGTERM')).toBe(0);
    expect(existsSync(join(second.dataDir, ENDPOINTS_FILE))).toBe(false);
    expect(javaProcessesFor(second.dataDir)).toEqual([]);
    console.log(
      `crash under load: ${acceptedBeforeKill} accepted before SIGKILL, ${cutOff.size} cut off in flight, ` +
        `${N - acceptedBeforeKill - cutOff.size} not yet sent; restart re-enqueued ${recovered?.found ?? 0} ` +
        `left submitted; ${codeRequests.sent} code requests (${verifications.length} codes stored; ` +
        `${codeRequests.tooMany} × 429 after the restart, for phones whose request the kill cut off: ` +
        `${codeRequests.secondsWaited} s waited in all), ${codeRequests.reused} applications sent again with ` +
        `their code; ${N}/${N} pending_review, one each, in ${seconds(performance.now() - began)} ` +
        `(to the kill ${seconds(atKill - began)}, restart ${seconds(atRestart - atKill)}, rest accepted ` +
        `${seconds(allAccepted - atRestart)}, all screened ${seconds(allScreened - allAccepted)})`,
    );
  });
});
