/**
 * Proving the phone (docs/architecture.md §7): POST /api/phone-verifications and the code's life inside intake —
 * stored only as a keyed hash, 10 minutes, 5 tries, bound to the phone, spent by one application — the
 * per-phone limits, and the proof of work every code request carries (a challenge from
 * GET /api/challenge, solved, good once and for five minutes), against DynamoDB Local.
 */
import { createHash } from 'node:crypto';
import { DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ALTCHA_VALID_SECONDS } from '../../shared/domain/altcha';
import { phoneCodeLimits } from '../../shared/domain/limits';
import { CODE_VALID_SECONDS, MAX_CODE_ATTEMPTS } from '../../shared/domain/verification';
import { SmsFailed, type SmsSender } from '../../shared/sms/sender';
import { solveAltcha } from '../support/altcha';
import { validApplicationBody } from '../support/applications';
import {
  createHarness,
  credentials,
  HARNESS_ALTCHA_MAX_NUMBER,
  type Harness,
  region,
} from './support/harness';
import { newPerson } from './support/people';

const codesIn = async (harness: Harness) =>
  (await harness.scan()).filter((item) => item.entity === 'verification');

describe('POST /api/phone-verifications', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness();
  });
  afterAll(() => harness.close());

  it('answers 202 with a verification and sends a 6-digit code to the phone, storing neither code nor phone', async () => {
    const { phone } = newPerson();
    const response = await harness.requestCode({ phone: `+86 ${phone.slice(0, 3)} ${phone.slice(3)}` });
    expect(response.statusCode).toBe(202);
    expect(Object.keys(response.body).sort()).toEqual(['expiresAt', 'resendAfterSeconds', 'verificationId']);
    expect(response.body.verificationId).toMatch(/^V[A-Za-z0-9_-]{22}$/);
    // This harness sets no per-phone limits, so a new code may be asked for at once.
    expect(response.body.resendAfterSeconds).toBe(0);
    const lifetime = Date.parse(String(response.body.expiresAt)) - Date.now();
    expect(lifetime).toBeGreaterThan((CODE_VALID_SECONDS - 5) * 1000);
    expect(lifetime).toBeLessThanOrEqual(CODE_VALID_SECONDS * 1000);

    const sent = harness.outbox.latestTo(phone, 'verification');
    expect(sent).toMatchObject({ to: phone, template: 'verification', locale: 'zh-CN' });
    const code = String(sent?.params.code);
    expect(code).toMatch(/^\d{6}$/);

    const stored = (await codesIn(harness)).find(
      (item) => item.verificationId === response.body.verificationId,
    );
    expect(stored).toBeDefined();
    const text = JSON.stringify(stored);
    expect(text).not.toContain(phone);
    // Not the code, nor any unkeyed hash of it (a million guesses would undo one).
    for (const algorithm of ['sha256', 'sha1', 'md5']) {
      for (const encoding of ['hex', 'base64', 'base64url'] as const) {
        expect(text).not.toContain(createHash(algorithm).update(code).digest(encoding));
      }
    }
    expect(Object.values(stored ?? {})).not.toContain(code);
    expect(stored?.expiresAt).toBeGreaterThan(Date.now() / 1000 + CODE_VALID_SECONDS);
  });

  it('writes the SMS in the language asked for', async () => {
    const { phone } = newPerson();
    await harness.requestCode({ phone, locale: 'en' });
    expect(harness.outbox.latestTo(phone, 'verification')?.locale).toBe('en');
    const { phone: other } = newPerson();
    await harness.requestCode({ phone: other }, { 'Accept-Language': 'en-US' });
    expect(harness.outbox.latestTo(other, 'verification')?.locale).toBe('en');
  });

  it.each([
    ['a landline', { phone: '010-12345678' }, 'phone'],
    ['an unassigned prefix', { phone: '15412345678' }, 'phone'],
    ['no phone', {}, 'phone'],
    ['an unknown field', { phone: '13912345678', idNumber: '530602199003071235' }, 'idNumber'],
    ['a number for the phone', { phone: 13912345678 }, 'phone'],
  ])('refuses %s with 400 at the field and sends nothing', async (_case, body, field) => {
    const before = harness.outbox.all().length;
    const response = await harness.requestCode(body);
    expect(response.statusCode).toBe(400);
    expect(response.body.error).toBe('validation_failed');
    expect(Object.keys(response.body.fields ?? {})).toEqual([field]);
    expect(harness.outbox.all().length).toBe(before);
  });

  it('answers the same whatever the phone’s history: a member’s phone gets what a new one gets', async () => {
    const member = newPerson();
    const applied = await harness.submit(validApplicationBody(member));
    expect(applied.statusCode).toBe(202);
    const known = await harness.requestCode({ phone: member.phone });
    const unknown = await harness.requestCode({ phone: newPerson().phone });
    expect(known.statusCode).toBe(unknown.statusCode);
    expect(Object.keys(known.body).sort()).toEqual(Object.keys(unknown.body).sort());
    expect(Object.keys(known.headers).sort()).toEqual(Object.keys(unknown.headers).sort());
  });
});

