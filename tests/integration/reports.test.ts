/** Coverage reports against a brute-force count over a randomised, seeded data set (issue 5). */

import { gunzipSync } from 'node:zlib';
import { Logger } from '@aws-lambda-powertools/logger';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateReport } from '../../functions/reports/generate';
import { createReportsHandler } from '../../functions/reports/reports';
import { lambdaContext } from '../../local/lambda-context';
import { catalog, workforce } from '../../shared/catalog/index';
import { dueDateOf } from '../../shared/domain/deadline';
import type { CoverageReport } from '../../shared/domain/report';
import { customPeriod } from '../../shared/domain/report-period';
import { beijingDate } from '../../shared/domain/working-days';
import { reportKey } from '../../shared/storage/keys';
import { reportStore } from '../../shared/storage/reports';
import { reviewStore } from '../../shared/storage/review';
import { type SeededApplication, seedApplications, seedStores } from '../support/seed';
import { createHarness, type Harness } from './support/harness';
import { type HttpStack, startHttpStack } from './support/http-stack';

const SEED = 20261128;
const COUNT = 1000;
const period = customPeriod('2026-10-05', '2026-10-18');

let harness: Harness;
let http: HttpStack;
let seeded: SeededApplication[];
let report: CoverageReport;

const bruteForce = (apps: SeededApplication[]) => {
  const start = period.start;
  const end = period.end;
  const approvedBy = (limit: string) =>
    apps.filter((a) => a.outcome === 'approved' && (a.decidedAt as string) < limit);
  const members = approvedBy(end);
  const decidedIn = apps.filter((a) => a.decidedAt && a.decidedAt >= start && a.decidedAt < end);
  const newMembers = decidedIn.filter((a) => a.outcome === 'approved');
  const pending = apps.filter((a) => a.outcome === 'pending');
  const cellCount = (list: SeededApplication[]) => {
    const counts = new Map<string, number>();
    for (const a of list)
      for (const p of a.platforms)
        counts.set(`${a.trade}|${p}|${a.county}`, (counts.get(`${a.trade}|${p}|${a.county}`) ?? 0) + 1);
    return counts;
  };
  const hours = decidedIn
    .map((a) => (Date.parse(a.decidedAt as string) - Date.parse(a.submittedAt)) / 3600_000)
    .sort((x, y) => x - y);
  const mid = Math.floor(hours.length / 2);
  const median = hours.length % 2 ? hours[mid] : ((hours[mid - 1] as number) + (hours[mid] as number)) / 2;
  return {
    totals: {
      members: members.length,
      newMembers: newMembers.length,
      pending: pending.length,
      approved: newMembers.length,
      rejected: decidedIn.filter((a) => a.outcome === 'rejected').length,
      medianReviewHours: Math.round((median as number) * 100) / 100,
      // Nobody leaves in this data set.
      left: 0,
      // Issue 12: decided on or before the due date (Beijing dates); the seed logs no calls.
      deadlines: (() => {
        const inTime = decidedIn.filter(
          (a) => beijingDate(a.decidedAt as string) <= dueDateOf(a.submittedAt),
        ).length;
        const rate = (n: number) =>
          decidedIn.length ? Math.round((n / decidedIn.length) * 10000) / 10000 : null;
        return {
          decided: decidedIn.length,
          decidedInTime: inTime,
          contactedInTime: 0,
          decidedInTimeRate: rate(inTime),
          contactedInTimeRate: rate(0),
        };
      })(),
    },
    cellMembers: cellCount(members),
    cellNew: cellCount(newMembers),
    cellPending: cellCount(pending),
    byCountyMembers: (county: string) => members.filter((a) => a.county === county).length,
    byTradeMembers: (trade: string) => members.filter((a) => a.trade === trade).length,
    byPlatformMembers: (platform: string) => members.filter((a) => a.platforms.includes(platform)).length,
    headWithMembers: catalog.platforms.filter(
      (p) => p.head && members.some((a) => a.platforms.includes(p.code)),
    ).length,
  };
};

