/**
 * Grassroots unions end to end through the gateway (README, "Unions"): placement in the approval's
 * transaction, transfers one by one and in bulk (racing approvals), dissolution, leaving and erasure.
 * Every figure is checked three ways: the counter, the union's listing, and the member records.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fallbackUnionId } from '../../shared/domain/union';
import { erasureStore } from '../../shared/storage/erasure';
import { cellCounterSk, peopleCounterSk } from '../../shared/storage/keys';
import { counterTotal } from '../support/counters';
import { pendingApplications } from './support/applicants';
import { createHarness, type Harness } from './support/harness';
import { type HttpStack, startHttpStack } from './support/http-stack';
import { newPerson } from './support/people';
import { throttlingClient } from './support/throttling';
import { approveAs, exactly, unionTally } from './support/unions';

let harness: Harness;
let http: HttpStack;
let admin: string;
let reviewer: string;

beforeAll(async () => {
  harness = await createHarness();
  http = await startHttpStack(harness);
  admin = await http.token({ role: 'admin', sub: 'admin-ann' });
  reviewer = await http.token({ role: 'reviewer', counties: 'zhaoyang', sub: 'reviewer-zoe' });
}, 60_000);
afterAll(async () => {
  await http.close();
  await harness.close();
});

const counter = (sk: string): Promise<number> => counterTotal(harness.db, harness.tableName, sk);

const allItems = () => harness.scan();

/** Per union: the counter, the listing entries and the member records that name it must agree. */
const expectConsistent = async (unionId: string, expected: number) => {
  expect(await unionTally(harness, unionId)).toEqual(exactly(expected));
};

const approve = (applicationId: string) => approveAs(http, admin, applicationId);

const createUnion = (body: Record<string, unknown>, token = admin) =>
  http.call('POST', '/api/unions', { token, body });

