/**
 * Limits that know who they protect (docs/architecture.md §8): per client address on codes — generous enough for a
 * sign-up event behind one venue's address, far below a flood — and per (ID number, address) on new
 * applications, counted so that a refusal depends only on what that address itself sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressCodeLimits, idApplicationLimits } from '../../shared/domain/limits';
import { validApplicationBody } from '../support/applications';
import { createHarness, type Harness } from './support/harness';
import { newPerson } from './support/people';

const from = (address: string) => ({ 'CloudFront-Viewer-Address': `${address}:40000` });

describe('codes per client address', () => {
  let harness: Harness;
  let clock = Date.parse('2026-11-30T06:10:00Z');
  beforeAll(async () => {
    harness = await createHarness({
      addressLimits: [{ name: 'address-hour', kind: 'window', seconds: 3600, limit: 5 }],
      now: () => new Date(clock),
    });
  });
  afterAll(() => harness.close());

  it('refuses past the limit with 429 until the hour is over, sends nothing more, and leaves other addresses alone', async () => {
    const venue = '203.0.113.7';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await harness.requestCode({ phone: newPerson().phone }, from(venue))).statusCode);
    expect(statuses).toEqual([202, 202, 202, 202, 202]);
    const sent = harness.outbox.all().length;
    const refused = await harness.requestCode(
      { phone: newPerson().phone },
      { ...from(venue), 'Accept-Language': 'en' },
    );
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toMatchObject({
      error: 'too_many_requests',
      message: expect.stringMatching(/Too many/),
    });
    expect(Number(refused.headers['retry-after'])).toBe(50 * 60);
    expect(harness.outbox.all().length).toBe(sent);
    expect((await harness.requestCode({ phone: newPerson().phone }, from('203.0.113.8'))).statusCode).toBe(
      202,
    );
    clock += 50 * 60_000;
    expect((await harness.requestCode({ phone: newPerson().phone }, from(venue))).statusCode).toBe(202);
  });

  it('counts an IPv6 /64 as one address', async () => {
    clock = Date.parse('2026-11-30T08:00:00Z');
    for (let i = 0; i < 5; i++) {
      const address = `2001:db8:aa:bb::${i + 1}`;
      expect((await harness.requestCode({ phone: newPerson().phone }, from(address))).statusCode).toBe(202);
    }
    expect(
      (await harness.requestCode({ phone: newPerson().phone }, from('2001:db8:aa:bb:ffff::9'))).statusCode,
    ).toBe(429);
    expect(
      (await harness.requestCode({ phone: newPerson().phone }, from('2001:db8:aa:bc::1'))).statusCode,
    ).toBe(202);
  });
});

describe('a sign-up event behind one address, with the default limits', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness({
      addressLimits: addressCodeLimits({}),
      idLimits: idApplicationLimits({}),
    });
  });
  afterAll(() => harness.close());

  it('lets 300 workers at one venue ask for codes (the fault suite applies with them, through npm start)', async () => {
    const venue = from('198.51.100.42');
    const before = harness.outbox.all().length;
    const statuses: number[] = [];
    for (let i = 0; i < 300; i += 20) {
      const batch = Array.from({ length: 20 }, () =>
        harness.requestCode({ phone: newPerson().phone }, venue),
      );
      statuses.push(...(await Promise.all(batch)).map((answer) => answer.statusCode));
    }
    expect(statuses.filter((status) => status === 202)).toHaveLength(300);
    expect(harness.outbox.all().length - before).toBe(300);
  }, 60_000);
});

describe('new applications per ID number and address', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness({ idLimits: idApplicationLimits({}) });
  });
  afterAll(() => harness.close());

  const applyAs = async (idNumber: string, address: string) => {
    const phone = newPerson().phone;
    const proof = await harness.provePhone(phone);
    return harness.submit(
      validApplicationBody({ idNumber, phone, ...proof }),
      from(address),
      {},
      { prove: false },
    );
  };

  it('refuses the fourth in a day from one address with 429, storing nothing and leaving its code unspent', async () => {
    const { idNumber } = newPerson();
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await applyAs(idNumber, '192.0.2.50')).statusCode);
    expect(statuses).toEqual([202, 202, 202]);
    const applications = (await harness.scan()).filter((item) => item.entity === 'application').length;
    const fourth = await applyAs(idNumber, '192.0.2.50');
    expect(fourth.statusCode).toBe(429);
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0);
    expect((await harness.scan()).filter((item) => item.entity === 'application').length).toBe(applications);
    const codes = (await harness.scan()).filter((item) => item.entity === 'verification');
    expect(codes.filter((code) => code.spentBy === undefined).length).toBeGreaterThan(0);
  });

  it('depends only on what that address sent: others using the ID number elsewhere change nothing', async () => {
    const { idNumber } = newPerson();
    // Someone else (the worker, or anyone) applied with this ID number from their own address…
    expect((await applyAs(idNumber, '192.0.2.60')).statusCode).toBe(202);
    expect((await applyAs(idNumber, '192.0.2.60')).statusCode).toBe(202);
    // …and a prober on another address still gets exactly its own three, as for an unknown ID number.
    const probe = [];
    for (let i = 0; i < 4; i++) probe.push((await applyAs(idNumber, '192.0.2.61')).statusCode);
    const fresh = newPerson().idNumber;
    const baseline = [];
    for (let i = 0; i < 4; i++) baseline.push((await applyAs(fresh, '192.0.2.62')).statusCode);
    expect(probe).toEqual([202, 202, 202, 429]);
    expect(probe).toEqual(baseline);
  });
});
