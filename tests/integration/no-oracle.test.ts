/**
 * No membership oracle (README, "The API, with curl"): whether an ID number is known never changes the answer's status,
 * shape or the work done for it; the same person (same ID number, same proven phone) gets their own
 * application back; someone else with the ID number gets a new application that reviewers see as a
 * conflict; a member is told by SMS when their ID number is used; one ID number never has two members.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../local/lambda-context';
import { PERSONAL_FIELDS_MOVED_TO_MEMBER } from '../../shared/domain/member';
import { peopleCounterSk, personKey } from '../../shared/storage/keys';
import { validApplicationBody } from '../support/applications';
import { counterTotal } from '../support/counters';
import { sqsEvent } from '../support/events';
import { createHarness, type Harness, type HttpResponse } from './support/harness';
import { type HttpStack, startHttpStack } from './support/http-stack';
import { newPerson } from './support/people';

let harness: Harness;
let http: HttpStack;
let admin: string;
/** Every DynamoDB call intake makes (its own client) and every SQS call, by command and (for transactions) the kinds of their items. */
const calls: string[] = [];

beforeAll(async () => {
  harness = await createHarness();
  http = await startHttpStack(harness);
  admin = await http.token({ role: 'admin', sub: 'admin-ann' });
  const record = (client: { middlewareStack: { add: (...args: never[]) => void } }) =>
    (client.middlewareStack.add as (m: unknown, o: unknown) => void)(
      (next: (args: unknown) => Promise<unknown>, context: { commandName: string }) =>
        async (args: { input: { TransactItems?: Array<Record<string, unknown>> } }) => {
          const items = args.input.TransactItems?.map((item) => Object.keys(item)[0]).join('+');
          calls.push(items ? `${context.commandName}(${items})` : context.commandName);
          return next(args);
        },
      { step: 'initialize', name: 'recordCalls' },
    );
  record(harness.dbFor('intake') as never);
  record(harness.sqs as never);
});
afterAll(async () => {
  await http.close();
  await harness.close();
});
beforeEach(() => {
  calls.length = 0;
});

/** Submits with a code asked for beforehand, and returns the response with the calls intake alone made. */
const applyWithProof = async (body: Record<string, unknown>) => {
  const proof = await harness.provePhone(String(body.phone));
  calls.length = 0;
  const response = await harness.submit({ ...body, ...proof }, {}, {}, { prove: false });
  return { response, calls: [...calls] };
};

const screen = (...applicationIds: string[]) =>
  harness.screening(
    sqsEvent(applicationIds.map((applicationId) => JSON.stringify({ applicationId }))),
    lambdaContext('screening', 20),
  );

const person = async (idHash: string) =>
  (
    await harness.db.send(
      new GetCommand({ TableName: harness.tableName, Key: personKey(idHash), ConsistentRead: true }),
    )
  ).Item;

const shapeOf = (response: HttpResponse) => ({
  statusCode: response.statusCode,
  bodyKeys: Object.keys(response.body).sort(),
  headerKeys: Object.keys(response.headers).sort(),
  status: response.body.status,
  idShape: String(response.body.applicationId).replace(/[0-9A-Z]/g, 'x'),
  tokenLength: String(response.body.statusToken).length,
});

const idOf = (response: HttpResponse) => String(response.body.applicationId);

