import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellCounterSk, peopleCounterSk } from '../../shared/storage/keys';
import { validApplicationBody } from '../support/applications';
import { counterTotal } from '../support/counters';
import { pendingApplications } from './support/applicants';
import { createHarness, type Harness } from './support/harness';
import { type HttpStack, startHttpStack } from './support/http-stack';
import { newPerson } from './support/people';

let harness: Harness;
let http: HttpStack;
let admin: string;
let reviewer: string;

beforeAll(async () => {
  harness = await createHarness();
  http = await startHttpStack(harness);
  admin = await http.token({ role: 'admin', sub: 'admin-ann' });
  reviewer = await http.token({ role: 'reviewer', counties: 'yiliang', sub: 'reviewer-ray' });
});
afterAll(async () => {
  await http.close();
  await harness.close();
});

const counter = (sk: string): Promise<number> => counterTotal(harness.db, harness.tableName, sk);

describe('decisions', () => {
  it('50 concurrent approvals of one application: exactly one 200, the rest 409, counters +1', async () => {
    const [app] = await pendingApplications(harness, 1, {
      county: 'weixin',
      trade: 'courier',
      platforms: ['sf_express', 'zto'],
    });
    const cells = [
      cellCounterSk('courier', 'sf_express', 'weixin'),
      cellCounterSk('courier', 'zto', 'weixin'),
    ];
    const people = peopleCounterSk('courier', 'weixin');
    const before = await Promise.all([...cells, people].map(counter));

    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        http.call('POST', `/api/review/applications/${app?.applicationId}/decision`, {
          token: admin,
          body: { decision: 'approve' },
        }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(responses.find((r) => r.status === 409)?.body).toMatchObject({
      error: 'already_decided',
      current: { status: 'approved', decidedBy: 'admin-ann' },
    });
    const after = await Promise.all([...cells, people].map(counter));
    expect(after).toEqual(before.map((n) => n + 1));

    const winner = responses.find((r) => r.status === 200)?.body;
    expect(winner).toMatchObject({
      status: 'approved',
      decidedBy: 'admin-ann',
      memberId: expect.stringMatching(/^M/),
    });
    const status = await harness.status(String(app?.applicationId), app?.statusToken);
    expect(status.body).toMatchObject({ status: 'approved', memberId: winner.memberId });
  });

  it('a rejection needs a reason, shows it to the applicant, and lets the person apply again', async () => {
    const person = newPerson();
    const [app] = await pendingApplications(harness, 1, { ...person, county: 'yiliang' });
    const path = `/api/review/applications/${app?.applicationId}/decision`;
    const noReason = await http.call('POST', path, { token: reviewer, body: { decision: 'reject' } });
    expect(noReason.status).toBe(400);
    expect(Object.keys(noReason.body.fields)).toEqual(['reason']);

    const rejected = await http.call('POST', path, {
      token: reviewer,
      body: { decision: 'reject', reason: '工作平台信息无法核实' },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', decidedBy: 'reviewer-ray' });
    const seen = await harness.status(String(app?.applicationId), app?.statusToken);
    expect(seen.body).toMatchObject({ status: 'rejected', rejectionReason: '工作平台信息无法核实' });
    const stored = await harness.store.get(String(app?.applicationId));
    const ttl = Number((stored as unknown as { expiresAt: number }).expiresAt);
    expect(ttl - Date.now() / 1000).toBeGreaterThan(179 * 86400);
    expect(ttl - Date.now() / 1000).toBeLessThan(181 * 86400);

    const again = await harness.submit(validApplicationBody({ ...person, county: 'yiliang' }));
    expect(again.statusCode).toBe(202);
  });

  it('bulk: each item gets its own result and one failure does not undo the others', async () => {
    const apps = await pendingApplications(harness, 3, { county: 'yiliang' });
    const [first, second, third] = apps.map((a) => a.applicationId);
    await http.call('POST', `/api/review/applications/${second}/decision`, {
      token: reviewer,
      body: { decision: 'approve' },
    });
    const response = await http.call('POST', '/api/review/decisions', {
      token: reviewer,
      body: {
        items: [
          { applicationId: first, decision: 'approve' },
          { applicationId: second, decision: 'reject', reason: 'duplicate' },
          { applicationId: third, decision: 'reject' },
          { applicationId: 'A000000-00000000', decision: 'approve' },
          { applicationId: 'nonsense', decision: 'maybe' },
        ],
      },
    });
    expect(response.status).toBe(200);
    const results = response.body.results;
    expect(results[0]).toMatchObject({ ok: true, applicationId: first, status: 'approved' });
    expect(results[1]).toMatchObject({
      ok: false,
      applicationId: second,
      statusCode: 409,
      error: 'already_decided',
    });
    expect(results[2]).toMatchObject({ ok: false, statusCode: 400, fields: { reason: expect.any(String) } });
    expect(results[3]).toMatchObject({ ok: false, statusCode: 404 });
    expect(results[4]).toMatchObject({ ok: false, statusCode: 400 });
    expect((await harness.store.get(String(first)))?.status).toBe('approved');
  });

  it('refuses more than 25 items in one bulk call', async () => {
    const items = Array.from({ length: 26 }, () => ({
      applicationId: 'A261128-AAAAAAAA',
      decision: 'approve',
    }));
    const response = await http.call('POST', '/api/review/decisions', { token: admin, body: { items } });
    expect(response.status).toBe(400);
    expect(response.body.fields).toHaveProperty('items');
  });
});

describe('the queue', () => {
  it('pages through more than one page oldest first, with masked ID and phone, never repeating or dropping', async () => {
    const made = await pendingApplications(harness, 57, { county: 'shuifu' });
    const token = await http.token({ role: 'reviewer', counties: 'shuifu' });
    const seen: Array<{
      applicationId: string;
      submittedAt: string;
      idNumberMasked: string;
      phoneMasked: string;
    }> = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/api/review/applications?limit=20${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await http.call('GET', query, { token });
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((i) => i.applicationId)).toEqual(made.map((m) => m.applicationId));
    const times = seen.map((i) => i.submittedAt);
    expect([...times].sort()).toEqual(times);
    for (const item of seen) {
      expect(item.idNumberMasked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
      expect(item.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect(item).not.toHaveProperty('phone');
      expect(JSON.stringify(item)).not.toMatch(/idHash|phoneHash|statusTokenHash/);
    }
  });

  it('filters by trade and platform across pages, without silently truncating', async () => {
    await pendingApplications(harness, 12, {
      county: 'suijiang',
      trade: 'ride_hailing_driver',
      platforms: ['didi'],
    });
    await pendingApplications(harness, 12, { county: 'suijiang', trade: 'courier', platforms: ['zto'] });
    const token = await http.token({ role: 'reviewer', counties: 'suijiang,shuifu' });
    const found: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/review/applications?platform=didi&limit=5${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await http.call('GET', query, { token });
      expect(page.status).toBe(200);
      found.push(...page.body.items.map((i: { platforms: string[] }) => i.platforms.join()));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(found).toEqual(Array(12).fill('didi'));
  });

  it('refuses an unknown filter value or a forged cursor with 400', async () => {
    expect((await http.call('GET', '/api/review/applications?county=paris', { token: admin })).status).toBe(
      400,
    );
    expect((await http.call('GET', '/api/review/applications?limit=1000', { token: admin })).status).toBe(
      400,
    );
    expect((await http.call('GET', '/api/review/applications?cursor=%7B%7D', { token: admin })).status).toBe(
      400,
    );
    const forged = Buffer.from(JSON.stringify({ part: 0, key: { pk: 'x' } })).toString('base64url');
    expect(
      (await http.call('GET', `/api/review/applications?cursor=${forged}`, { token: admin })).status,
    ).toBe(400);
  });

  it('shows one application in full, with the phone, and audits the view', async () => {
    const [app] = await pendingApplications(harness, 1, { county: 'yiliang' });
    const detail = await http.call('GET', `/api/review/applications/${app?.applicationId}`, {
      token: reviewer,
    });
    expect(detail.status).toBe(200);
    expect(detail.body.phone).toMatch(/^1\d{10}$/);
    const audit = await http.call('GET', '/api/audit', { token: admin });
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({
        action: 'application.view',
        target: app?.applicationId,
        actor: 'reviewer-ray',
      }),
    );
  });
});

describe('members', () => {
  it('lists an approved member under its trade and each platform, and exports CSV for administrators', async () => {
    const [app] = await pendingApplications(harness, 1, {
      county: 'daguan',
      trade: 'truck_driver',
      platforms: ['full_truck_alliance', 'huolala'],
    });
    const approved = await http.call('POST', `/api/review/applications/${app?.applicationId}/decision`, {
      token: admin,
      body: { decision: 'approve' },
    });
    const memberId = approved.body.memberId;
    for (const platform of ['full_truck_alliance', 'huolala']) {
      const list = await http.call(
        'GET',
        `/api/members?trade=truck_driver&platform=${platform}&county=daguan`,
        {
          token: admin,
        },
      );
      expect(list.body.items.map((m: { memberId: string }) => m.memberId)).toContain(memberId);
    }
    const other = await http.call('GET', '/api/members?trade=truck_driver&platform=kuaigou', {
      token: admin,
    });
    expect(other.body.items.map((m: { memberId: string }) => m.memberId)).not.toContain(memberId);

    const csv = await http.call('GET', '/api/members/export?county=daguan', { token: admin });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(String(csv.body)).toContain(memberId);
    const audit = await http.call('GET', '/api/audit', { token: admin });
    const actions = audit.body.items.map((i: { action: string }) => i.action);
    expect(actions).toEqual(expect.arrayContaining(['decision.approve', 'members.export']));
  });
});

describe('bulk decisions near the time limit', () => {
  it('answers the items it has no time left for with 503, never a timeout 500', async () => {
    const { Logger } = await import('@aws-lambda-powertools/logger');
    const { createReviewHandler } = await import('../../functions/review/review');
    const { lambdaContext } = await import('../../local/lambda-context');
    const { httpEvent } = await import('../support/events');
    const [app] = await pendingApplications(harness, 1, { county: 'yiliang' });
    const handler = createReviewHandler({
      ...http.reviewDeps,
      hashKey: async () => harness.key,
      logger: new Logger({ logLevel: 'SILENT' }),
    });
    const event = httpEvent({
      routeKey: 'POST /api/review/decisions',
      path: '/api/review/decisions',
      body: { items: [{ applicationId: app?.applicationId, decision: 'approve' }] },
    });
    await http.token({ role: 'admin', sub: 'admin-in-a-hurry' }); // on the roster
    Object.assign(event.requestContext, {
      authorizer: { jwt: { claims: { sub: 'admin-in-a-hurry', iss: http.issuer }, scopes: null } },
    });
    const almostOut = { ...lambdaContext('review', 15), getRemainingTimeInMillis: () => 1000 };
    const response = (await handler(event, almostOut)) as { statusCode: number; body: string };
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body).results[0]).toMatchObject({
      ok: false,
      statusCode: 503,
      error: 'service_unavailable',
    });
    expect((await harness.store.get(String(app?.applicationId)))?.status).toBe('pending_review');
  });
});
