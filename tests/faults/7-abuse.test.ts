/**
 * Fault 7, abuse, black-box against `npm start` with its default limits (docs/architecture.md §8; README,
 * "Configuration"): the public endpoints hold when someone leans on them, and only them.
 *
 * - A sign-up event: 300 workers behind one venue's address each solve a challenge, ask for a code,
 *   read it and apply — every one accepted.
 * - A flood: 5,000 code requests from one address, as fast as the machine sends them, each with its
 *   own solved challenge (the attacker's computing power is not what is tested here; the stack runs
 *   at the suite's low proof-of-work difficulty) and its own phone number. Refused past the
 *   per-address limit with 429 and Retry-After, never a 5xx; the SMS outbox grows by at most the limit.
 *   Meanwhile a reviewer works through the queue and opens applications: every request answered.
 * - SMS pumping without proof of work: a thousand numbers asked for with no challenge, a made-up one,
 *   a tampered one or one already used — every one refused at `fields.altcha`, no SMS.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { asAltchaChallenge } from '../../shared/domain/altcha';
import { LIMIT_SETTINGS } from '../../shared/domain/limits';
import { solveAltcha } from '../support/altcha';
import { outboxReader } from '../support/sms-outbox';
import { staffToken } from '../support/staff-token';
import {
  type Answer,
  applicationBody,
  call,
  countBy,
  inPool,
  person,
  recordLedger,
  startStack,
  stopAllStacks,
  submit,
} from './support/suite';

const EVENT_WORKERS = 300;
const FLOOD = 5_000;
const PUMPED = 1_000;
const FIRST_PERSON = 5_000_000;
const ADDRESS_LIMIT = LIMIT_SETTINGS.LIMIT_CODES_PER_ADDRESS_PER_HOUR;

const sent = { idNumbers: new Set<string>(), phones: new Set<string>() };
afterAll(async () => {
  await stopAllStacks();
  recordLedger('abuse', sent);
});

const statusCounts = (answers: readonly Answer[]) =>
  Object.fromEntries([...countBy(answers.map((a) => a.status))].sort(([a], [b]) => a - b));

describe('abuse', () => {
  it(`a sign-up event: ${EVENT_WORKERS} workers behind one address all get a code and apply`, async () => {
    const began = performance.now();
    const stack = await startStack('abuse-event');
    const people = Array.from({ length: EVENT_WORKERS }, (_, i) => FIRST_PERSON + i);
    const answers: Answer[] = [];
    await inPool(people, 16, async (n) => {
      sent.idNumbers.add(person(n).idNumber);
      sent.phones.add(person(n).phone);
      answers.push(await submit(stack.url, applicationBody(n), `event-${n}`));
    });
    expect(statusCounts(answers)).toEqual({ 202: EVENT_WORKERS });
    console.log(
      `abuse, event: ${EVENT_WORKERS} workers from one address (limit ${ADDRESS_LIMIT} codes an hour): ` +
        `${EVENT_WORKERS} codes sent, ${EVENT_WORKERS} applications accepted in ${((performance.now() - began) / 1000).toFixed(1)} s`,
    );
  });

  it(`a flood of ${FLOOD} code requests from one address is refused past the limit, and staff are still answered`, async () => {
    const stack = await startStack('abuse-flood');
    const outbox = outboxReader(`${stack.dataDir}/sms-outbox.jsonl`);
    const admin = await staffToken(stack.dataDir, { role: 'admin', sub: 'admin-abuse' });
    // A few applications in the queue for the reviewer to work on during the flood (their codes count
    // against this address's hour too).
    const queued = 5;
    for (let n = FIRST_PERSON + 10_000; n < FIRST_PERSON + 10_000 + queued; n++) {
      sent.idNumbers.add(person(n).idNumber);
      sent.phones.add(person(n).phone);
      expect((await submit(stack.url, applicationBody(n), `staff-${n}`)).status).toBe(202);
    }
    const before = outbox.all().length;

    // The attacker's solved challenges, made beforehand (solving is the attacker's own cost).
    const solved: string[] = new Array(FLOOD);
    await inPool(
      Array.from({ length: FLOOD }, (_, i) => i),
      16,
      async (i) => {
        const got = await call(stack.url, 'GET', '/api/challenge');
        const challenge = asAltchaChallenge(got.body);
        if (!challenge) throw new Error(`no challenge: ${got.status}`);
        solved[i] = solveAltcha(challenge);
      },
    );

    let flooding = true;
    const staffAnswers: Answer[] = [];
    const staffLatencies: number[] = [];
    const staff = (async () => {
      while (flooding) {
        const started = performance.now();
        const queue = await call(stack.url, 'GET', '/api/review/applications?limit=25', { token: admin });
        staffAnswers.push(queue);
        const first = queue.body?.items?.[0]?.applicationId;
        if (first)
          staffAnswers.push(
            await call(stack.url, 'GET', `/api/review/applications/${first}`, { token: admin }),
          );
        staffLatencies.push(performance.now() - started);
      }
    })();

    const began = performance.now();
    const flood: Answer[] = new Array(FLOOD);
    await inPool(solved, 32, async (altcha, i) => {
      const phone = `186${String(i).padStart(8, '0')}`;
      sent.phones.add(phone);
      flood[i] = await call(stack.url, 'POST', '/api/phone-verifications', { body: { phone, altcha } });
    });
    const seconds = (performance.now() - began) / 1000;
    flooding = false;
    await staff;

    const counts = statusCounts(flood);
    expect(
      Object.keys(counts).every((status) => Number(status) < 500),
      JSON.stringify(counts),
    ).toBe(true);
    expect(counts[202]).toBe(ADDRESS_LIMIT - queued);
    expect(counts[429]).toBe(FLOOD - (ADDRESS_LIMIT - queued));
    const refused = flood.filter((a) => a.status === 429);
    expect(refused.every((a) => Number(a.headers.get('retry-after')) > 0)).toBe(true);
    expect(refused[0]?.body).toMatchObject({ error: 'too_many_requests', message: expect.any(String) });
    const smsSent = outbox.all().length - before;
    expect(smsSent).toBeLessThanOrEqual(ADDRESS_LIMIT);

    expect(staffAnswers.length).toBeGreaterThan(0);
    expect(statusCounts(staffAnswers)).toEqual({ 200: staffAnswers.length });
    const slowest = Math.max(...staffLatencies);
    console.log(
      `abuse, flood: ${FLOOD} code requests from one address in ${seconds.toFixed(1)} s (${(FLOOD / seconds).toFixed(0)}/s, 32 in flight): ` +
        `${Object.entries(counts)
          .map(([s, n]) => `${n}×${s}`)
          .join(', ')}; ${smsSent} SMS sent (limit ${ADDRESS_LIMIT}); ` +
        `a reviewer meanwhile: ${staffAnswers.length} requests, all 200, slowest round trip ${slowest.toFixed(0)} ms`,
    );

    // SMS pumping without proof of work, on the same stack.
    const pumpedBefore = outbox.all().length;
    // A challenge the flood did use (its request was accepted), sent again.
    const replayed = solved[flood.findIndex((answer) => answer.status === 202)] as string;
    const tampered = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(replayed, 'base64').toString('utf8')), number: 7 }),
    ).toString('base64');
    const ways = [
      (phone: string) => ({ phone }),
      (phone: string) => ({ phone, altcha: '' }),
      (phone: string) => ({ phone, altcha: Buffer.from('{"algorithm":"SHA-256"}').toString('base64') }),
      (phone: string) => ({ phone, altcha: tampered }),
      (phone: string) => ({ phone, altcha: replayed }),
    ];
    const pumped: Answer[] = [];
    await inPool(
      Array.from({ length: PUMPED }, (_, i) => i),
      32,
      async (i) => {
        const phone = `187${String(i).padStart(8, '0')}`;
        sent.phones.add(phone);
        const body = (ways[i % ways.length] as (p: string) => object)(phone);
        pumped.push(await call(stack.url, 'POST', '/api/phone-verifications', { body }));
      },
    );
    expect(statusCounts(pumped)).toEqual({ 400: PUMPED });
    expect(
      pumped.every(
        (a) => a.body?.error === 'validation_failed' && typeof a.body?.fields?.altcha === 'string',
      ),
    ).toBe(true);
    expect(outbox.all().length - pumpedBefore).toBe(0);
    console.log(
      `abuse, SMS pumping without proof of work: ${PUMPED} numbers (no challenge, empty, made-up, tampered, replayed): all 400 at fields.altcha, no SMS`,
    );
  }, 600_000);
});
