import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../local/lambda-context';
import { validApplicationBody } from '../support/applications';
import { createHarness, eventually, type Harness } from './support/harness';
import { newPerson } from './support/people';
import { throttlingClient } from './support/throttling';

const applicationsIn = async (harness: Harness) =>
  (await harness.scan()).filter((i) => i.entity === 'application');
/**
 * What a refused application must not leave behind: everything but the codes asked for to send it (and
 * the used challenges those requests carried).
 */
const storedBesidesCodes = async (harness: Harness) =>
  (await harness.scan()).filter((i) => i.entity !== 'verification' && i.entity !== 'challenge').length;

describe('POST /api/applications', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness();
  });
  afterAll(() => harness.close());

  it('accepts a valid application with 202 and stores it without the full ID number', async () => {
    const person = newPerson();
    const body = validApplicationBody({
      ...person,
      phone: `+86 ${person.phone.slice(0, 3)}-${person.phone.slice(3)}`,
    });
    const response = await harness.submit(body);

    expect(response.statusCode).toBe(202);
    expect(response.body).toMatchObject({ status: 'submitted' });
    expect(response.body.applicationId).toMatch(/^A\d{6}-[0-9A-Z]{8}$/);
    expect(typeof response.body.statusToken).toBe('string');
    expect(Date.parse(String(response.body.submittedAt))).not.toBeNaN();

    const record = await harness.store.get(String(response.body.applicationId));
    expect(record).toMatchObject({
      status: 'submitted',
      phone: person.phone,
      phoneMasked: `${person.phone.slice(0, 3)}****${person.phone.slice(-4)}`,
      idNumberMasked: `${person.idNumber.slice(0, 6)}********${person.idNumber.slice(-4)}`,
      consentVersion: expect.any(String),
      consentAt: response.body.submittedAt,
      trade: 'delivery_rider',
      platforms: ['meituan'],
      county: 'zhaoyang',
    });
    const everything = JSON.stringify(await harness.scan());
    expect(everything).not.toContain(person.idNumber);
    expect(everything).not.toContain(person.idNumber.slice(0, 14));
    expect(everything).not.toContain(String(response.body.statusToken));
  });

  it('replays the same response for the same Idempotency-Key and body, and stores one application', async () => {
    const person = newPerson();
    // A retry sends the very same body, code included: the phone is proven once.
    const body = validApplicationBody({ ...person, ...(await harness.provePhone(person.phone)) });
    const headers = { 'Idempotency-Key': 'form-fill-7f3a' };
    const before = (await applicationsIn(harness)).length;
    const [first, second] = await Promise.all([harness.submit(body, headers), harness.submit(body, headers)]);
    const third = await harness.submit(body, headers);
    expect(first.statusCode).toBe(202);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect((await applicationsIn(harness)).length).toBe(before + 1);
  });

  it('answers 422 when an Idempotency-Key is reused with another body', async () => {
    const headers = { 'Idempotency-Key': 'reused-key-1' };
    expect((await harness.submit(validApplicationBody(newPerson()), headers)).statusCode).toBe(202);
    const before = await storedBesidesCodes(harness);
    const other = await harness.submit(validApplicationBody(newPerson()), headers);
    expect(other.statusCode).toBe(422);
    expect(other.body.error).toBe('idempotency_key_reused');
    expect(await storedBesidesCodes(harness)).toBe(before);
  });

  it('refuses an Idempotency-Key longer than 64 characters', async () => {
    const response = await harness.submit(validApplicationBody(newPerson()), {
      'Idempotency-Key': 'k'.repeat(65),
    });
    expect(response.statusCode).toBe(400);
    expect(response.body.error).toBe('invalid_idempotency_key');
  });

  const invalid: Array<[string, Record<string, unknown>, string]> = [
    ['a name with digits', { fullName: '张3' }, 'fullName'],
    ['a one-character name', { fullName: ' 张 ' }, 'fullName'],
    ['a landline', { phone: '010-12345678' }, 'phone'],
    ['a wrong check digit', { idNumber: '110105194912310021' }, 'idNumber'],
    ['a 30 February birth date', { idNumber: '530602199002301230' }, 'idNumber'],
    ['an unknown trade', { trade: 'pilot' }, 'trade'],
    ['a platform that does not serve the trade', { trade: 'courier', platforms: ['meituan'] }, 'platforms'],
    ['no platform', { platforms: [] }, 'platforms'],
    [
      'six platforms',
      { trade: 'courier', platforms: ['sf_express', 'zto', 'yto', 'sto', 'ems', 'yunda'] },
      'platforms',
    ],
    ['other without a description', { platforms: ['other'] }, 'platformOther'],
    ['an unknown county', { county: 'beijing' }, 'county'],
    ['a workplace of 81 characters', { workplace: '站'.repeat(81) }, 'workplace'],
    ['a source with capitals', { source: 'Station-1' }, 'source'],
    ['consent given as a string', { consent: 'true' }, 'consent'],
    ['consent refused', { consent: false }, 'consent'],
    ['an unknown field', { nickname: 'x' }, 'nickname'],
    ['a number for a name', { fullName: 42 }, 'fullName'],
  ];

  it.each(invalid)('refuses %s with 400, names the field and stores nothing', async (_, override, field) => {
    const before = await storedBesidesCodes(harness);
    const response = await harness.submit(validApplicationBody({ ...newPerson(), ...override }));
    expect(response.statusCode).toBe(400);
    expect(response.body.error).toBe('validation_failed');
    expect(Object.keys(response.body.fields ?? {})).toContain(field);
    expect(typeof response.body.fields?.[field]).toBe('string');
    expect(await storedBesidesCodes(harness)).toBe(before);
    // The code that came with it is not spent: it is still good for the corrected application.
    const codes = (await harness.scan()).filter((i) => i.entity === 'verification');
    expect(codes.filter((code) => code.spentBy !== undefined).length).toBe(
      (await applicationsIn(harness)).length,
    );
  });

  it('refuses a missing required field and lists every problem at once', async () => {
    const { fullName: _, ...withoutName } = validApplicationBody({ ...newPerson(), county: 'nowhere' });
    const response = await harness.submit(withoutName);
    expect(response.statusCode).toBe(400);
    expect(Object.keys(response.body.fields ?? {}).sort()).toEqual(['county', 'fullName']);
  });

  it('localises messages: Chinese by default, English on Accept-Language or body locale', async () => {
    const zh = await harness.submit(validApplicationBody({ phone: '123' }));
    expect(zh.body.fields?.phone).toMatch(/手机号/);
    const en = await harness.submit(validApplicationBody({ phone: '123' }), {
      'Accept-Language': 'en-GB,en;q=0.9',
    });
    expect(en.body.message).toMatch(/check the marked fields/);
    expect(en.body.fields?.phone).toMatch(/mobile number/);
    const bodyLocale = await harness.submit(validApplicationBody({ phone: '123', locale: 'en' }));
    expect(bodyLocale.body.fields?.phone).toMatch(/mobile number/);
  });

  it('answers 413 for a body over 8 KiB, 415 for non-JSON and 400 for broken JSON', async () => {
    const before = await storedBesidesCodes(harness);
    const big = await harness.submit(validApplicationBody({ ...newPerson(), workplace: 'x'.repeat(9000) }));
    expect(big.statusCode).toBe(413);
    expect(big.body.error).toBe('payload_too_large');
    const form = await harness.submit(
      'fullName=a',
      {},
      { headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    );
    expect(form.statusCode).toBe(415);
    const broken = await harness.submit('{"fullName": "王', {});
    expect(broken.statusCode).toBe(400);
    expect(broken.body.error).toBe('invalid_json');
    expect(await storedBesidesCodes(harness)).toBe(before);
  });

  it.each([
    ['null', 'null'],
    ['an array', '[]'],
    ['a string', '"hello"'],
    ['a number', '42'],
    ['deep nesting', `${'['.repeat(2000)}${']'.repeat(2000)}`],
    ['unicode garbage', JSON.stringify({ fullName: '\u0000\u202e<script>', phone: '\ud800' })],
  ])('never answers 5xx to %s', async (_, raw) => {
    const response = await harness.submit(raw);
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
  });
});

