/**
 * The proof of work on code requests (ALTCHA v1, shared/domain/altcha.ts): challenges made and checked
 * with altcha-lib, the payload the form and the test helpers build, and the solvers both use.
 */
import { createChallenge, verifySolution } from 'altcha-lib/v1';
import { describe, expect, it } from 'vitest';
import { checkAltcha, newAltchaChallenge } from '../../shared/altcha/challenges';
import {
  ALTCHA_MAX_NUMBER,
  ALTCHA_VALID_SECONDS,
  type AltchaChallenge,
  altchaMaxNumber,
  altchaPayload,
  asAltchaChallenge,
} from '../../shared/domain/altcha';
import { fieldMessages } from '../../shared/domain/messages';
import { validateVerificationRequest } from '../../shared/domain/verification-rules';
import { createHasher } from '../../shared/privacy/hashing';
import { solveAltcha as solveInBrowserCode } from '../../web/src/apply/altcha';
import { sendButtonState } from '../../web/src/apply/phone-code';
import { solveAltcha, solveAltchaNumber } from '../support/altcha';

const KEY = createHasher(new Uint8Array(32).fill(7)).altchaKey();
const NOW = new Date('2026-11-30T06:00:00Z');
const challengeAt = (now = NOW, maxNumber = 2_000) => newAltchaChallenge({ hmacKey: KEY, maxNumber, now });
const decode = (altcha: string) => JSON.parse(Buffer.from(altcha, 'base64').toString('utf8'));
const encode = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64');

describe('the challenge', () => {
  it('is an ALTCHA v1 challenge that expires in five minutes, signed under the derived key', async () => {
    const challenge = await challengeAt();
    expect(asAltchaChallenge(challenge)).toEqual(challenge);
    expect(challenge).toMatchObject({ algorithm: 'SHA-256', maxnumber: 2_000 });
    expect(challenge.salt).toMatch(
      new RegExp(`^[0-9a-f]{24}\\?expires=${NOW.getTime() / 1000 + ALTCHA_VALID_SECONDS}&$`),
    );
    const number = solveAltchaNumber(challenge);
    expect(number).toBeGreaterThanOrEqual(1);
    expect(number).toBeLessThanOrEqual(2_000);
  });

  it('derives its key from the hashing key under a purpose of its own', () => {
    const hasher = createHasher(new Uint8Array(32).fill(7));
    expect(hasher.altchaKey()).toBe(KEY);
    expect(createHasher(new Uint8Array(32).fill(8)).altchaKey()).not.toBe(KEY);
    for (const other of [hasher.phoneHash('v1'), hasher.idHash('v1'), hasher.statusToken('v1')])
      expect(other).not.toBe(KEY);
  });

  it('has a production difficulty the deployed handler falls back to, and a setting only ≥ 1', () => {
    expect(ALTCHA_MAX_NUMBER).toBe(50_000);
    expect(altchaMaxNumber(undefined)).toBe(ALTCHA_MAX_NUMBER);
    expect(altchaMaxNumber('')).toBe(ALTCHA_MAX_NUMBER);
    expect(altchaMaxNumber('1000')).toBe(1_000);
    for (const bad of ['0', '-5', '1.5', 'many']) expect(() => altchaMaxNumber(bad)).toThrow();
  });
});

describe('the payload', () => {
  it('is base64 JSON of exactly what the ALTCHA widget sends, and altcha-lib verifies it as sent', async () => {
    const challenge = await challengeAt();
    const altcha = solveAltcha(challenge);
    expect(Object.keys(decode(altcha)).sort()).toEqual([
      'algorithm',
      'challenge',
      'number',
      'salt',
      'signature',
      'took',
    ]);
    // Without its expiry check: altcha-lib reads the machine's clock, this challenge was made at NOW.
    expect(await verifySolution(altcha, KEY, false)).toBe(true);
  });

  it('is solved right by the Node helper, checked against altcha-lib over many challenges', async () => {
    for (let i = 0; i < 20; i++) {
      const maxnumber = 1 + Math.floor(Math.random() * 3_000);
      const made = await createChallenge({ hmacKey: 'k', maxNumber: maxnumber });
      const challenge: AltchaChallenge = { ...made, maxnumber };
      const number = solveAltchaNumber(challenge);
      expect(await verifySolution({ ...made, number }, 'k')).toBe(true);
    }
    // The extremes: the secret number is drawn from 1…maxnumber.
    for (const number of [1, 1_000]) {
      const made = await createChallenge({ hmacKey: 'k', maxNumber: 1_000, number });
      expect(solveAltchaNumber({ ...made, maxnumber: 1_000 })).toBe(number);
    }
  });

  it('is solved by the form’s own code (altcha-lib’s solver; on this thread where there is no worker)', async () => {
    const challenge = await challengeAt(new Date(), 500);
    const altcha = await solveInBrowserCode(challenge);
    expect(altcha).toBeDefined();
    expect(await verifySolution(altcha as string, KEY)).toBe(true);
    expect(await checkAltcha(altcha as string, KEY, new Date())).toMatchObject({ ok: true });
  });
});