describe('the code inside an application', () => {
  let harness: Harness;
  let clock = Date.now();
  beforeAll(async () => {
    harness = await createHarness({ now: () => new Date(clock) });
  });
  afterAll(() => harness.close());

  const proven = async () => {
    const person = newPerson();
    return { person, proof: await harness.provePhone(person.phone) };
  };
  const apply = (body: Record<string, unknown>) => harness.submit(body, {}, {}, { prove: false });
  const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('is spent by the application it proves, once', async () => {
    const { person, proof } = await proven();
    const first = await apply(validApplicationBody({ ...person, ...proof }));
    expect(first.statusCode).toBe(202);
    const stored = (await codesIn(harness)).find((item) => item.verificationId === proof.verificationId);
    expect(stored?.spentBy).toBe(first.body.applicationId);

    // The same code for another application (another person who saw the SMS): spent.
    const other = newPerson();
    const second = await apply(validApplicationBody({ ...other, phone: person.phone, ...proof }));
    expect(second.statusCode).toBe(400);
    expect(second.body.fields).toEqual({ verificationCode: expect.stringContaining('用过') });
  });

  it('counts wrong codes: after 5 even the right one is refused, and nothing is stored', async () => {
    const { person, proof } = await proven();
    const applicationsBefore = (await harness.scan()).filter((i) => i.entity === 'application').length;
    for (let attempt = 1; attempt <= MAX_CODE_ATTEMPTS; attempt++) {
      const response = await apply(
        validApplicationBody({ ...person, ...proof, verificationCode: wrongCode(proof.verificationCode) }),
      );
      expect(response.statusCode).toBe(400);
      expect(response.body.fields?.verificationCode).toContain('不对');
    }
    const right = await apply(validApplicationBody({ ...person, ...proof }));
    expect(right.statusCode).toBe(400);
    expect(right.body.fields?.verificationCode).toContain('次数太多');
    const stored = (await codesIn(harness)).find((item) => item.verificationId === proof.verificationId);
    expect(stored?.attempts).toBe(MAX_CODE_ATTEMPTS);
    expect((await harness.scan()).filter((i) => i.entity === 'application').length).toBe(applicationsBefore);
  });

  it('accepts the right code after a few wrong ones', async () => {
    const { person, proof } = await proven();
    for (let attempt = 1; attempt < MAX_CODE_ATTEMPTS; attempt++) {
      const wrong = await apply(
        validApplicationBody({ ...person, ...proof, verificationCode: wrongCode(proof.verificationCode) }),
      );
      expect(wrong.statusCode).toBe(400);
    }
    expect((await apply(validApplicationBody({ ...person, ...proof }))).statusCode).toBe(202);
  });

  it('expires after 10 minutes', async () => {
    const { person, proof } = await proven();
    clock += (CODE_VALID_SECONDS + 1) * 1000;
    try {
      const response = await apply(validApplicationBody({ ...person, ...proof }));
      expect(response.statusCode).toBe(400);
      expect(response.body.fields?.verificationCode).toContain('过期');
    } finally {
      clock = Date.now();
    }
  });

  it('is bound to the phone it was sent to', async () => {
    const { person, proof } = await proven();
    const response = await apply(validApplicationBody({ ...person, phone: newPerson().phone, ...proof }));
    expect(response.statusCode).toBe(400);
    expect(response.body.fields?.verificationCode).toContain('另一个手机号');
    // …and still good for its own phone.
    expect((await apply(validApplicationBody({ ...person, ...proof }))).statusCode).toBe(202);
  });

  it('refuses an unknown verification as expired, and a missing one asks for a code first', async () => {
    const { person } = await proven();
    const unknown = await apply(
      validApplicationBody({ ...person, verificationId: `V${'Z'.repeat(22)}`, verificationCode: '123456' }),
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body.fields).toEqual({ verificationCode: expect.stringContaining('过期') });
    const { verificationId: _id, verificationCode: _code, ...without } = validApplicationBody(person);
    const missing = await apply(without);
    expect(missing.statusCode).toBe(400);
    expect(missing.body.fields).toEqual({ verificationCode: expect.stringContaining('获取验证码') });
  });

  it('lets two concurrent applications with one code spend it once', async () => {
    const { person, proof } = await proven();
    const body = validApplicationBody({ ...person, ...proof });
    const other = validApplicationBody({ ...person, ...proof, workplace: '北门站' });
    const responses = await Promise.all([apply(body), apply(other)]);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([202, 400]);
    const stored = (await codesIn(harness)).find((item) => item.verificationId === proof.verificationId);
    expect(responses.find((r) => r.statusCode === 202)?.body.applicationId).toBe(stored?.spentBy);
  });
});