beforeAll(async () => {
  harness = await createHarness();
  http = await startHttpStack(harness);
  const review = reviewStore(harness.db, harness.tableName);
  seeded = await seedApplications(
    seedStores(harness.db, harness.tableName, { applications: harness.store, review }),
    {
      count: COUNT,
      seed: SEED,
      from: new Date('2026-09-20T00:00:00Z'),
      to: new Date('2026-10-30T00:00:00Z'),
      prefix: '261001',
    },
  );
  const created = await http.call('POST', '/api/reports/coverage', {
    token: await http.token({ role: 'admin' }),
    body: { from: '2026-10-05', to: '2026-10-18' },
  });
  expect(created.status).toBe(201);
  report = created.body;
}, 240_000);
afterAll(async () => {
  await http.close();
  await harness.close();
});

describe(`a report over ${COUNT} seeded applications (seed ${SEED})`, () => {
  it('has the period, a deterministic id and the estimates’ source', () => {
    expect(report.reportId).toBe('custom-2026-10-05-to-2026-10-18');
    expect(report.periodStart).toBe(period.start);
    expect(report.periodEnd).toBe(period.end);
    expect(report.estimates).toEqual({ source: workforce.source, asOf: workforce.asOf });
  });

  it('totals equal the brute-force count', () => {
    expect(report.totals).toEqual(bruteForce(seeded).totals);
  });

  it('every (trade, platform, county) cell equals the brute-force count', () => {
    const truth = bruteForce(seeded);
    const keys = new Set([...truth.cellMembers.keys(), ...truth.cellNew.keys(), ...truth.cellPending.keys()]);
    for (const key of keys) {
      const [trade, platform, county] = key.split('|');
      const cell = report.cells.find(
        (c) => c.trade === trade && c.platform === platform && c.county === county,
      );
      expect(cell, key).toBeDefined();
      expect([cell?.members, cell?.newMembers, cell?.pending], key).toEqual([
        truth.cellMembers.get(key) ?? 0,
        truth.cellNew.get(key) ?? 0,
        truth.cellPending.get(key) ?? 0,
      ]);
    }
    for (const cell of report.cells) {
      const key = `${cell.trade}|${cell.platform}|${cell.county}`;
      if (!keys.has(key)) expect([cell.members, cell.newMembers, cell.pending], key).toEqual([0, 0, 0]);
    }
  });

  it('roll-ups: a member on two platforms counts once per trade and county, once under each platform', () => {
    const truth = bruteForce(seeded);
    for (const county of report.byCounty)
      expect(county.members, county.county).toBe(truth.byCountyMembers(county.county));
    for (const trade of report.byTrade)
      expect(trade.members, trade.trade).toBe(truth.byTradeMembers(trade.trade));
    for (const platform of report.byPlatform) {
      expect(platform.members, platform.platform).toBe(truth.byPlatformMembers(platform.platform));
    }
    expect(seeded.some((a) => a.outcome === 'approved' && a.platforms.length > 1)).toBe(true);
    expect(report.headPlatforms).toMatchObject({
      total: catalog.platforms.filter((p) => p.head).length,
      withMembers: truth.headWithMembers,
    });
  });

  it('coverage is members ÷ estimate where an estimate exists', () => {
    const withEstimate = report.cells.filter((c) => c.estimatedWorkforce !== undefined);
    expect(withEstimate.length).toBe(workforce.estimates.length);
    for (const cell of withEstimate) {
      expect(cell.coverage).toBeCloseTo(cell.members / (cell.estimatedWorkforce as number), 4);
    }
    expect(
      report.cells.filter((c) => c.estimatedWorkforce === undefined).every((c) => c.coverage === undefined),
    ).toBe(true);
  });

  it('a re-run of the same period gives the same report under the same id, not a second one', async () => {
    const store = reportStore(harness.dbFor('reports'), harness.tableName);
    const again = await generateReport({ reports: store, now: () => new Date() }, period);
    const { generatedAt: _a, ...first } = report;
    const { generatedAt: _b, ...second } = again.report;
    expect(second).toEqual(first);
    const list = await store.list();
    expect(list.filter((r) => r.reportId === report.reportId)).toHaveLength(1);
  });
});