describe('intake when the queue is down', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness({ brokenQueueForIntake: true });
  });
  afterAll(() => harness.close());

  it('still accepts the application, and the sweeper enqueues it for screening later', async () => {
    const response = await harness.submit(validApplicationBody(newPerson()));
    expect(response.statusCode).toBe(202);
    const applicationId = String(response.body.applicationId);
    expect((await harness.store.get(applicationId))?.status).toBe('submitted');

    harness.startPoller();
    await new Promise((r) => setTimeout(r, 1500));
    expect((await harness.store.get(applicationId))?.status).toBe('submitted');

    const swept = await harness.sweeper({ olderThanSeconds: 0 }, lambdaContext('sweeper', 60));
    expect(swept.requeued).toBeGreaterThanOrEqual(1);
    await eventually(
      () => harness.store.get(applicationId),
      (record) => record?.status === 'pending_review',
    );
  });

  it('leaves recent applications to the queue: the sweeper only takes those older than its threshold', async () => {
    const response = await harness.submit(validApplicationBody(newPerson()));
    const swept = await harness.sweeper(undefined, lambdaContext('sweeper', 60));
    expect(swept.found).toBe(0);
    expect((await harness.store.get(String(response.body.applicationId)))?.status).toBe('submitted');
  });
});

describe('intake when DynamoDB throttles', () => {
  it('answers 503 with Retry-After and stores nothing (injected throttling: the emulator cannot throttle)', async () => {
    let attempts = 0;
    // Intake's transaction (it writes the person), not the one that stores the code and its limits.
    const throttled = throttlingClient(({ commandName, input }) => {
      const hit = commandName === 'TransactWriteItemsCommand' && JSON.stringify(input).includes('PERSON#');
      if (hit) attempts++;
      return hit;
    });
    const harness = await createHarness({ dynamoClient: throttled });
    try {
      const response = await harness.submit(validApplicationBody(newPerson()));
      expect(response.statusCode).toBe(503);
      expect(response.body.error).toBe('service_unavailable');
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect(attempts).toBeGreaterThanOrEqual(1);
      // Nothing but the code the worker asked for, still unspent for their retry (and the challenge its
      // request used).
      const stored = await harness.scan();
      expect(stored.map((item) => item.entity).sort()).toEqual(['challenge', 'verification']);
      expect(stored.find((item) => item.entity === 'verification')?.spentBy).toBeUndefined();
    } finally {
      await harness.close();
    }
  });
});
