/**
 * The report's union half against a brute-force count (issue 13): the head-platform union rate city-wide
 * and per county, members per union and in fallback unions, over a seeded city where unions are set up,
 * dissolved, members moved in bulk and members leave — and the rate before and after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../shared/catalog/index';
import type { CoverageReport } from '../../shared/domain/report';
import { fallbackUnionId } from '../../shared/domain/union';
import { reviewStore } from '../../shared/storage/review';
import { seedApplications, seedStores } from '../support/seed';
import { createHarness, type Harness } from './support/harness';
import { type HttpStack, startHttpStack } from './support/http-stack';

const HEAD = catalog.platforms.filter((p) => p.head).map((p) => p.code);
const COUNTIES = catalog.counties.map((c) => c.code);

let harness: Harness;
let http: HttpStack;
let admin: string;
let before: CoverageReport;
let after: CoverageReport;

const scanAll = () => harness.scan();

const generate = async (): Promise<CoverageReport> => {
  const made = await http.call('POST', '/api/reports/coverage', {
    token: admin,
    body: { from: '2026-10-01', to: '2026-10-31' },
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return made.body;
};

const seed = (count: number, seedNumber: number, prefix: string) =>
  seedApplications(
    seedStores(harness.db, harness.tableName, {
      applications: harness.store,
      review: reviewStore(harness.db, harness.tableName),
    }),
    {
      count,
      seed: seedNumber,
      from: new Date('2026-10-01T00:00:00Z'),
      to: new Date('2026-10-28T00:00:00Z'),
      prefix,
      shares: { pending: 0.1, approved: 0.8 },
    },
  );

const union = async (body: Record<string, unknown>) => {
  const made = await http.call('POST', '/api/unions', {
    token: admin,
    body: { setUpOn: '2026-11-20', ...body },
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return String(made.body.unionId);
};

/** The same figures from the records themselves: every union record and every member who has not left. */
const bruteForce = async () => {
  const items = await scanAll();
  const unions = items.filter((i) => i.entity === 'union');
  const members = items.filter((i) => i.entity === 'member' && !i.leftAt);
  const membersOf = (unionId: unknown) => members.filter((m) => m.unionId === unionId).length;
  const covering = (county?: string) =>
    HEAD.filter((platform) =>
      unions.some(
        (u) =>
          u.status === 'active' &&
          u.platform === platform &&
          (u.kind === 'platform' || u.kind === 'joint') &&
          (!county || u.county === county),
      ),
    );
  const inFallback = (county?: string) =>
    members.filter((m) => (!county || m.county === county) && m.unionId === fallbackUnionId(String(m.county)))
      .length;
  return {
    withUnion: covering().length,
    without: HEAD.filter((p) => !covering().includes(p)),
    perUnion: Object.fromEntries(unions.map((u) => [String(u.unionId), membersOf(u.unionId)])),
    byCounty: Object.fromEntries(
      COUNTIES.map((county) => [
        county,
        {
          withUnion: covering(county).length,
          members: members.filter((m) => m.county === county).length,
          inFallback: inFallback(county),
        },
      ]),
    ),
    members: members.length,
    inFallback: inFallback(),
  };
};