describe('report routes', () => {
  it('a reviewer reads the latest report scoped to their counties, as JSON and as CSV', async () => {
    const token = await http.token({ role: 'reviewer', counties: 'zhaoyang' });
    const latest = await http.call('GET', '/api/reports/coverage/latest', { token });
    expect(latest.status).toBe(200);
    expect(new Set(latest.body.cells.map((c: { county: string }) => c.county))).toEqual(
      new Set(['zhaoyang']),
    );
    expect(latest.body.totals.members).toBe(bruteForce(seeded).byCountyMembers('zhaoyang'));
    const csv = await http.call('GET', `/api/reports/coverage/${report.reportId}?format=csv`, { token });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const rows = String(csv.body).trim().split('\r\n');
    expect(rows[0]).toContain('trade,platform,county,members');
    expect(rows.slice(1).every((row) => row.split(',')[2] === 'zhaoyang')).toBe(true);
  });

  it('is stored gzipped in its item, well under the item limit, and a report stored as a map still reads', async () => {
    const { Item } = await harness.db.send(
      new GetCommand({ TableName: harness.tableName, Key: reportKey(report.reportId) }),
    );
    expect(Item?.report).toBeUndefined();
    const packed = Item?.reportGzip as Uint8Array;
    expect(packed).toBeInstanceOf(Uint8Array);
    const json = JSON.stringify(report);
    // The same report (regenerated by the test above, hence a later generatedAt).
    const { generatedAt: _stored, ...stored } = JSON.parse(gunzipSync(packed).toString('utf8'));
    const { generatedAt: _sent, ...sent } = report;
    expect(stored).toEqual(sent);
    expect(packed.byteLength).toBeLessThan(json.length / 4);
    // A report written before gzip: the same item with the report as a map.
    const { reportGzip: _packed, ...rest } = Item as Record<string, unknown>;
    const older = { ...report, reportId: 'custom-2026-09-01-to-2026-09-07' };
    await harness.db.send(
      new PutCommand({
        TableName: harness.tableName,
        Item: { ...rest, ...reportKey(older.reportId), reportId: older.reportId, report: older },
      }),
    );
    const read = await http.call('GET', `/api/reports/coverage/${older.reportId}`, {
      token: await http.token({ role: 'admin' }),
    });
    expect(read.status).toBe(200);
    expect(read.body.totals).toEqual(report.totals);
  });

  it('lists reports; only administrators generate; unknown ids are 404', async () => {
    const reviewer = await http.token({ role: 'reviewer', counties: '*' });
    const list = await http.call('GET', '/api/reports/coverage', { token: reviewer });
    expect(list.body.items.map((r: { reportId: string }) => r.reportId)).toContain(report.reportId);
    expect((await http.call('POST', '/api/reports/coverage', { token: reviewer, body: {} })).status).toBe(
      403,
    );
    expect(
      (await http.call('GET', '/api/reports/coverage/weekly-1999-01-04', { token: reviewer })).status,
    ).toBe(404);
    expect((await http.call('GET', '/api/reports/coverage/nonsense', { token: reviewer })).status).toBe(404);
  });

  it('the weekly schedule event makes last week’s report', async () => {
    const handler = createReportsHandler({
      // A scheduled run has no caller: the roster is never asked.
      roster: { get: async () => undefined },
      reports: reportStore(harness.dbFor('reports'), harness.tableName),
      logger: new Logger({ logLevel: 'SILENT' }),
      now: () => new Date('2026-10-19T00:00:00Z'),
    });
    const result = (await handler({ kind: 'weekly' }, lambdaContext('reports', 60))) as { reportId: string };
    expect(result.reportId).toBe('weekly-2026-10-12');
  });
});
