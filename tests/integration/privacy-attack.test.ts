/**
 * The privacy attack of docs/architecture.md §7 against a table that went through every flow that stores something:
 * applications with and without Idempotency-Keys, replays, the same person again, conflicting ID
 * numbers, approvals, rejections, SMS notifications. Nothing stored lets the full ID number be rebuilt
 * without the hashing key. The attack is shown to work first, on the table plus one item written the
 * way the first version wrote its idempotency fingerprint.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../local/lambda-context';
import { COUNTER_PARTITIONS } from '../../shared/storage/keys';
import { validApplicationBody } from '../support/applications';
import { sqsEvent } from '../support/events';
import {
  carelessHashes,
  idNumbersBehind,
  type KnownSubmission,
  rebuildFromMasks,
  sweepItems,
} from '../support/privacy-attack';
import { createHarness, type Harness } from './support/harness';
import { type HttpStack, startHttpStack } from './support/http-stack';
import { newPerson } from './support/people';

let harness: Harness;
let http: HttpStack;
const sent: KnownSubmission[] = [];

const apply = async (body: Record<string, unknown>, headers: Record<string, string> = {}) => {
  const before = harness.sentBodies.length;
  const response = await harness.submit(body, headers);
  for (const bodyAsSent of harness.sentBodies.slice(before))
    sent.push({ idNumber: String(body.idNumber), bodyAsSent });
  return response;
};

beforeAll(async () => {
  harness = await createHarness();
  http = await startHttpStack(harness);
  const admin = await http.token({ role: 'admin', sub: 'admin-ann' });
  const ids: string[] = [];
  const people = Array.from({ length: 24 }, () => newPerson());
  for (const [i, person] of people.entries()) {
    const headers: Record<string, string> = i % 2 === 0 ? { 'Idempotency-Key': `attack-${i}` } : {};
    const response = await apply(validApplicationBody({ ...person, workplace: `站点${i}` }), headers);
    expect(response.statusCode).toBe(202);
    ids.push(String(response.body.applicationId));
  }
  // The same person again, someone else with a known ID number, a lowercase x.
  for (const person of people.slice(0, 3)) await apply(validApplicationBody(person));
  for (const person of people.slice(3, 6))
    await apply(validApplicationBody({ ...person, phone: newPerson().phone }));
  await apply(
    validApplicationBody({ ...(people[6] as object), idNumber: String(people[6]?.idNumber).toLowerCase() }),
  );
  await harness.screening(
    sqsEvent(ids.map((applicationId) => JSON.stringify({ applicationId }))),
    lambdaContext('screening', 20),
  );
  for (const applicationId of ids.slice(0, 8)) {
    await http.call('POST', `/api/review/applications/${applicationId}/decision`, {
      token: admin,
      body: { decision: 'approve' },
    });
  }
  for (const applicationId of ids.slice(8, 12)) {
    await http.call('POST', `/api/review/applications/${applicationId}/decision`, {
      token: admin,
      body: { decision: 'reject', reason: '材料不全' },
    });
  }
  // A member applies again; someone uses a member's ID number; the SMS go out.
  await apply(validApplicationBody(people[0]));
  const impostor = await apply(validApplicationBody({ ...(people[1] as object), phone: newPerson().phone }));
  await harness.screening(
    sqsEvent([JSON.stringify({ applicationId: impostor.body.applicationId })]),
    lambdaContext('screening', 20),
  );
  await harness.drainNotifications();
}, 120_000);

afterAll(async () => {
  await http.close();
  await harness.close();
});

describe('rebuilding ID numbers from the table, without the key', () => {
  it('works on a table with one carelessly hashed body in it (the attack is real)', async () => {
    const items = await harness.scan();
    const victim = sent[0] as KnownSubmission;
    const careless = {
      pk: 'IDEMPOTENCY#careless',
      sk: 'IDEMPOTENCY',
      fingerprint: createHash('sha256').update(String(victim.bodyAsSent)).digest('base64url'),
    };
    expect(sweepItems([...items, careless], carelessHashes(sent)).findings).toEqual([
      expect.stringContaining('IDEMPOTENCY#careless'),
    ]);

    const masked = items.find((item) => item.idNumberMasked && item.entity === 'application');
    const behind = idNumbersBehind(String(masked?.idNumberMasked));
    expect(behind.length).toBeGreaterThan(3000);
    const secret = behind[1234] as string;
    const unkeyedIdHash = {
      pk: 'PERSON#careless',
      sk: 'PERSON',
      idHash: createHash('sha256').update(secret).digest('hex'),
    };
    const rebuilt = rebuildFromMasks(
      [...items, unkeyedIdHash].filter((item) => item === masked || item === unkeyedIdHash),
    );
    expect(rebuilt.rebuilt).toEqual([secret]);
  });

  it('finds no unkeyed hash of any ID number or body, and no raw ID number, in any attribute of any item', async () => {
    const items = await harness.scan();
    // Every kind of item the flows write is here to be searched (counters and sent-SMS records have no entity).
    expect(new Set(items.map((item) => item.entity))).toEqual(
      new Set([
        'application',
        'person',
        'verification',
        'challenge',
        'idempotency',
        'member',
        'member-by-platform',
        'audit',
        'staff',
        // Placement: the county's fallback union, its directory, the member's entry in it.
        'union',
        'union-directory',
        'union-member',
        undefined,
      ]),
    );
    expect(items.some((item) => item.pk === 'NOTIFICATIONS#sent')).toBe(true);
    expect(items.some((item) => COUNTER_PARTITIONS.includes(String(item.pk)))).toBe(true);
    const report = sweepItems(items, carelessHashes(sent));
    expect(report.findings).toEqual([]);
    expect(report.items).toBe(items.length);
    expect(report.hashesTried).toBeGreaterThan(sent.length * 50);
    console.log(
      `privacy attack (integration): ${report.items} items, ${report.attributes} attribute values, ` +
        `${report.hashesTried} careless hashes of ${sent.length} submissions tried: nothing found`,
    );
  });

  it('cannot rebuild any ID number from its masked form by guessing the birth date', async () => {
    const items = await harness.scan();
    const report = rebuildFromMasks(items, { sample: 12 });
    expect(report.masks).toBe(12);
    expect(report.guesses).toBeGreaterThan(12 * 3000);
    expect(report.rebuilt).toEqual([]);
  });
});
