/** The authorization matrix: every protected route × every kind of caller (README, "The API, with curl", issue 4). */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsFor, LOCAL_AUDIENCE, signLocalToken } from '../../local/local-issuer';
import { staffIdOf } from '../../shared/domain/staff';
import { ROUTES } from '../../shared/wiring';
import { pendingApplications } from './support/applicants';
import { createHarness, type Harness } from './support/harness';
import { type HttpStack, startHttpStack } from './support/http-stack';

const PROTECTED = ROUTES.filter((route) => route.auth === 'jwt');

let harness: Harness;
let http: HttpStack;
let tokens: Record<string, string | undefined>;
let inScopeIds: string[];
let reportId: string;
/** A zhaoyang union, the county's fallback union, and a zhaoyang member in the fallback union. */
let unionId: string;
const fallbackId = 'U-zhaoyang-fallback';
let memberId: string;

beforeAll(async () => {
  harness = await createHarness();
  http = await startHttpStack(harness);
  inScopeIds = (await pendingApplications(harness, 8, { county: 'zhaoyang' })).map((a) => a.applicationId);
  const admin = await http.token({ role: 'admin' });
  reportId = (await http.call('POST', '/api/reports/coverage', { token: admin, body: {} })).body.reportId;
  const [courier] = await pendingApplications(harness, 1, {
    county: 'zhaoyang',
    trade: 'courier',
    platforms: ['zto'],
  });
  memberId = (
    await http.call('POST', `/api/review/applications/${courier?.applicationId}/decision`, {
      token: admin,
      body: { decision: 'approve' },
    })
  ).body.memberId;
  unionId = (
    await http.call('POST', '/api/unions', {
      token: admin,
      body: {
        name: '美团昭阳区工会',
        kind: 'platform',
        county: 'zhaoyang',
        platform: 'meituan',
        setUpOn: '2026-11-30',
      },
    })
  ).body.unionId;
  const otherIssuer = mkdtempSync(join(tmpdir(), 'other-issuer-'));
  const publicPem = readFileSync(join(http.issuerDir, 'issuer', 'public.pem'));
  tokens = {
    'no token': undefined,
    'a malformed token': 'not-a-jwt',
    'a token signed with another key': await signLocalToken(otherIssuer, { role: 'admin' }, http.issuer),
    'an expired token': await http.token({ role: 'admin', expiresInSeconds: -60 }),
    'an alg:none token': new UnsecuredJWT(claimsFor({ role: 'admin' }))
      .setIssuer(http.issuer)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime('1h')
      .encode(),
    'an HS256 token keyed with the public key': await new SignJWT(claimsFor({ role: 'admin' }))
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(http.issuer)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime('1h')
      .sign(new Uint8Array(publicPem)),
    'a token in no group': await http.token({ role: 'none' }),
    'a reviewer of another county': await http.token({ role: 'reviewer', counties: 'ludian', sub: 'lu' }),
    'a reviewer of the county': await http.token({ role: 'reviewer', counties: 'zhaoyang', sub: 'zy' }),
    'an administrator': await http.token({ role: 'admin', sub: 'root' }),
  };
});
afterAll(async () => {
  await http.close();
  await harness.close();
});

let next = 0;
/** A request for the route; decisions take a fresh pending application each time. */
const requestFor = (route: (typeof PROTECTED)[number]) => {
  const n = next++;
  const id = inScopeIds[n % inScopeIds.length] as string;
  const path = route.path.replace(
    '{id}',
    route.path.startsWith('/api/reports/')
      ? reportId
      : route.path.startsWith('/api/staff/')
        ? staffIdOf({ issuer: http.issuer, subject: 'zy' })
        : route.path.startsWith('/api/unions/')
          ? route.method === 'POST' && route.path === '/api/unions/{id}'
            ? unionId
            : fallbackId
          : route.path.startsWith('/api/members/')
            ? memberId
            : id,
  );
  const staffBodies: Record<string, unknown> = {
    'POST /api/staff': {
      subject: `added-${n}`,
      displayName: '新审核员',
      role: 'reviewer',
      counties: ['zhaoyang'],
    },
    'POST /api/staff/invitations': { displayName: '受邀审核员', role: 'reviewer', counties: ['ludian'] },
    'POST /api/staff/invitations/redeem': { code: 'not-a-real-invitation-code' },
    'POST /api/staff/{id}': { displayName: '赵审核员' },
    'POST /api/unions': {
      name: `货车司机工会${n}`,
      kind: 'industry',
      county: 'zhaoyang',
      trade: 'truck_driver',
      setUpOn: '2026-11-30',
    },
    'POST /api/unions/{id}': { name: '美团昭阳区工会（更名）' },
    'POST /api/unions/{id}/transfers': { to: unionId, platform: 'meituan', reason: '整体接转' },
    'POST /api/members/{id}/transfer': { to: unionId, reason: '换平台' },
    'POST /api/members/{id}/leave': { reason: 'other' },
  };
  const body =
    route.path === '/api/review/decisions'
      ? { items: [{ applicationId: id, decision: 'reject', reason: 'test' }] }
      : route.path.endsWith('/decision')
        ? { decision: 'reject', reason: 'test' }
        : route.path.endsWith('/contacts')
          ? { outcome: 'no_answer' }
          : staffBodies[`${route.method} ${route.path}`];
  return { method: route.method, path, body };
};

