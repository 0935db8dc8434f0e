/**
 * Issue 12: the contact log (POST /api/review/applications/{id}/contacts) and the due dates the review
 * listing and detail return. Every DynamoDB call goes through the review function's own grants
 * (harness.dbFor, local/table-access.ts), so a missing grant fails here as AccessDenied.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueDateOf } from '../../shared/domain/deadline';
import { applicationKey } from '../../shared/storage/keys';
import { pendingApplications } from './support/applicants';
import { createHarness, type Harness } from './support/harness';
import { type HttpStack, startHttpStack } from './support/http-stack';

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

const contacts = (id: string) => `/api/review/applications/${id}/contacts`;

describe('the contact log', () => {
  it('logs attempts in order, audits each, and a reached call ends "not contacted yet"', async () => {
    const [app] = await pendingApplications(harness, 1, { county: 'yiliang' });
    const id = String(app?.applicationId);

    const before = await http.call('GET', `/api/review/applications?county=yiliang`, { token: reviewer });
    expect(before.body.items.find((i: { applicationId: string }) => i.applicationId === id)).toMatchObject({
      awaitingContact: true,
      contactAttempts: 0,
    });

    const first = await http.call('POST', contacts(id), { token: reviewer, body: { outcome: 'no_answer' } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ applicationId: id, outcome: 'no_answer', by: 'reviewer-ray' });
    const second = await http.call('POST', contacts(id), {
      token: reviewer,
      body: { outcome: 'reached', note: '  下午再来补材料  ' },
    });
    expect(second.status).toBe(201);
    expect(second.body.note).toBe('下午再来补材料');

    const detail = await http.call('GET', `/api/review/applications/${id}`, { token: reviewer });
    expect(detail.body.contacts.map((c: { outcome: string }) => c.outcome)).toEqual(['no_answer', 'reached']);
    expect(detail.body).toMatchObject({
      awaitingContact: false,
      contactAttempts: 2,
      contactedAt: second.body.at,
      lastContactOutcome: 'reached',
    });

    const audit = await http.call('GET', '/api/audit', { token: admin });
    const logged = audit.body.items.filter(
      (e: { action: string; target: string }) => e.action === 'application.contact' && e.target === id,
    );
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatchObject({ actor: 'reviewer-ray', details: { county: 'yiliang' } });
    // The note stays in the log (which expires), never in the audit trail.
    expect(JSON.stringify(logged)).not.toContain('补材料');

    // Stored as items under the application's partition, with an expiry.
    const { Items = [] } = await harness.db.send(
      new QueryCommand({
        TableName: harness.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
        ExpressionAttributeValues: { ':pk': applicationKey(id).pk, ':c': 'CONTACT#' },
      }),
    );
    expect(Items).toHaveLength(2);
    expect(Number(Items[0]?.expiresAt)).toBeGreaterThan(Date.now() / 1000 + 179 * 86400);
  });

  it('is 404 outside the caller’s counties, and logs nothing there', async () => {
    const [app] = await pendingApplications(harness, 1, { county: 'weixin' });
    const response = await http.call('POST', contacts(String(app?.applicationId)), {
      token: reviewer,
      body: { outcome: 'reached' },
    });
    expect(response.status).toBe(404);
    const detail = await http.call('GET', `/api/review/applications/${app?.applicationId}`, { token: admin });
    expect(detail.body.contacts).toEqual([]);
  });

  it('answers 400 with a localised message for a bad outcome or a long note', async () => {
    const [app] = await pendingApplications(harness, 1, { county: 'yiliang' });
    const id = String(app?.applicationId);
    const zh = await http.call('POST', contacts(id), { token: reviewer, body: { outcome: 'busy' } });
    expect(zh.status).toBe(400);
    expect(zh.body.fields.outcome).toContain('联系结果');
    const en = await http.call('POST', contacts(id), {
      token: reviewer,
      body: { outcome: 'reached', note: 'x'.repeat(201) },
      headers: { 'accept-language': 'en' },
    });
    expect(en.status).toBe(400);
    expect(en.body.fields.note).toBe('The note may be at most 200 characters long.');
    const unknown = await http.call('POST', contacts(id), {
      token: reviewer,
      body: { outcome: 'reached', extra: 1 },
    });
    expect(unknown.status).toBe(400);
  });

  it('refuses a contact on a decided application (409), and a decision stops the clock', async () => {
    const [app] = await pendingApplications(harness, 1, { county: 'yiliang' });
    const id = String(app?.applicationId);
    const decided = await http.call('POST', `/api/review/applications/${id}/decision`, {
      token: reviewer,
      body: { decision: 'approve' },
    });
    expect(decided.status).toBe(200);
    const late = await http.call('POST', contacts(id), { token: reviewer, body: { outcome: 'reached' } });
    expect(late.status).toBe(409);
    const detail = await http.call('GET', `/api/review/applications/${id}`, { token: reviewer });
    expect(detail.body.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(detail.body).not.toHaveProperty('deadline');
    expect(detail.body).not.toHaveProperty('awaitingContact');
    const audit = await http.call('GET', '/api/audit', { token: admin });
    expect(
      audit.body.items.find(
        (e: { action: string; target: string }) => e.action === 'decision.approve' && e.target === id,
      )?.details,
    ).toMatchObject({ dueDate: detail.body.dueDate });
  });
});

describe('due dates in the review listing', () => {
  it('gives every application its due date (15 working days on) and where today stands, oldest = due first', async () => {
    await pendingApplications(harness, 3, { county: 'yiliang' });
    const listing = await http.call('GET', '/api/review/applications?county=yiliang', { token: reviewer });
    expect(listing.status).toBe(200);
    expect(listing.body.calendar).toMatchObject({ workingDays: 15, today: expect.stringMatching(/^\d{4}-/) });
    expect(Array.isArray(listing.body.calendar.unknownYears)).toBe(true);
    const items = listing.body.items as Array<{ submittedAt: string; dueDate: string; deadline: unknown }>;
    expect(items.length).toBeGreaterThanOrEqual(3);
    for (const item of items) {
      expect(item.dueDate).toBe(dueDateOf(item.submittedAt));
      expect(item.deadline).toMatchObject({ state: 'due', workingDays: expect.any(Number) });
    }
    const dueDates = items.map((i) => i.dueDate);
    expect([...dueDates].sort()).toEqual(dueDates);
  });
});