describe('per-phone limits on codes', () => {
  let harness: Harness;
  let clock = Date.parse('2026-11-30T02:00:00Z');
  beforeAll(async () => {
    harness = await createHarness({ phoneLimits: phoneCodeLimits({}), now: () => new Date(clock) });
  });
  afterAll(() => harness.close());

  it('allows one code a minute: the second within the minute is 429 with Retry-After, and no SMS', async () => {
    const { phone } = newPerson();
    const first = await harness.requestCode({ phone });
    expect(first.statusCode).toBe(202);
    expect(first.body.resendAfterSeconds).toBe(60);
    const sent = harness.outbox.all().length;
    clock += 20_000;
    const again = await harness.requestCode({ phone });
    expect(again.statusCode).toBe(429);
    expect(again.body.error).toBe('too_many_requests');
    expect(again.body.message).toMatch(/频繁/);
    expect(Number(again.headers['retry-after'])).toBe(40);
    expect(harness.outbox.all().length).toBe(sent);
    clock += 40_000;
    expect((await harness.requestCode({ phone })).statusCode).toBe(202);
  });

  it('allows 5 an hour and 10 a day; a refused request counts against nothing', async () => {
    const { phone } = newPerson();
    clock = Date.parse('2026-12-01T00:00:30Z');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await harness.requestCode({ phone })).statusCode);
      clock += 61_000;
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    // The next hour: five more, then the day is full (10) until midnight UTC's window ends.
    clock = Date.parse('2026-12-01T01:00:30Z');
    const next: number[] = [];
    for (let i = 0; i < 6; i++) {
      next.push((await harness.requestCode({ phone })).statusCode);
      clock += 61_000;
    }
    expect(next).toEqual([202, 202, 202, 202, 202, 429]);
    clock = Date.parse('2026-12-01T02:00:30Z');
    const full = await harness.requestCode({ phone });
    expect(full.statusCode).toBe(429);
    expect(Number(full.headers['retry-after'])).toBe(22 * 3600 - 30);
    // Another phone is not affected.
    expect((await harness.requestCode({ phone: newPerson().phone })).statusCode).toBe(202);
  });

  it('counts a request that failed against nothing: the retry it was told to make gets a code', async () => {
    // DynamoDB throttles every write of a verification item (the SDK's own retries spent: one attempt).
    let throttling = true;
    const dynamo = () => {
      const client = new DynamoDBClient({
        endpoint: inject('dynamoEndpoint'),
        region,
        credentials,
        maxAttempts: 1,
      });
      client.middlewareStack.add(
        (next) => async (args) => {
          if (throttling && JSON.stringify(args.input).includes('VERIFICATION#'))
            throw new ProvisionedThroughputExceededException({ message: 'throttled (test)', $metadata: {} });
          return next(args);
        },
        { step: 'initialize', name: 'throttleVerificationWrites' },
      );
      return client;
    };
    const throttled = await createHarness({ phoneLimits: phoneCodeLimits({}), dynamoClient: dynamo });
    try {
      const { phone } = newPerson();
      const failed = await throttled.requestCode({ phone });
      expect(failed.statusCode).toBe(503);
      throttling = false;
      await new Promise((r) => setTimeout(r, 1000 * Number(failed.headers['retry-after'])));
      expect((await throttled.requestCode({ phone })).statusCode).toBe(202);
      expect(throttled.outbox.all().filter((sms) => sms.to === phone)).toHaveLength(1);
      expect(await codesIn(throttled)).toHaveLength(1);
    } finally {
      await throttled.close();
    }
  });

  it('stores the limits only as keyed hashes that expire', async () => {
    const limits = (await harness.scan()).filter((item) => String(item.pk).startsWith('LIMIT#'));
    expect(limits.length).toBeGreaterThan(0);
    for (const item of limits) {
      expect(JSON.stringify(item)).not.toMatch(/1[3-9]\d{9}/);
      expect(typeof item.expiresAt).toBe('number');
    }
  });
});