/** Administrator-only routes. */
const adminOnly = (route: string) =>
  route.includes('/audit') ||
  route.includes('/export') ||
  route === 'POST /api/reports/coverage' ||
  (route.includes('/api/staff') && !forAnyIdentity(route)) ||
  // Setting up, changing and dissolving unions, and moving members: administrators.
  (route.startsWith('POST /api/unions') && route !== 'POST /api/members/{id}/leave') ||
  route === 'POST /api/members/{id}/transfer';

/** One union's or member's routes: out of a reviewer's counties, they do not exist (404). */
const countyRecord = (route: string) =>
  [
    'GET /api/unions/{id}',
    'GET /api/unions/{id}/members',
    'GET /api/members/{id}',
    'POST /api/members/{id}/leave',
  ].includes(route);

/** Routes for anyone signed in, on the roster or not yet: whether they are staff, and redeeming an invitation. */
const forAnyIdentity = (route: string) =>
  route === 'GET /api/staff/me' || route === 'POST /api/staff/invitations/redeem';
/** What those answer a valid identity: `me` 200; a made-up invitation code 400. */
const anyIdentityAnswer = (route: string) => (route === 'GET /api/staff/me' ? 200 : 400);

const expected: Record<string, (route: string) => number> = {
  'no token': () => 401,
  'a malformed token': () => 401,
  'a token signed with another key': () => 401,
  'an expired token': () => 401,
  'an alg:none token': () => 401,
  'an HS256 token keyed with the public key': () => 401,
  'a token in no group': (route) => (forAnyIdentity(route) ? anyIdentityAnswer(route) : 403),
  'a reviewer of another county': (route) =>
    forAnyIdentity(route)
      ? anyIdentityAnswer(route)
      : route.startsWith('GET /api/review/applications/{id}') ||
          route.endsWith('/decision') ||
          route.endsWith('/contacts') ||
          countyRecord(route)
        ? 404
        : adminOnly(route)
          ? 403
          : 200,
  'a reviewer of the county': (route) =>
    forAnyIdentity(route) ? anyIdentityAnswer(route) : adminOnly(route) ? 403 : 200,
  'an administrator': (route) => (forAnyIdentity(route) ? anyIdentityAnswer(route) : 200),
};

describe.each(PROTECTED.map((route) => [`${route.method} ${route.path}`, route] as const))(
  '%s',
  (routeKey, route) => {
    it.each(Object.keys(expected))('answers %s as it should', async (who) => {
      // 'already decided' would mask the answer we test: only the in-scope and admin cases decide.
      const request = requestFor(route);
      const response = await http.call(request.method, request.path, {
        token: tokens[who],
        body: request.body,
      });
      const want = (expected[who] as (r: string) => number)(routeKey);
      // Success is 200, or 201 for a generated report; a decision already taken by an earlier case (409)
      // still shows the caller got past authorization.
      // The same goes for a member who left already (member_left).
      const succeeded =
        response.status === 201 ||
        (response.status === 409 && (routeKey.includes('decision') || routeKey.endsWith('/leave')));
      expect(succeeded && want === 200 ? 200 : response.status, String(response.body?.error ?? '')).toBe(
        want,
      );
      if (want >= 400) {
        expect(response.body).toMatchObject({ error: expect.any(String), message: expect.any(String) });
      }
    });
  },
);

describe('scope', () => {
  it('hides out-of-county applications and members from lists, and a bulk item out of scope is not found', async () => {
    const other = tokens['a reviewer of another county'];
    const list = await http.call('GET', '/api/review/applications?status=pending_review', { token: other });
    expect(list.status).toBe(200);
    expect(list.body.items.filter((i: { county: string }) => i.county === 'zhaoyang')).toEqual([]);
    const asked = await http.call('GET', '/api/review/applications?county=zhaoyang', { token: other });
    expect(asked.body.items).toEqual([]);
    const bulk = await http.call('POST', '/api/review/decisions', {
      token: other,
      body: { items: [{ applicationId: inScopeIds[0], decision: 'approve' }] },
    });
    expect(bulk.body.results[0]).toMatchObject({ ok: false, statusCode: 404, error: 'not_found' });
  });
});
