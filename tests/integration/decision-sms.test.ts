/**
 * Issue 12: applicants hear the outcome by SMS (through the notifications queue and notify, in their
 * language), a failed SMS never blocks or undoes a decision and shows on the application; staff get a
 * working-day digest (SMS to a mobile contact, the console banner for the rest).
 */
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDigestHandler } from '../../functions/digest/digest';
import { createNotifyHandler } from '../../functions/notify/notify';
import { createReviewHandler } from '../../functions/review/review';
import type { HttpHandler } from '../../local/gateway';
import { lambdaContext } from '../../local/lambda-context';
import { staffIdOf } from '../../shared/domain/staff';
import { addWorkingDays, beijingDate } from '../../shared/domain/working-days';
import { notificationQueue } from '../../shared/queue/notifications';
import { SmsFailed, type SmsSender } from '../../shared/sms/sender';
import { applicationStore } from '../../shared/storage/applications';
import { NOTIFICATIONS_SENT_PARTITION, PARTITIONS, staffDigestKey } from '../../shared/storage/keys';
import { recipientStore } from '../../shared/storage/recipients';
import { rosterStore } from '../../shared/storage/staff';
import { TABLE } from '../../shared/wiring';
import { sqsEvent } from '../support/events';
import { pendingApplications } from './support/applicants';
import { createHarness, type Harness } from './support/harness';
import { type HttpStack, startHttpStack } from './support/http-stack';
import { newPerson } from './support/people';

let harness: Harness;
let http: HttpStack;
let admin: string;
const logger = new Logger({ logLevel: 'SILENT' });

beforeAll(async () => {
  harness = await createHarness();
  http = await startHttpStack(harness);
  admin = await http.token({ role: 'admin', sub: 'admin-sms' });
});
afterAll(async () => {
  await http.close();
  await harness.close();
});

const decide = (applicationId: string, body: object) =>
  http.call('POST', `/api/review/applications/${applicationId}/decision`, { token: admin, body });
const detail = async (applicationId: string) =>
  (await http.call('GET', `/api/review/applications/${applicationId}`, { token: admin })).body as Record<
    string,
    unknown
  >;
const outboxItems = async () => (await harness.scan()).filter((i) => i.pk === PARTITIONS.notificationOutbox);

/** A notify function over the harness's table with its own SMS provider (to make it fail). */
const notifyWith = (sms: SmsSender) =>
  createNotifyHandler({
    recipients: recipientStore(harness.dbFor('notify'), harness.tableName),
    sms,
    persistence: new DynamoDBPersistenceLayer({
      tableName: harness.tableName,
      keyAttr: TABLE.partitionKey,
      sortKeyAttr: TABLE.sortKey,
      staticPkValue: NOTIFICATIONS_SENT_PARTITION,
      expiryAttr: TABLE.ttlAttribute,
      awsSdkV3Client: harness.dynamoFor('notify'),
    }),
    logger,
  });