beforeAll(async () => {
  harness = await createHarness();
  http = await startHttpStack(harness);
  admin = await http.token({ role: 'admin', sub: 'admin-ann' });
  await seed(300, 131, '261001');
  before = await generate();

  // The drive sets unions up: head platforms in some counties, an industry union, a joint union for a
  // head platform, a non-head platform's union (which must not count), one dissolved again.
  const meituan = await union({
    name: '美团昭阳区工会',
    kind: 'platform',
    county: 'zhaoyang',
    platform: 'meituan',
  });
  await union({ name: '滴滴昭阳区工会', kind: 'platform', county: 'zhaoyang', platform: 'didi' });
  await union({ name: '滴滴鲁甸县工会', kind: 'platform', county: 'ludian', platform: 'didi' });
  await union({ name: '饿了么大关县联合工会', kind: 'joint', county: 'daguan', platform: 'eleme' });
  await union({ name: '盐津县快递行业工会', kind: 'industry', county: 'yanjin', trade: 'courier' });
  await union({ name: '达达昭阳区工会', kind: 'platform', county: 'zhaoyang', platform: 'dada' });
  const shortLived = await union({
    name: '美团鲁甸县工会',
    kind: 'platform',
    county: 'ludian',
    platform: 'meituan',
  });
  const moved = await http.call('POST', `/api/unions/${fallbackUnionId('zhaoyang')}/transfers`, {
    token: admin,
    body: { to: meituan, platform: 'meituan', reason: '美团工会成立' },
  });
  expect(moved.status).toBe(200);
  await seed(150, 132, '261002');
  const dissolved = await http.call('POST', `/api/unions/${shortLived}`, {
    token: admin,
    body: { status: 'dissolved', reason: '并入县联合工会' },
  });
  expect(dissolved.body.done).toBe(true);
  // Some members leave.
  const members = (await scanAll()).filter((i) => i.entity === 'member').slice(0, 7);
  for (const m of members) {
    const left = await http.call('POST', `/api/members/${m.memberId}/leave`, {
      token: admin,
      body: { reason: 'changed_work' },
    });
    expect(left.status).toBe(200);
  }
  after = await generate();
}, 240_000);
afterAll(async () => {
  await http.close();
  await harness.close();
});

describe('the head-platform union rate and members per union', () => {
  it('before any union is set up: no head platform has one, every member sits in a fallback union', () => {
    expect(before.unions?.headPlatforms).toMatchObject({ total: HEAD.length, withUnion: 0, rate: 0 });
    expect(before.unions?.inFallback).toBe(before.unions?.members);
    expect(before.unions?.members).toBe(before.totals.members);
  });

  it('after: the city-wide rate, the list of head platforms without a union', async () => {
    const brute = await bruteForce();
    expect(after.unions?.headPlatforms).toEqual({
      total: HEAD.length,
      withUnion: brute.withUnion,
      rate: Math.round((brute.withUnion / HEAD.length) * 10000) / 10000,
      with: HEAD.filter((p) => !brute.without.includes(p)),
      without: brute.without,
    });
    // meituan, didi, eleme (joint) — not dada (not a head platform), not the dissolved one.
    expect(brute.withUnion).toBe(3);
  });

  it('members per union, in fallback unions and per county equal the count over the member records', async () => {
    const brute = await bruteForce();
    expect(Object.fromEntries((after.unions?.perUnion ?? []).map((u) => [u.unionId, u.members]))).toEqual(
      brute.perUnion,
    );
    expect(after.unions?.members).toBe(brute.members);
    expect(after.unions?.inFallback).toBe(brute.inFallback);
    for (const county of after.unions?.byCounty ?? []) {
      expect(
        { withUnion: county.withUnion, members: county.members, inFallback: county.inFallback },
        county.county,
      ).toEqual(brute.byCounty[county.county]);
    }
    expect(after.unions?.byCounty.map((c) => c.county)).toEqual(COUNTIES);
    // The coverage totals are as at the period's end: the seven who left since count there still.
    expect(after.totals.members).toBe(brute.members + 7);
    expect(after.totals.left).toBe(0);
  });

  it('a reviewer sees the union figures of their counties only', async () => {
    const reviewer = await http.token({ role: 'reviewer', counties: 'zhaoyang', sub: 'reviewer-zoe' });
    const seen = await http.call('GET', `/api/reports/coverage/${after.reportId}`, { token: reviewer });
    expect(seen.status).toBe(200);
    const unions = seen.body.unions as NonNullable<CoverageReport['unions']>;
    expect(new Set(unions.perUnion.map((u) => u.county))).toEqual(new Set(['zhaoyang']));
    expect(unions.byCounty.map((c) => c.county)).toEqual(['zhaoyang']);
    const brute = await bruteForce();
    expect(unions.members).toBe(brute.byCounty.zhaoyang?.members);
    expect(unions.headPlatforms.withUnion).toBe(brute.byCounty.zhaoyang?.withUnion);
  });
});