describe('someone else with a known ID number', () => {
  it('gets a 202 indistinguishable from anyone’s, made by the same calls as an unknown ID number’s', async () => {
    const owner = newPerson();
    const fresh = await applyWithProof(validApplicationBody(owner));
    const impostor = await applyWithProof(validApplicationBody({ ...owner, phone: newPerson().phone }));
    const stranger = await applyWithProof(validApplicationBody(newPerson()));

    expect(shapeOf(impostor.response)).toEqual(shapeOf(stranger.response));
    expect(shapeOf(impostor.response)).toEqual(shapeOf(fresh.response));
    expect(shapeOf(impostor.response).statusCode).toBe(202);
    // The same reads and the same transaction (application, person, code), the same one SQS send.
    expect(impostor.calls).toEqual(stranger.calls);
    expect(impostor.calls).toEqual([
      'GetItemCommand',
      'GetItemCommand',
      'TransactWriteItemsCommand(Put+Put+Update)',
      'SendMessageCommand',
    ]);
    expect(idOf(impostor.response)).not.toBe(idOf(fresh.response));
  });

  it('cannot lock the genuine worker out: both applications wait for reviewers, flagged on both sides', async () => {
    const worker = newPerson();
    const impostorFirst = await applyWithProof(validApplicationBody({ ...worker, phone: newPerson().phone }));
    const genuine = await applyWithProof(validApplicationBody({ ...worker, county: 'zhaoyang' }));
    expect(impostorFirst.response.statusCode).toBe(202);
    expect(genuine.response.statusCode).toBe(202);
    const [a, b] = [idOf(impostorFirst.response), idOf(genuine.response)];
    await screen(a, b);

    const list = await http.call('GET', '/api/review/applications?county=zhaoyang&limit=100', {
      token: admin,
    });
    const items = (
      list.body.items as Array<{ applicationId: string; flags: string[]; conflictsWith?: string[] }>
    ).filter((item) => item.applicationId === a || item.applicationId === b);
    expect(items).toHaveLength(2);
    for (const item of items) {
      expect(item.flags).toContain('id_conflict');
      expect(item.conflictsWith).toEqual([item.applicationId === a ? b : a]);
    }
    const detail = await http.call('GET', `/api/review/applications/${b}`, { token: admin });
    expect(detail.body).toMatchObject({ flags: ['id_conflict'], conflictsWith: [a] });
    // Neither open application's phone is told anything: the first may be an impostor's.
    await harness.drainNotifications();
    expect(harness.outbox.all().filter((sms) => sms.template !== 'verification')).toEqual([]);
  });

  it('deciding one of a pair never leaves two members: the second approval is 409 id_already_member', async () => {
    const worker = newPerson();
    const first = idOf(
      (await applyWithProof(validApplicationBody({ ...worker, county: 'ludian' }))).response,
    );
    const second = idOf(
      (await applyWithProof(validApplicationBody({ ...worker, phone: newPerson().phone, county: 'ludian' })))
        .response,
    );
    await screen(first, second);
    const people = peopleCounterSk('delivery_rider', 'ludian');
    const before = await counterTotal(harness.db, harness.tableName, people);
    const [approveA, approveB] = await Promise.all([
      http.call('POST', `/api/review/applications/${first}/decision`, {
        token: admin,
        body: { decision: 'approve' },
      }),
      http.call('POST', `/api/review/applications/${second}/decision`, {
        token: admin,
        body: { decision: 'approve' },
      }),
    ]);
    const statuses = [approveA.status, approveB.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = approveA.status === 409 ? approveA : approveB;
    const winner = approveA.status === 200 ? approveA : approveB;
    expect(loser.body).toMatchObject({ error: 'id_already_member', memberId: winner.body.memberId });
    const after = await counterTotal(harness.db, harness.tableName, people);
    expect(after).toBe(before + 1);

    // The loser is rejected; the conflict is gone from the list, and the person is the member alone.
    const loserId = approveA.status === 409 ? first : second;
    const rejected = await http.call('POST', `/api/review/applications/${loserId}/decision`, {
      token: admin,
      body: { decision: 'reject', reason: '身份证原件核对不符' },
    });
    expect(rejected.status).toBe(200);
    const idHash = String((await harness.store.get(loserId))?.idHash);
    expect(await person(idHash)).toMatchObject({ memberId: winner.body.memberId, open: {} });
  });

  it('sends the member a short SMS, once, and nothing to the one who applied', async () => {
    const member = newPerson();
    const applied = idOf((await applyWithProof(validApplicationBody(member))).response);
    await screen(applied);
    await http.call('POST', `/api/review/applications/${applied}/decision`, {
      token: admin,
      body: { decision: 'approve' },
    });
    const impostorPhone = newPerson().phone;
    const impostor = idOf(
      (await applyWithProof(validApplicationBody({ ...member, phone: impostorPhone }))).response,
    );
    await screen(impostor);
    await screen(impostor); // a redelivery queues nothing new: the application has moved on
    await harness.drainNotifications();
    const told = harness.outbox.all().filter((sms) => sms.template === 'idNumberUsed');
    expect(told.map((sms) => sms.to)).toEqual([member.phone]);
    expect(
      harness.outbox
        .all()
        .filter((sms) => sms.to === impostorPhone)
        .map((sms) => sms.template),
    ).toEqual(['verification']);
  });
});

describe('the same person again (same ID number, same proven phone)', () => {
  it('gets their open application back, with its token; nothing new is stored', async () => {
    const worker = newPerson();
    const first = (await applyWithProof(validApplicationBody(worker))).response;
    const applicationsBefore = (await harness.scan()).filter((i) => i.entity === 'application').length;
    const again = (await applyWithProof(validApplicationBody({ ...worker, workplace: '换了个站点' })))
      .response;
    expect(again.statusCode).toBe(202);
    expect(again.body).toEqual(first.body);
    expect((await harness.scan()).filter((i) => i.entity === 'application').length).toBe(applicationsBefore);
  });

  it('is the same person with a lowercase x', async () => {
    let worker = newPerson();
    while (!worker.idNumber.endsWith('X')) worker = newPerson();
    const first = (await applyWithProof(validApplicationBody(worker))).response;
    const lower = (
      await applyWithProof(validApplicationBody({ ...worker, idNumber: worker.idNumber.toLowerCase() }))
    ).response;
    expect(idOf(lower)).toBe(idOf(first));
  });

  it('as a member: gets the approved application and an SMS with the member number', async () => {
    const worker = newPerson();
    const applied = idOf((await applyWithProof(validApplicationBody(worker))).response);
    await screen(applied);
    const approved = await http.call('POST', `/api/review/applications/${applied}/decision`, {
      token: admin,
      body: { decision: 'approve' },
    });
    const again = (await applyWithProof(validApplicationBody(worker))).response;
    expect(again.statusCode).toBe(202);
    expect(again.body).toMatchObject({ applicationId: applied, status: 'approved' });
    const status = await harness.status(applied, String(again.body.statusToken));
    expect(status.body).toMatchObject({ status: 'approved', memberId: approved.body.memberId });
    await harness.drainNotifications();
    const sms = harness.outbox.latestTo(worker.phone, 'alreadyMember');
    expect(sms?.params).toEqual({ memberId: approved.body.memberId });
  });
});

describe('concurrent applications with one ID number', () => {
  it('are all accepted and all recorded on the person, none lost to a race', async () => {
    const worker = newPerson();
    const phones = Array.from({ length: 8 }, () => newPerson().phone);
    const proofs = await Promise.all(phones.map((phone) => harness.provePhone(phone)));
    const responses = await Promise.all(
      phones.map((phone, i) =>
        harness.submit(validApplicationBody({ ...worker, phone, ...proofs[i] }), {}, {}, { prove: false }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(phones.map(() => 202));
    const ids = responses.map(idOf);
    const idHash = String((await harness.store.get(ids[0] as string))?.idHash);
    const stored = await person(idHash);
    expect(Object.keys(stored?.open ?? {}).sort()).toEqual([...ids].sort());
    expect(stored?.version).toBe(8);
  });
});

describe('data kept only as long as needed', () => {
  it('an approved application hands its personal data to the member record', async () => {
    const worker = newPerson();
    const applied = idOf((await applyWithProof(validApplicationBody(worker))).response);
    await screen(applied);
    const approved = await http.call('POST', `/api/review/applications/${applied}/decision`, {
      token: admin,
      body: { decision: 'approve' },
    });
    const application = await harness.store.get(applied);
    for (const field of PERSONAL_FIELDS_MOVED_TO_MEMBER) expect(application).not.toHaveProperty(field);
    expect(application).toMatchObject({
      status: 'approved',
      memberId: approved.body.memberId,
      county: 'zhaoyang',
    });
    const everything = await harness.scan();
    const holdingPhone = everything.filter((item) => JSON.stringify(item).includes(worker.phone));
    expect(holdingPhone.map((item) => item.entity)).toEqual(['member']);
    expect(holdingPhone[0]).toMatchObject({ phoneHash: expect.any(String), locale: 'zh-CN' });
  });

  it('a rejected applicant leaves no person record behind', async () => {
    const worker = newPerson();
    const applied = idOf((await applyWithProof(validApplicationBody(worker))).response);
    await screen(applied);
    const idHash = String((await harness.store.get(applied))?.idHash);
    expect(await person(idHash)).toBeDefined();
    await http.call('POST', `/api/review/applications/${applied}/decision`, {
      token: admin,
      body: { decision: 'reject', reason: '不是本县区的劳动者' },
    });
    expect(await person(idHash)).toBeUndefined();
    // …and may apply again.
    expect((await applyWithProof(validApplicationBody(worker))).response.statusCode).toBe(202);
  });

  it('a phone used by a member is flagged on another person’s application', async () => {
    const member = newPerson();
    const applied = idOf((await applyWithProof(validApplicationBody(member))).response);
    await screen(applied);
    await http.call('POST', `/api/review/applications/${applied}/decision`, {
      token: admin,
      body: { decision: 'approve' },
    });
    const other = idOf(
      (await applyWithProof(validApplicationBody({ ...newPerson(), phone: member.phone }))).response,
    );
    await screen(other);
    expect((await harness.store.get(other))?.flags).toEqual(['phone_reused']);
  });
});