describe('applicants hear the decision by SMS', () => {
  it('approval: the member number in the applicant’s language; the outbox item is gone; sent shows on the application', async () => {
    const person = newPerson();
    const [app] = await pendingApplications(harness, 1, { ...person, county: 'yiliang', locale: 'en' });
    const id = String(app?.applicationId);
    const response = await decide(id, { decision: 'approve' });
    expect(response.status).toBe(200);
    await harness.drainNotifications();
    const sms = harness.outbox.latestTo(person.phone, 'decisionApproved');
    expect(sms).toMatchObject({
      locale: 'en',
      params: { memberId: (response.body as { memberId: string }).memberId },
    });
    expect(await outboxItems()).toEqual([]);
    expect(await detail(id)).toMatchObject({
      status: 'approved',
      smsOutcome: { state: 'sent', template: 'decisionApproved' },
    });
  });

  it('rejection (bulk): the reason and that they may apply again, in Chinese', async () => {
    const person = newPerson();
    const [app] = await pendingApplications(harness, 1, { ...person, county: 'yiliang' });
    const response = await http.call('POST', '/api/review/decisions', {
      token: admin,
      body: { items: [{ applicationId: app?.applicationId, decision: 'reject', reason: '工作地不在本市' }] },
    });
    expect(response.status).toBe(200);
    await harness.drainNotifications();
    expect(harness.outbox.latestTo(person.phone, 'decisionRejected')).toMatchObject({
      locale: 'zh-CN',
      params: { reason: '工作地不在本市' },
    });
  });

  it('queue down at decision time: the decision stands, the SMS waits in the outbox and the sweeper queues it', async () => {
    const broken = await startHttpStack(harness, {
      review: createReviewHandler({
        ...http.reviewDeps,
        notifications: harness.brokenNotifications,
        hashKey: async () => harness.key,
        logger,
      }) as unknown as HttpHandler,
    });
    try {
      const token = await broken.token({ role: 'admin', sub: 'admin-queue-down' });
      const person = newPerson();
      const [app] = await pendingApplications(harness, 1, { ...person, county: 'yiliang' });
      const response = await broken.call('POST', `/api/review/applications/${app?.applicationId}/decision`, {
        token,
        body: { decision: 'approve' },
      });
      expect(response.status).toBe(200);
      expect((await harness.store.get(String(app?.applicationId)))?.status).toBe('approved');
      const waiting = await outboxItems();
      expect(waiting).toHaveLength(1);
      expect(JSON.stringify(waiting)).not.toContain(person.phone);
      const swept = await harness.sweeper({ olderThanSeconds: 0 }, lambdaContext('sweeper', 60));
      expect(swept.notificationsQueued).toBe(1);
      expect(await outboxItems()).toEqual([]);
      await harness.drainNotifications();
      expect(harness.outbox.latestTo(person.phone, 'decisionApproved')).toBeDefined();
    } finally {
      await broken.close();
    }
  });

  it('the provider refusing the SMS: the decision stays, the failure shows on the application', async () => {
    const [app] = await pendingApplications(harness, 1, { ...newPerson(), county: 'yiliang' });
    const id = String(app?.applicationId);
    const refusing = notifyWith({
      provider: 'outbox',
      send: async () => {
        throw new SmsFailed('refused', false, 'isv.BUSINESS_LIMIT_CONTROL');
      },
    });
    expect((await decide(id, { decision: 'reject', reason: '资料不全' })).status).toBe(200);
    const message = JSON.stringify({
      template: 'decisionRejected',
      recipient: { applicationId: id },
      params: { reason: '资料不全' },
      dedupeKey: `refused-test:${id}`,
      deliveryOn: { applicationId: id },
    });
    const result = await refusing(sqsEvent([message]), lambdaContext('notify', 20));
    expect(result.batchItemFailures).toEqual([]);
    expect(await detail(id)).toMatchObject({
      status: 'rejected',
      smsOutcome: { state: 'failed', reason: 'refused', providerCode: 'isv.BUSINESS_LIMIT_CONTROL' },
    });
  });

  it('a provider outage through the last delivery: marked failed before the dead-letter queue', async () => {
    const [app] = await pendingApplications(harness, 1, { ...newPerson(), county: 'yiliang' });
    const id = String(app?.applicationId);
    expect((await decide(id, { decision: 'approve' })).status).toBe(200);
    const down = notifyWith({
      provider: 'outbox',
      send: async () => {
        throw new SmsFailed('down', true, 'ServiceUnavailable');
      },
    });
    const body = JSON.stringify({
      template: 'decisionApproved',
      recipient: { applicationId: id },
      params: { memberId: 'M-test' },
      dedupeKey: `outage-test:${id}`,
      deliveryOn: { applicationId: id },
    });
    const first = sqsEvent([body]);
    // Every record of the batch failed: the whole batch is redelivered.
    await expect(down(first, lambdaContext('notify', 20))).rejects.toThrow(/All records failed/);
    expect((await detail(id)).smsOutcome).toBeUndefined();
    const last = sqsEvent([body]);
    (
      last.Records[0] as { attributes: { ApproximateReceiveCount: string } }
    ).attributes.ApproximateReceiveCount = '5';
    await expect(down(last, lambdaContext('notify', 20))).rejects.toThrow(/All records failed/);
    expect(await detail(id)).toMatchObject({
      status: 'approved',
      smsOutcome: { state: 'failed', reason: 'provider_unavailable' },
    });
  });
});