describe('when the SMS provider fails', () => {
  const failing = (retryable: boolean): SmsSender => ({
    provider: 'outbox',
    send: async () => {
      throw new SmsFailed(
        'provider says no',
        retryable,
        retryable ? 'Throttling' : 'isv.MOBILE_NUMBER_ILLEGAL',
      );
    },
  });

  it('answers 503 while the provider is down, with the Retry-After the phone’s next code would get', async () => {
    let clock = Date.parse('2026-11-30T03:00:00Z');
    const harness = await createHarness({
      sms: failing(true),
      phoneLimits: phoneCodeLimits({}),
      now: () => new Date(clock),
    });
    try {
      const phone = newPerson().phone;
      const response = await harness.requestCode({ phone });
      expect(response.statusCode).toBe(503);
      expect(response.body.error).toBe('sms_failed');
      expect(response.headers['retry-after']).toBe('60');
      // Retrying when told to is not refused by the interval it was told to wait out.
      clock += 60_000;
      expect((await harness.requestCode({ phone })).body.error).toBe('sms_failed');
    } finally {
      await harness.close();
    }
  });

  it('answers 400 at the phone when the provider will never deliver to it', async () => {
    const harness = await createHarness({ sms: failing(false) });
    try {
      const response = await harness.requestCode({ phone: newPerson().phone }, { 'Accept-Language': 'en' });
      expect(response.statusCode).toBe(400);
      expect(response.body.fields).toEqual({ phone: expect.stringContaining('cannot be delivered') });
    } finally {
      await harness.close();
    }
  });
});