describe('checking a payload', () => {
  it('accepts a solved challenge until it expires, and says when it expires and how to mark it used', async () => {
    const challenge = await challengeAt();
    const altcha = solveAltcha(challenge);
    const expiresAt = NOW.getTime() / 1000 + ALTCHA_VALID_SECONDS;
    const fine = await checkAltcha(altcha, KEY, new Date((expiresAt - 1) * 1000));
    expect(fine).toEqual({
      ok: true,
      solved: { signatureHash: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expiresAt },
    });
    expect(await checkAltcha(altcha, KEY, new Date(expiresAt * 1000))).toEqual({
      ok: false,
      problem: 'altcha.expired',
    });
  });

  type Payload = Record<string, unknown>;
  it.each<[string, (payload: Payload) => Payload]>([
    ['a wrong number', (p) => ({ ...p, number: Number(p.number) + 1 })],
    ['a number as text', (p) => ({ ...p, number: String(p.number) })],
    ['a changed signature', (p) => ({ ...p, signature: 'f'.repeat(64) })],
    ['a changed challenge', (p) => ({ ...p, challenge: '0'.repeat(64) })],
    ['a later expiry', (p) => ({ ...p, salt: String(p.salt).replace(/expires=\d+/, 'expires=9999999999') })],
    ['no expiry', (p) => ({ ...p, salt: String(p.salt).replace(/\?expires=\d+&$/, '&') })],
    ['another algorithm', (p) => ({ ...p, algorithm: 'SHA-512' })],
    ['no signature', ({ signature: _signature, ...p }) => p],
  ])('refuses a payload with %s', async (_case, change) => {
    const payload = change(decode(solveAltcha(await challengeAt())));
    expect(await checkAltcha(encode(payload), KEY, NOW)).toEqual({ ok: false, problem: 'altcha.invalid' });
  });

  it('refuses a challenge without an expiry even when its signature is good (not one of ours)', async () => {
    const made = await createChallenge({ hmacKey: KEY, maxNumber: 100 });
    const altcha = solveAltcha({ ...made, maxnumber: 100 });
    expect(await verifySolution(altcha, KEY)).toBe(true);
    expect(await checkAltcha(altcha, KEY, NOW)).toEqual({ ok: false, problem: 'altcha.invalid' });
  });

  it('refuses one signed under another key, and what is not a payload', async () => {
    const challenge = await newAltchaChallenge({ hmacKey: 'another key', maxNumber: 100, now: NOW });
    expect(await checkAltcha(solveAltcha(challenge), KEY, NOW)).toMatchObject({ problem: 'altcha.invalid' });
    for (const junk of ['', 'not base64 json', encode(null), encode([1]), encode('text'), '%%%'])
      expect(await checkAltcha(junk, KEY, NOW), junk).toMatchObject({ problem: 'altcha.invalid' });
  });

  it('gives one challenge one mark, whichever valid payload carries it', async () => {
    const challenge = await challengeAt();
    const altcha = solveAltcha(challenge);
    const again = altchaPayload(challenge, { number: decode(altcha).number, took: 12345 });
    const [a, b] = [await checkAltcha(altcha, KEY, NOW), await checkAltcha(again, KEY, NOW)];
    expect(a.ok && b.ok && a.solved.signatureHash === b.solved.signatureHash).toBe(true);
  });
});

describe('the request rule and the form', () => {
  it('requires `altcha` on a code request: missing or empty is altcha.required, a wrong type or size altcha.invalid', () => {
    const phone = '13912345678';
    expect(validateVerificationRequest({ phone })).toEqual({
      ok: false,
      fields: { altcha: 'altcha.required' },
    });
    expect(validateVerificationRequest({ phone, altcha: '' })).toEqual({
      ok: false,
      fields: { altcha: 'altcha.required' },
    });
    for (const altcha of [42, null, {}, 'x'.repeat(4097)])
      expect(validateVerificationRequest({ phone, altcha })).toEqual({
        ok: false,
        fields: { altcha: 'altcha.invalid' },
      });
    expect(validateVerificationRequest({ phone, altcha: 'abc' })).toEqual({
      ok: true,
      value: { phone, altcha: 'abc' },
    });
  });

  it('has a message for every problem with the proof of work, in both languages', () => {
    for (const code of ['altcha.required', 'altcha.invalid', 'altcha.expired', 'altcha.used']) {
      expect(fieldMessages[code]?.['zh-CN'], code).toMatch(/\p{Script=Han}/u);
      expect(fieldMessages[code]?.en, code).toMatch(/Send code/);
    }
  });

  it('says “Preparing…” on the button while it solves, and cannot be pressed again', () => {
    const state = { sending: false, preparing: true, waitSeconds: 0, sentBefore: false };
    expect(sendButtonState(state, 'zh-CN')).toEqual({ label: '正在准备…', disabled: true });
    expect(sendButtonState(state, 'en')).toEqual({ label: 'Preparing…', disabled: true });
  });
});