describe('the working-day digest', () => {
  const digestAt = (now: Date) =>
    createDigestHandler({
      applications: applicationStore(harness.dbFor('digest'), harness.tableName),
      roster: rosterStore(harness.dbFor('digest'), harness.tableName),
      notifications: notificationQueue(harness.sqs, harness.notificationsQueue.url),
      logger,
      now: () => now,
    });
  const setStaff = async (sub: string, body: object) => {
    const id = staffIdOf({ issuer: http.issuer, subject: sub });
    const response = await http.call('POST', `/api/staff/${id}`, { token: admin, body });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return id;
  };
  const storedDigest = async (staffId: string) =>
    (
      await harness.db.send(
        new GetCommand({ TableName: harness.tableName, Key: staffDigestKey(staffId), ConsistentRead: true }),
      )
    ).Item?.digest as Record<string, unknown> | undefined;

  it('reviewers see their county only, admins the city-wide overdue list, a deactivated reviewer nothing', async () => {
    await harness.drainNotifications();
    const a = [
      ...(await pendingApplications(harness, 1, { ...newPerson(), county: 'qiaojia' })),
      ...(await pendingApplications(harness, 1, { ...newPerson(), county: 'qiaojia' })),
    ];
    const b = await pendingApplications(harness, 1, { ...newPerson(), county: 'daguan' });
    await http.token({ role: 'reviewer', counties: 'qiaojia', sub: 'rev-a' });
    await http.token({ role: 'reviewer', counties: 'daguan', sub: 'rev-b' });
    await http.token({ role: 'reviewer', counties: 'qiaojia', sub: 'rev-gone' });
    const revA = await setStaff('rev-a', { contact: '13900000001' });
    // No contact (an e-mail address is refused: the reminder goes by SMS): the digest waits in the console.
    const revB = staffIdOf({ issuer: http.issuer, subject: 'rev-b' });
    const email = await http.call('POST', `/api/staff/${revB}`, {
      token: admin,
      body: { contact: 'rev-b@union.example.cn' },
    });
    expect(email.status).toBe(400);
    expect(email.body.fields).toHaveProperty('contact');
    const gone = await setStaff('rev-gone', { contact: '13900000002', active: false });
    const adminId = await setStaff('admin-sms', { contact: '13900000003' });

    // 17 working days after today, 09:00 Beijing: everything pending now is overdue.
    const day = addWorkingDays(beijingDate(new Date().toISOString()), 17);
    const result = await digestAt(new Date(`${day}T09:00:00+08:00`))(undefined, lambdaContext('digest', 60));
    expect(result).toMatchObject({ date: day });
    await harness.drainNotifications();

    const smsA = harness.outbox.latestTo('13900000001', 'reviewDigest');
    expect(smsA?.params).toEqual({ dueSoon: '0', overdue: '2', oldest: expect.any(String) });
    expect(a.map((x) => x.applicationId)).toContain(smsA?.params.oldest);
    expect(await storedDigest(revA)).toMatchObject({
      date: day,
      overdue: 2,
      counties: [{ county: 'qiaojia' }],
    });
    // No mobile contact: no SMS, the digest is stored for the console.
    expect(await storedDigest(revB)).toMatchObject({
      overdue: 1,
      oldest: [b[0]?.applicationId],
      counties: [{ county: 'daguan' }],
    });
    expect(harness.outbox.latestTo('13900000002', 'reviewDigest')).toBeUndefined();
    expect(await storedDigest(gone)).toBeUndefined();
    const smsAdmin = harness.outbox.latestTo('13900000003', 'overdueDigest');
    expect(Number(smsAdmin?.params.overdue)).toBeGreaterThanOrEqual(3);
    expect((await storedDigest(adminId))?.scope).toBe('city_overdue');
  });

  it('a non-working day (National Day, a Thursday) sends and stores nothing', async () => {
    const result = await digestAt(new Date('2026-10-01T09:00:00+08:00'))(
      undefined,
      lambdaContext('digest', 60),
    );
    expect(result).toEqual({ date: '2026-10-01', skipped: 'not_working_day', stored: 0, queued: 0 });
  });

  it('GET /api/staff/me carries today’s digest for the banner', async () => {
    const sub = 'rev-banner';
    await http.token({ role: 'reviewer', counties: 'qiaojia', sub });
    const token = await http.token({ role: 'reviewer', counties: 'qiaojia', sub });
    const staffId = staffIdOf({ issuer: http.issuer, subject: sub });
    const today = beijingDate(new Date().toISOString());
    await rosterStore(harness.db, harness.tableName).saveDigest(staffId, {
      date: today,
      scope: 'counties',
      dueSoon: 1,
      overdue: 0,
      oldest: ['A260101-ABCDEFGH'],
      counties: [],
    });
    const me = await http.call('GET', '/api/staff/me', { token });
    expect(me.body).toMatchObject({ digest: { date: today, dueSoon: 1 } });
  });
});
