/**
 * Fault 6, races, through `npm start`'s gateway with tokens from its local issuer:
 * - 50 concurrent approvals of one application: one 200, 49 × 409, counters +1;
 * - one application decided by 25 single calls and 25 bulk calls at once (each bulk call also
 *   approves an application of its own): exactly one success for the contested application, every
 *   uncontested one approved, counters +1 for the contested cell and +25 for the others;
 * - approvals and rejections mixed, single and bulk: one success, the final status is the winner's,
 *   counters move only if the winner approved, and the audit trail records exactly one decision;
 * - one ID number, two phones: both applications sent at once (both 202, each flagged as the other's
 *   conflict), then two reviewers approve one each at the same moment, single or bulk: exactly one
 *   member, one 200 and one 409 id_already_member naming that member, counters +1, the loser still
 *   pending_review and unaudited — six rounds.
 * Every applicant proves their phone first, as a worker does (a code read from the stack's outbox).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberIdFor } from '../../shared/domain/member';
import {
  applicationKey,
  cellCounterSk,
  memberKey,
  peopleCounterSk,
  personKey,
} from '../../shared/storage/keys';
import { counterTotal } from '../support/counters';
import { staffToken } from '../support/staff-token';
import {
  type Answer,
  applicationBody,
  call,
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

const FIRST_PERSON = 6_000_000;
let used = 0;
const numbers: number[] = [];
/** A second phone for person `n`'s ID number (from a range no person of the suite has). */
const secondPhone = (n: number) => person(n + 500_000).phone;
const secondPhones: string[] = [];
let stack: FaultStack;
let admin: string;
let reviewer: string;
let dynamo: ReturnType<typeof dynamoOf>;

beforeAll(async () => {
  stack = await startStack('races');
  admin = await staffToken(stack.dataDir, { role: 'admin', sub: 'admin-race' });
  reviewer = await staffToken(stack.dataDir, { role: 'reviewer', counties: '*', sub: 'reviewer-race' });
  dynamo = dynamoOf(stack.endpoints);
});
afterAll(async () => {
  dynamo?.raw.destroy();
  await stopAllStacks();
  recordLedger('races', {
    idNumbers: numbers.map((n) => person(n).idNumber),
    phones: [...numbers.map((n) => person(n).phone), ...secondPhones],
  });
});

type Work = { trade: string; platforms: string[]; county: string };

/** `count` applications by new people, waited for until pending_review. */
const pending = async (count: number, work: Work): Promise<string[]> => {
  const made: Array<{ applicationId: string; statusToken: string }> = [];
  await inPool(
    Array.from({ length: count }, () => FIRST_PERSON + used++),
    8,
    async (n) => {
      numbers.push(n);
      const answer = await submit(stack.url, applicationBody(n, work), `race-${n}`);
      expect(answer.status).toBe(202);
      made.push(answer.body);
    },
  );
  await eventually(
    () => statusesOf(stack.url, made),
    (s) => [...s.values()].every((v) => v === 'pending_review'),
    20_000,
    'pending_review',
  );
  return made.map((m) => m.applicationId);
};

const countersOf = async (work: Work): Promise<number[]> =>
  Promise.all(
    [
      ...work.platforms.map((p) => cellCounterSk(work.trade, p, work.county)),
      peopleCounterSk(work.trade, work.county),
    ].map((sk) => counterTotal(dynamo.db, stack.endpoints.tableName, sk)),
  );

const decideOne = (applicationId: string, decision: 'approve' | 'reject', token = admin) =>
  call(stack.url, 'POST', `/api/review/applications/${applicationId}/decision`, {
    token,
    body: decision === 'approve' ? { decision } : { decision, reason: '平台信息无法核实' },
  });

const decideMany = (items: Array<{ applicationId: string; decision: 'approve' | 'reject' }>, token = admin) =>
  call(stack.url, 'POST', '/api/review/decisions', {
    token,
    body: {
      items: items.map((item) => (item.decision === 'approve' ? item : { ...item, reason: '重复申请' })),
    },
  });

type BulkResult = {
  ok: boolean;
  applicationId: string;
  statusCode?: number;
  error?: string;
  status?: string;
};
const resultFor = (answer: Answer, applicationId: string): BulkResult | undefined =>
  (answer.body.results as BulkResult[]).find((r) => r.applicationId === applicationId);