describe('grassroots unions', () => {
  it('places a rider in the fallback union, then — once Meituan sets up its union — new riders in it; the bulk transfer moves the earlier one', async () => {
    const [early] = await pendingApplications(harness, 1, {
      county: 'zhaoyang',
      trade: 'delivery_rider',
      platforms: ['meituan'],
    });
    const earlyMember = await approve(early?.applicationId as string);
    const fallback = fallbackUnionId('zhaoyang');
    let member = await http.call('GET', `/api/members/${earlyMember}`, { token: admin });
    expect(member.body.unionId).toBe(fallback);
    expect(member.body.unionHistory).toMatchObject([{ unionId: fallback, how: 'placement' }]);

    const created = await createUnion({
      name: '美团昭阳区工会',
      kind: 'platform',
      county: 'zhaoyang',
      platform: 'meituan',
      setUpOn: '2026-11-30',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/unions/${created.body.unionId}`);
    const meituan = String(created.body.unionId);

    const [late] = await pendingApplications(harness, 1, {
      county: 'zhaoyang',
      trade: 'delivery_rider',
      platforms: ['eleme', 'meituan'],
    });
    const lateMember = await approve(late?.applicationId as string);
    member = await http.call('GET', `/api/members/${lateMember}`, { token: reviewer });
    expect(member.body.unionId).toBe(meituan);

    const moved = await http.call('POST', `/api/unions/${fallback}/transfers`, {
      token: admin,
      body: { to: meituan, platform: 'meituan', reason: '美团工会成立，整体接转' },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ moved: 1, done: true });
    member = await http.call('GET', `/api/members/${earlyMember}`, { token: admin });
    expect(member.body.unionId).toBe(meituan);
    expect(member.body.unionHistory.map((s: { how: string }) => s.how)).toEqual([
      'placement',
      'bulk_transfer',
    ]);
    // Safe to repeat: nothing left to move.
    const again = await http.call('POST', `/api/unions/${fallback}/transfers`, {
      token: admin,
      body: { to: meituan, platform: 'meituan', reason: '重试' },
    });
    expect(again.body).toMatchObject({ moved: 0, done: true });
    // Another platform's members cannot be moved into the Meituan union.
    const wrong = await http.call('POST', `/api/unions/${fallback}/transfers`, {
      token: admin,
      body: { to: meituan, platform: 'eleme', reason: '误操作' },
    });
    expect(wrong.status).toBe(400);
    expect(Object.keys(wrong.body.fields)).toEqual(['platform']);
    await expectConsistent(meituan, 2);

    const listed = await http.call('GET', `/api/unions/${meituan}/members`, { token: reviewer });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((m: { memberId: string }) => m.memberId).sort()).toEqual(
      [earlyMember, lateMember].sort(),
    );
    expect(JSON.stringify(listed.body)).not.toMatch(/1[3-9]\d{9}/);
  });

  it('refuses a second active union for the same platform in a county, and what only administrators may do', async () => {
    const body = {
      name: '另一个美团工会',
      kind: 'platform',
      county: 'weixin',
      platform: 'meituan',
      setUpOn: '2026-11-01',
    };
    expect((await createUnion(body)).status).toBe(201);
    const second = await createUnion({ ...body, name: '第二个' });
    expect(second.status).toBe(409);
    expect(second.body.error).toBe('union_slot_taken');
    expect(second.body.unionId).toMatch(/^U-weixin-/);
    expect((await createUnion({ ...body, county: 'zhaoyang', platform: 'eleme' }, reviewer)).status).toBe(
      403,
    );
    const bad = await createUnion({
      name: '',
      kind: 'industry',
      county: 'nowhere',
      platform: 'meituan',
      setUpOn: '2026-02-30',
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['county', 'name', 'platform', 'setUpOn', 'trade']);
    const unions = (await allItems()).filter((i) => i.entity === 'union' && i.county === 'weixin');
    expect(unions.map((u) => u.kind).sort()).toEqual(['fallback', 'platform']);
    // A reviewer sees their counties' unions only.
    const seen = await http.call('GET', '/api/unions', { token: reviewer });
    expect(new Set(seen.body.items.map((u: { county: string }) => u.county))).toEqual(new Set(['zhaoyang']));
    // Unknown ids are 404, never 500.
    expect((await http.call('GET', '/api/unions/U-none', { token: admin })).status).toBe(404);
    expect((await http.call('GET', '/api/members/M000000-NOPE', { token: admin })).status).toBe(404);
  });

  it('bulk transfer racing approvals: every rider ends in the new union, counts exact', async () => {
    const county = 'yongshan';
    const riders = { county, trade: 'delivery_rider', platforms: ['meituan'] };
    const before = await pendingApplications(harness, 12, riders);
    const during = await pendingApplications(harness, 12, riders);
    const couriers = await pendingApplications(harness, 4, {
      county,
      trade: 'courier',
      platforms: ['sf_express'],
    });
    for (const a of [...before, ...couriers]) await approve(a.applicationId);
    const fallback = fallbackUnionId(county);
    await expectConsistent(fallback, 16);

    // The union is set up while the second dozen are being approved, and moved in bulk meanwhile: an
    // approval that read the directory before the union existed re-places its member when it commits.
    let meituan = '';
    const setUpAndTransfer = async () => {
      const created = await createUnion({
        name: '美团永善县工会',
        kind: 'platform',
        county,
        platform: 'meituan',
        setUpOn: '2026-11-30',
      });
      meituan = String(created.body.unionId);
      let moved = 0;
      for (let round = 0; round < 3; round++) {
        const answer = await http.call('POST', `/api/unions/${fallback}/transfers`, {
          token: admin,
          body: { to: meituan, platform: 'meituan', reason: '整体接转' },
        });
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        moved += answer.body.moved;
      }
      return moved;
    };
    const [moved] = await Promise.all([setUpAndTransfer(), ...during.map((a) => approve(a.applicationId))]);
    expect(moved).toBeGreaterThanOrEqual(12);
    // One last pass after the race: nothing was left behind.
    const last = await http.call('POST', `/api/unions/${fallback}/transfers`, {
      token: admin,
      body: { to: meituan, platform: 'meituan', reason: '整体接转' },
    });
    expect(last.body.moved).toBe(0);
    await expectConsistent(meituan, 24);
    await expectConsistent(fallback, 4);
    expect(await counter(cellCounterSk('delivery_rider', 'meituan', county))).toBe(24);
  });

  it('dissolving a union moves its members to the fallback union; the fallback union cannot be dissolved', async () => {
    const county = 'ludian';
    const created = await createUnion({
      name: '快递行业工会',
      kind: 'industry',
      county,
      trade: 'courier',
      setUpOn: '2026-10-01',
    });
    const industry = String(created.body.unionId);
    const made = await pendingApplications(harness, 3, { county, trade: 'courier', platforms: ['zto'] });
    for (const a of made) await approve(a.applicationId);
    await expectConsistent(industry, 3);
    const dissolved = await http.call('POST', `/api/unions/${industry}`, {
      token: admin,
      body: { status: 'dissolved', reason: '合并' },
    });
    expect(dissolved.status, JSON.stringify(dissolved.body)).toBe(200);
    expect(dissolved.body).toMatchObject({ moved: 3, done: true, union: { status: 'dissolved' } });
    await expectConsistent(industry, 0);
    await expectConsistent(fallbackUnionId(county), 3);
    const fallback = await http.call('POST', `/api/unions/${fallbackUnionId(county)}`, {
      token: admin,
      body: { status: 'dissolved' },
    });
    expect(fallback.status).toBe(409);
    expect(fallback.body.error).toBe('union_unavailable');
    // A new courier goes to the fallback union now that the industry union is gone.
    const [next] = await pendingApplications(harness, 1, { county, trade: 'courier', platforms: ['zto'] });
    const memberId = await approve(next?.applicationId as string);
    expect((await http.call('GET', `/api/members/${memberId}`, { token: admin })).body.unionId).toBe(
      fallbackUnionId(county),
    );
  });

  it('a member who leaves comes off every count and listing, can apply again, and loses their personal data after the retention period', async () => {
    const county = 'daguan';
    const courier = { ...newPerson(), county, trade: 'courier', platforms: ['zto', 'yto'] };
    const [made] = await pendingApplications(harness, 1, courier);
    const memberId = await approve(made?.applicationId as string);
    const fallback = fallbackUnionId(county);
    await expectConsistent(fallback, 1);
    expect(await counter(peopleCounterSk('courier', county))).toBe(1);

    const bad = await http.call('POST', `/api/members/${memberId}/leave`, {
      token: reviewer,
      body: { reason: 'other' },
    });
    expect(bad.status).toBe(404); // not the reviewer's county
    const invalid = await http.call('POST', `/api/members/${memberId}/leave`, {
      token: admin,
      body: { reason: 'bored' },
    });
    expect(invalid.status).toBe(400);
    const left = await http.call('POST', `/api/members/${memberId}/leave`, {
      token: admin,
      body: { reason: 'changed_work', note: '改行开出租' },
    });
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    expect(left.body.leftReason).toBe('changed_work');
    const twice = await http.call('POST', `/api/members/${memberId}/leave`, {
      token: admin,
      body: { reason: 'other' },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toBe('member_left');

    await expectConsistent(fallback, 0);
    expect(await counter(peopleCounterSk('courier', county))).toBe(0);
    expect(await counter(cellCounterSk('courier', 'zto', county))).toBe(0);
    expect(await counter(cellCounterSk('courier', 'yto', county))).toBe(0);
    const listing = await http.call('GET', `/api/members?county=${county}`, { token: admin });
    expect(listing.body.items).toEqual([]);
    const byPlatform = await http.call('GET', `/api/members?county=${county}&trade=courier&platform=zto`, {
      token: admin,
    });
    expect(byPlatform.body.items).toEqual([]);
    const items = await allItems();
    const record = items.find((i) => i.pk === `MEMBER#${memberId}`) as Record<string, unknown>;
    expect(items.some((i) => i.entity === 'person' && i.memberId === memberId)).toBe(false);
    expect(record.fullName).toBeDefined();

    // Not due yet: nothing erased. Past the retention period: the personal fields go, the counts' fields stay.
    const erasure = erasureStore(harness.dbFor('sweeper'), harness.tableName);
    expect(await erasure.eraseDue(new Date())).toBe(0);
    const due = new Date(Date.parse(String(record.eraseAfter)) + 1000);
    expect(await erasure.eraseDue(due)).toBeGreaterThanOrEqual(1);
    const { Item: erased } = await harness.db.send(
      new GetCommand({ TableName: harness.tableName, Key: { pk: `MEMBER#${memberId}`, sk: 'MEMBER' } }),
    );
    for (const field of [
      'fullName',
      'phone',
      'phoneMasked',
      'idHash',
      'idNumberMasked',
      'leftNote',
      'phoneHash',
    ])
      expect(erased, field).not.toHaveProperty(field);
    expect(erased).toMatchObject({
      trade: 'courier',
      platforms: ['zto', 'yto'],
      county,
      leftReason: 'changed_work',
    });
    expect(JSON.stringify(erased)).not.toContain('改行');

    // Their ID number is free again: they can rejoin, as a new application and, once approved, a new member.
    const [again] = await pendingApplications(harness, 1, courier);
    expect(again?.applicationId).not.toBe(made?.applicationId);
    const rejoined = await approve(again?.applicationId as string);
    expect(rejoined).not.toBe(memberId);
    await expectConsistent(fallback, 1);
  });
});

describe('unions when DynamoDB throttles', () => {
  it('answers 503 with Retry-After, never 500, and the approval waits: nothing half-done (injected throttling)', async () => {
    let throttling = false;
    const throttled = throttlingClient(
      ({ input }) => throttling && JSON.stringify(input).includes('UNIONS'),
      'ThrottlingException',
    );
    const throttledHarness = await createHarness({ dynamoClient: throttled });
    const stack = await startHttpStack(throttledHarness);
    try {
      const token = await stack.token({ role: 'admin', sub: 'admin-throttled' });
      const [made] = await pendingApplications(throttledHarness, 1, {
        county: 'suijiang',
        trade: 'courier',
        platforms: ['zto'],
      });
      throttling = true;
      for (const [method, path, body] of [
        ['GET', '/api/unions', undefined],
        [
          'POST',
          '/api/unions',
          { name: '快递工会', kind: 'industry', county: 'suijiang', trade: 'courier', setUpOn: '2026-11-30' },
        ],
        ['POST', `/api/review/applications/${made?.applicationId}/decision`, { decision: 'approve' }],
      ] as const) {
        const answer = await stack.call(method, path, { token, ...(body ? { body } : {}) });
        expect(answer.status, `${method} ${path}`).toBe(503);
        expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect((await throttledHarness.store.get(made?.applicationId as string))?.status).toBe(
        'pending_review',
      );
      throttling = false;
      const approved = await stack.call('POST', `/api/review/applications/${made?.applicationId}/decision`, {
        token,
        body: { decision: 'approve' },
      });
      expect(approved.status).toBe(200);
    } finally {
      await stack.close();
      await throttledHarness.close();
    }
  });
});
