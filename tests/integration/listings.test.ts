/**
 * Every look at personal data is on the record, and listings cannot be forged or paged forever
 * (docs/architecture.md §7): member listings are audited page by page like the export; cursors are sealed to their
 * listing and caller; a custom report period is bounded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../local/lambda-context';
import { sqsEvent } from '../support/events';
import { pendingApplications } from './support/applicants';
import { createHarness, type Harness } from './support/harness';
import { type HttpStack, startHttpStack } from './support/http-stack';

let harness: Harness;
let http: HttpStack;
let admin: string;
let reviewer: string;
let otherReviewer: string;

beforeAll(async () => {
  harness = await createHarness();
  http = await startHttpStack(harness);
  admin = await http.token({ role: 'admin', sub: 'admin-ann' });
  reviewer = await http.token({ role: 'reviewer', counties: 'yanjin', sub: 'reviewer-yan' });
  otherReviewer = await http.token({ role: 'reviewer', counties: 'yanjin', sub: 'reviewer-other' });
  const made = await pendingApplications(harness, 6, {
    county: 'yanjin',
    trade: 'courier',
    platforms: ['zto'],
  });
  for (const { applicationId } of made) {
    await http.call('POST', `/api/review/applications/${applicationId}/decision`, {
      token: admin,
      body: { decision: 'approve' },
    });
  }
  await harness.screening(sqsEvent([]), lambdaContext('screening', 20));
}, 60_000);
afterAll(async () => {
  await http.close();
  await harness.close();
});

const auditToday = async () => {
  const today = new Date().toISOString().slice(0, 10);
  const answer = await http.call('GET', `/api/audit?from=${today}&to=${today}&limit=100`, { token: admin });
  return answer.body.items as Array<{ action: string; actor: string; details?: Record<string, unknown> }>;
};

describe('member listings', () => {
  it('puts every page a reviewer sees on the audit trail: who, which filters, how many rows, which page', async () => {
    const first = await http.call('GET', '/api/members?county=yanjin&limit=4', { token: reviewer });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(4);
    const second = await http.call(
      'GET',
      `/api/members?county=yanjin&limit=4&cursor=${first.body.nextCursor}`,
      {
        token: reviewer,
      },
    );
    expect(second.body.items).toHaveLength(2);
    const listed = (await auditToday()).filter(
      (entry) => entry.action === 'members.list' && entry.actor === 'reviewer-yan',
    );
    expect(listed.map((entry) => entry.details)).toEqual(
      expect.arrayContaining([
        { rows: 4, page: 1, filters: JSON.stringify({ county: 'yanjin', limit: '4' }) },
        { rows: 2, page: 2, filters: JSON.stringify({ county: 'yanjin', limit: '4' }) },
      ]),
    );
  });

  it('refuses a cursor another reviewer was given, or one used with other filters', async () => {
    const first = await http.call('GET', '/api/members?county=yanjin&limit=2', { token: reviewer });
    const cursor = String(first.body.nextCursor);
    const stolen = await http.call('GET', `/api/members?county=yanjin&limit=2&cursor=${cursor}`, {
      token: otherReviewer,
    });
    expect(stolen.status).toBe(400);
    expect(stolen.body.error).toBe('invalid_cursor');
    const elsewhere = await http.call('GET', `/api/members?county=yanjin&limit=3&cursor=${cursor}`, {
      token: reviewer,
    });
    expect(elsewhere.status).toBe(400);
  });

  it('refuses a made-up cursor on every listing', async () => {
    const forged = Buffer.from(JSON.stringify({ part: 0, key: { pk: 'MEMBER#x', sk: 'MEMBER' } })).toString(
      'base64url',
    );
    for (const path of [
      '/api/members?county=yanjin',
      '/api/review/applications?county=yanjin',
      '/api/audit',
    ]) {
      const answer = await http.call('GET', `${path}${path.includes('?') ? '&' : '?'}cursor=${forged}`, {
        token: admin,
      });
      expect(answer.status, path).toBe(400);
      expect(answer.body.error, path).toBe('invalid_cursor');
    }
  });
});

describe('custom report periods', () => {
  const generate = (from: string, to: string) =>
    http.call('POST', '/api/reports/coverage', {
      token: admin,
      body: { from, to },
      headers: { 'accept-language': 'en' },
    });
  const day = (offsetDays: number) =>
    new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

  it('cannot start more than three years ago', async () => {
    const answer = await generate(day(-4 * 365), day(-4 * 365 + 30));
    expect(answer.status).toBe(400);
    expect(answer.body.fields).toEqual({ from: expect.stringMatching(/three years/) });
  });

  it('cannot end after today', async () => {
    const answer = await generate(day(-3), day(3));
    expect(answer.status).toBe(400);
    expect(answer.body.fields).toEqual({ to: expect.stringMatching(/after today/) });
  });

  it('may be any whole-day period in between', async () => {
    expect((await generate(day(-30), day(-1))).status).toBe(201);
  });
});