const auditedDecisions = async (applicationId: string): Promise<string[]> => {
  const actions: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await call(stack.url, 'GET', `/api/audit?limit=100${cursor ? `&cursor=${cursor}` : ''}`, {
      token: admin,
    });
    expect(page.status).toBe(200);
    for (const item of page.body.items as Array<{ action: string; target?: string }>) {
      if (item.target === applicationId && item.action.startsWith('decision.')) actions.push(item.action);
    }
    cursor = page.body.nextCursor ?? undefined;
  } while (cursor);
  return actions;
};

describe('races through the gateway', () => {
  it('50 concurrent approvals of one application: one 200, 49 × 409, counters +1', async () => {
    const work = { trade: 'courier', platforms: ['sf_express', 'zto'], county: 'weixin' };
    const [contested] = await pending(1, work);
    const before = await countersOf(work);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => decideOne(contested as string, 'approve')),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(await countersOf(work)).toEqual(before.map((n) => n + 1));
    expect(await auditedDecisions(contested as string)).toEqual(['decision.approve']);
  });

  it('single and bulk calls at once on one application: exactly one success, counters +1, bulk neighbours unharmed', async () => {
    const work = { trade: 'ride_hailing_driver', platforms: ['didi'], county: 'daguan' };
    const neighbourWork = { trade: 'delivery_rider', platforms: ['eleme'], county: 'daguan' };
    const [contested] = (await pending(1, work)) as [string];
    const neighbours = await pending(25, neighbourWork);
    const before = await countersOf(work);
    const neighboursBefore = await countersOf(neighbourWork);

    const singles = Array.from({ length: 25 }, (_, i) =>
      decideOne(contested, 'approve', i % 2 ? admin : reviewer),
    );
    const bulks = neighbours.map((neighbour, i) =>
      decideMany(
        i % 2
          ? [
              { applicationId: contested, decision: 'approve' },
              { applicationId: neighbour, decision: 'approve' },
            ]
          : [
              { applicationId: neighbour, decision: 'approve' },
              { applicationId: contested, decision: 'approve' },
            ],
        i % 3 ? admin : reviewer,
      ),
    );
    const [singleAnswers, bulkAnswers] = await Promise.all([Promise.all(singles), Promise.all(bulks)]);

    expect(bulkAnswers.map((a) => a.status)).toEqual(Array(25).fill(200));
    expect(singleAnswers.every((a) => a.status === 200 || a.status === 409)).toBe(true);
    const contestedResults = bulkAnswers.map((a) => resultFor(a, contested));
    for (const result of contestedResults.filter((r) => !r?.ok))
      expect(result).toMatchObject({ statusCode: 409, error: 'already_decided' });
    const successes =
      singleAnswers.filter((a) => a.status === 200).length + contestedResults.filter((r) => r?.ok).length;
    expect(successes).toBe(1);
    for (const [i, neighbour] of neighbours.entries()) {
      expect(resultFor(bulkAnswers[i] as Answer, neighbour)).toMatchObject({ ok: true, status: 'approved' });
    }
    expect(await countersOf(work)).toEqual(before.map((n) => n + 1));
    expect(await countersOf(neighbourWork)).toEqual(neighboursBefore.map((n) => n + 25));
    expect(await auditedDecisions(contested)).toEqual(['decision.approve']);
  });

  it('approvals and rejections mixed, single and bulk: one success, its outcome stands, counters follow it', async () => {
    const work = { trade: 'truck_driver', platforms: ['huolala', 'kuaigou'], county: 'yanjin' };
    const winners: string[] = [];
    for (let round = 0; round < 3; round++) {
      const [contested] = (await pending(1, work)) as [string];
      const before = await countersOf(work);
      const decisions = Array.from(
        { length: 40 },
        (_, i) => (i % 2 ? 'approve' : 'reject') as 'approve' | 'reject',
      );
      const answers = await Promise.all(
        decisions.map((decision, i) =>
          i % 4 < 2 ? decideOne(contested, decision) : decideMany([{ applicationId: contested, decision }]),
        ),
      );
      const wins: string[] = [];
      for (const answer of answers) {
        if (answer.body.results) {
          const result = resultFor(answer, contested) as BulkResult;
          if (result.ok) wins.push(String(result.status));
          else expect(result.statusCode).toBe(409);
        } else if (answer.status === 200) wins.push(String(answer.body.status));
        else expect(answer.status).toBe(409);
      }
      expect(wins).toHaveLength(1);
      const [winner] = wins;
      const detail = await call(stack.url, 'GET', `/api/review/applications/${contested}`, { token: admin });
      expect(detail.body.status).toBe(winner);
      expect(await countersOf(work)).toEqual(before.map((n) => n + (winner === 'approved' ? 1 : 0)));
      expect(await auditedDecisions(contested)).toEqual([
        winner === 'approved' ? 'decision.approve' : 'decision.reject',
      ]);
      winners.push(String(winner));
    }
    console.log(
      `races, mixed: 3 rounds of 40 decisions (20 single, 20 bulk), one winner each: ${winners.join(', ')}`,
    );
  });

  it('two reviewers approving two applications of one ID number at once: one member, one 200, one 409 id_already_member, counters +1', async () => {
    const work = { trade: 'delivery_rider', platforms: ['meituan', 'eleme'], county: 'zhenxiong' };
    const ROUNDS = 6;
    const outcomes: string[] = [];
    const read = async (Key: { pk: string; sk: string }) =>
      (
        await dynamo.db.send(
          new GetCommand({ TableName: stack.endpoints.tableName, Key, ConsistentRead: true }),
        )
      ).Item;
    for (let round = 0; round < ROUNDS; round++) {
      const n = FIRST_PERSON + used++;
      numbers.push(n);
      secondPhones.push(secondPhone(n));
      // Both applications at once: the same ID number, each with its own proven phone.
      const applied = await Promise.all([
        submit(stack.url, applicationBody(n, work), `race-${n}`),
        submit(stack.url, applicationBody(n, { ...work, phone: secondPhone(n) }), `race-${n}-second-phone`),
      ]);
      expect(applied.map((a) => a.status)).toEqual([202, 202]);
      const [a, b] = applied.map((answer) => String(answer.body.applicationId)) as [string, string];
      expect(a).not.toBe(b);
      await eventually(
        () =>
          statusesOf(
            stack.url,
            applied.map((answer) => answer.body),
          ),
        (s) => [...s.values()].every((v) => v === 'pending_review'),
        20_000,
        'both pending_review',
      );
      for (const [self, other] of [
        [a, b],
        [b, a],
      ] as const) {
        const detail = await call(stack.url, 'GET', `/api/review/applications/${self}`, { token: admin });
        expect(detail.body).toMatchObject({ flags: ['id_conflict'], conflictsWith: [other] });
      }
      const before = await countersOf(work);

      // Two reviewers, one application each, at the same moment: single/single, single/bulk, bulk/bulk.
      const approve = (applicationId: string, token: string, bulk: boolean) =>
        bulk
          ? decideMany([{ applicationId, decision: 'approve' }], token).then((answer) => {
              expect(answer.status).toBe(200);
              const result = resultFor(answer, applicationId) as BulkResult & { memberId?: string };
              return result.ok
                ? { status: 200, body: result as Record<string, unknown> }
                : { status: Number(result.statusCode), body: result as Record<string, unknown> };
            })
          : decideOne(applicationId, 'approve', token).then((answer) => ({
              status: answer.status,
              body: answer.body as Record<string, unknown>,
            }));
      const mode = round % 3;
      const answers = await Promise.all([approve(a, admin, mode === 2), approve(b, reviewer, mode >= 1)]);

      expect(answers.map((x) => x.status).sort()).toEqual([200, 409]);
      const winnerIndex = answers[0]?.status === 200 ? 0 : 1;
      const [winner, loser] = winnerIndex === 0 ? [a, b] : [b, a];
      const memberId = memberIdFor(winner);
      expect(answers[winnerIndex]?.body).toMatchObject({ status: 'approved', memberId });
      expect(answers[1 - winnerIndex]?.body).toMatchObject({ error: 'id_already_member', memberId });
      expect(await countersOf(work)).toEqual(before.map((count) => count + 1));
      // One member; the person is that member with the loser still open; the loser is untouched.
      expect(await read(memberKey(memberId))).toBeDefined();
      expect(await read(memberKey(memberIdFor(loser)))).toBeUndefined();
      const loserItem = await read(applicationKey(loser));
      expect(loserItem).toMatchObject({ status: 'pending_review' });
      expect(await read(personKey(String(loserItem?.idHash)))).toMatchObject({
        memberId,
        memberApplicationId: winner,
        open: { [loser]: loserItem?.phoneHash },
      });
      expect(await auditedDecisions(winner)).toEqual(['decision.approve']);
      expect(await auditedDecisions(loser)).toEqual([]);
      outcomes.push(
        `${['single/single', 'single/bulk', 'bulk/bulk'][mode]}: ${winner === a ? 'first' : 'second'}`,
      );
    }
    console.log(
      `races, one ID number with two phones: ${ROUNDS} rounds of two applications sent at once, both 202, ` +
        `each the other's conflict, then two approvals at once, one member each round (winner: ${outcomes.join(', ')})`,
    );
  });

  it('stops cleanly', async () => {
    expect(await stopStack(stack)).toBe(0);
  });
});