describe('the proof of work on a code request', () => {
  let harness: Harness;
  let clock = Date.parse('2026-11-30T04:00:00Z');
  beforeAll(async () => {
    harness = await createHarness({ phoneLimits: phoneCodeLimits({}), now: () => new Date(clock) });
  });
  afterAll(() => harness.close());

  /** The payload as JSON, changed by `change`, and encoded again as the widget encodes it. */
  const tampered = (
    altcha: string,
    change: (payload: Record<string, unknown>) => Record<string, unknown>,
  ) => {
    const payload = JSON.parse(Buffer.from(altcha, 'base64').toString('utf8')) as Record<string, unknown>;
    return Buffer.from(JSON.stringify(change(payload))).toString('base64');
  };
  const limitItems = async () =>
    (await harness.scan()).filter((item) => String(item.pk).startsWith('LIMIT#'));

  /** Refused at `altcha` with `message`, nothing sent, stored or counted. */
  const expectRefused = async (body: Record<string, unknown>, message: RegExp) => {
    const [sms, codes, limits] = [harness.outbox.all().length, await codesIn(harness), await limitItems()];
    const response = await harness.requestCode(body, {}, { solve: false });
    expect(response.statusCode).toBe(400);
    expect(response.body.error).toBe('validation_failed');
    expect(response.body.fields).toEqual({ altcha: expect.stringMatching(message) });
    expect(harness.outbox.all()).toHaveLength(sms);
    expect(await codesIn(harness)).toHaveLength(codes.length);
    expect(await limitItems()).toEqual(limits);
    return response;
  };

  it('is required: a request without one is refused at `altcha`, in the request’s language', async () => {
    const { phone } = newPerson();
    await expectRefused({ phone }, /缺少安全检查/);
    await expectRefused({ phone, altcha: '' }, /缺少安全检查/);
    const english = await harness.requestCode(
      { phone, locale: 'en' },
      { 'Accept-Language': 'en' },
      { solve: false },
    );
    expect(english.body.fields).toEqual({ altcha: expect.stringContaining('security check is missing') });
    // With a solved one the same request gets its code.
    expect((await harness.requestCode({ phone })).statusCode).toBe(202);
  });

  it('accepts a challenge solved with altcha-lib’s own solver, as the form solves it', async () => {
    const { solveChallenge } = await import('altcha-lib/v1');
    const challenge = await harness.newChallenge();
    expect(challenge.maxnumber).toBe(HARNESS_ALTCHA_MAX_NUMBER);
    const solution = await solveChallenge(
      challenge.challenge,
      challenge.salt,
      challenge.algorithm,
      challenge.maxnumber,
    ).promise;
    expect(solution).not.toBeNull();
    const altcha = Buffer.from(
      JSON.stringify({ ...challenge, number: solution?.number, took: solution?.took, maxnumber: undefined }),
    ).toString('base64');
    const { phone } = newPerson();
    const response = await harness.requestCode({ phone, altcha });
    expect(response.statusCode).toBe(202);
    expect(harness.outbox.latestTo(phone, 'verification')).toBeDefined();
  });

  type Payload = Record<string, unknown>;
  it.each<[string, (payload: Payload) => Payload]>([
    ['a wrong number', (p) => ({ ...p, number: Number(p.number) + 1 })],
    [
      'another signature',
      (p) => ({ ...p, signature: String(p.signature).replace(/^./, (c) => (c === '0' ? '1' : '0')) }),
    ],
    [
      'a later expiry',
      (p) => ({
        ...p,
        salt: String(p.salt).replace(/expires=(\d+)/, (_m, e) => `expires=${Number(e) + 3600}`),
      }),
    ],
    ['another algorithm', (p) => ({ ...p, algorithm: 'SHA-1' })],
    ['no number', ({ number: _number, ...p }) => p],
  ])('refuses a payload with %s as invalid', async (_case, change) => {
    const altcha = tampered(await harness.solvedAltcha(), change);
    await expectRefused({ phone: newPerson().phone, altcha }, /安全检查没有通过/);
  });

  it('refuses what is not a payload, and a challenge signed with another key, as invalid', async () => {
    const { phone } = newPerson();
    await expectRefused({ phone, altcha: 'not base64 json' }, /安全检查没有通过/);
    await expectRefused({ phone, altcha: Buffer.from('[1,2]').toString('base64') }, /安全检查没有通过/);
    await expectRefused({ phone, altcha: 'x'.repeat(5000) }, /安全检查没有通过/);
    await expectRefused({ phone, altcha: 42 }, /安全检查没有通过/);
    const other = await createHarness({ now: () => new Date(clock) });
    try {
      // Solved, unexpired and unused, but not ours: another deployment's hashing key signed it.
      await expectRefused({ phone, altcha: await other.solvedAltcha() }, /安全检查没有通过/);
    } finally {
      await other.close();
    }
  });

  it(`expires ${ALTCHA_VALID_SECONDS / 60} minutes after it is made`, async () => {
    const early = await harness.newChallenge();
    const late = await harness.newChallenge();
    clock += (ALTCHA_VALID_SECONDS - 1) * 1000;
    expect(
      (await harness.requestCode({ phone: newPerson().phone, altcha: solveAltcha(early) })).statusCode,
    ).toBe(202);
    clock += 1000;
    await expectRefused({ phone: newPerson().phone, altcha: solveAltcha(late) }, /安全检查已过期/);
    const english = await harness.requestCode(
      { phone: newPerson().phone, altcha: solveAltcha(late), locale: 'en' },
      { 'Accept-Language': 'en' },
    );
    expect(english.body.fields).toEqual({ altcha: expect.stringContaining('expired') });
  });

  it('is good once: a replay is refused as used, sending nothing and counting no limit', async () => {
    const altcha = await harness.solvedAltcha();
    const first = newPerson().phone;
    expect((await harness.requestCode({ phone: first, altcha })).statusCode).toBe(202);
    // For another phone (whose limits it would start), and for the same phone within its interval:
    // the challenge is what is refused, and nothing is counted for either phone.
    const second = newPerson().phone;
    await expectRefused({ phone: second, altcha }, /已经用过/);
    await expectRefused({ phone: first, altcha }, /已经用过/);
    // The second phone's interval never started: a fresh challenge gets it a code at once.
    expect((await harness.requestCode({ phone: second })).statusCode).toBe(202);
  });

  it('keeps a used challenge only as a hash of its signature, until it expires', async () => {
    const altcha = await harness.solvedAltcha();
    const { signature, salt } = JSON.parse(Buffer.from(altcha, 'base64').toString('utf8'));
    const { phone } = newPerson();
    expect((await harness.requestCode({ phone, altcha })).statusCode).toBe(202);
    const marks = (await harness.scan()).filter((item) => item.entity === 'challenge');
    const mark = marks.find(
      (item) => item.pk === `CHALLENGE#${createHash('sha256').update(signature).digest('base64url')}`,
    );
    expect(mark).toBeDefined();
    expect(mark?.expiresAt).toBe(Number(/expires=(\d+)/.exec(salt)?.[1]));
    expect(Object.keys(mark ?? {}).sort()).toEqual(['entity', 'expiresAt', 'pk', 'sk', 'spentAt']);
    expect(JSON.stringify(mark)).not.toContain(phone);
  });

  it('lets two concurrent requests with one challenge use it once', async () => {
    const altcha = await harness.solvedAltcha();
    const phones = [newPerson().phone, newPerson().phone];
    const responses = await Promise.all(phones.map((phone) => harness.requestCode({ phone, altcha })));
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((status) => status === 202)).toHaveLength(1);
    // The other is refused as used, or (when DynamoDB saw the two transactions collide) told to retry.
    const loser = responses.find((r) => r.statusCode !== 202);
    expect([400, 503]).toContain(loser?.statusCode);
    if (loser?.statusCode === 400) expect(loser.body.fields?.altcha).toMatch(/已经用过/);
    const texted = phones.filter((phone) => harness.outbox.latestTo(phone, 'verification'));
    expect(texted).toHaveLength(1);
  });
});
