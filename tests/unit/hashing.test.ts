import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ApplicationInput } from '../../shared/domain/application-rules';
import {
  canonicalJson,
  createHasher,
  hashStatusToken,
  statusTokenMatches,
} from '../../shared/privacy/hashing';
import { ADULT_ID_NUMBER } from '../support/id-numbers';

const KEY_A = new Uint8Array(32).fill(1);
const KEY_B = new Uint8Array(32).fill(2);
const BASE64URL_SHA256 = /^[A-Za-z0-9_-]{43}$/;
const purposes = ['idHash', 'phoneHash', 'statusToken'] as const;

describe('createHasher (HMAC-SHA-256, docs/architecture.md §7)', () => {
  it.each([
    ['empty', 0],
    ['16 bytes', 16],
    ['31 bytes', 31],
  ])('refuses a key that is too short (%s)', (_case, length) => {
    expect(() => createHasher(new Uint8Array(length))).toThrow(/32 bytes/);
  });

  it.each(purposes)('%s is stable for the same key and input', (purpose) => {
    expect(createHasher(KEY_A)[purpose](ADULT_ID_NUMBER)).toBe(
      createHasher(Uint8Array.from(KEY_A))[purpose](ADULT_ID_NUMBER),
    );
  });

  it.each(purposes)('%s differs across keys', (purpose) => {
    expect(createHasher(KEY_A)[purpose](ADULT_ID_NUMBER)).not.toBe(
      createHasher(KEY_B)[purpose](ADULT_ID_NUMBER),
    );
  });

  it.each(purposes)('%s differs across inputs', (purpose) => {
    const hasher = createHasher(KEY_A);
    expect(hasher[purpose]('13812345678')).not.toBe(hasher[purpose]('13812345679'));
  });

  it('differs across purposes for the same input', () => {
    const hasher = createHasher(KEY_A);
    const hashes = purposes.map((purpose) => hasher[purpose]('13812345678'));
    expect(new Set(hashes).size).toBe(purposes.length);
  });

  it.each(purposes)('%s is a base64url SHA-256 digest that never contains the input', (purpose) => {
    const hasher = createHasher(KEY_A);
    for (const input of [ADULT_ID_NUMBER, '13812345678', 'A260615-01234567']) {
      const hash = hasher[purpose](input);
      expect(hash).toMatch(BASE64URL_SHA256);
      expect(hash).not.toContain(input);
      expect(hash).not.toContain(input.slice(-4));
    }
  });

  it('is not a plain (unkeyed) hash of the input', () => {
    expect(createHasher(KEY_A).idHash(ADULT_ID_NUMBER)).not.toBe(hashStatusToken(ADULT_ID_NUMBER));
    expect(createHasher(KEY_A).idHash(ADULT_ID_NUMBER)).not.toBe(hashStatusToken(`id:${ADULT_ID_NUMBER}`));
  });
});

describe('statusTokenMatches', () => {
  const token = createHasher(KEY_A).statusToken('A260615-01234567');
  const stored = hashStatusToken(token);

  it('stores a hash, not the token', () => {
    expect(stored).not.toBe(token);
    expect(stored).toMatch(BASE64URL_SHA256);
  });

  it.each<[string, string, string, boolean]>([
    ['the right token', token, stored, true],
    ['another application’s token', createHasher(KEY_A).statusToken('A260615-01234568'), stored, false],
    [
      'the token with one character changed',
      `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`,
      stored,
      false,
    ],
    ['an empty token', '', stored, false],
    ['the stored hash itself as the token', stored, stored, false],
    ['a stored hash of another length', token, stored.slice(0, 20), false],
    ['an empty stored hash', token, '', false],
  ])('%s → %s', (_case, given, storedHash, expected) => {
    expect(statusTokenMatches(given, storedHash)).toBe(expected);
  });
});

describe('inputFingerprint (Idempotency-Key: keyed, over the input with the ID number hashed)', () => {
  const input: ApplicationInput = {
    fullName: '王小明',
    phone: '13812345678',
    idNumber: ADULT_ID_NUMBER,
    trade: 'delivery_rider',
    platforms: ['meituan', 'eleme'],
    county: 'zhaoyang',
    consent: true,
    verificationId: `V${'a'.repeat(22)}`,
    verificationCode: '123456',
  };

  it('is the same for the same input in any key order, and differs for another input', () => {
    const hasher = createHasher(KEY_A);
    const reordered = Object.fromEntries(Object.entries(input).reverse()) as unknown as ApplicationInput;
    expect(hasher.inputFingerprint(reordered)).toBe(hasher.inputFingerprint(input));
    expect(hasher.inputFingerprint({ ...input, platforms: ['eleme', 'meituan'] })).not.toBe(
      hasher.inputFingerprint(input),
    );
    expect(hasher.inputFingerprint({ ...input, verificationCode: '123457' })).not.toBe(
      hasher.inputFingerprint(input),
    );
  });

  it('differs across keys: without the key it cannot be recomputed from a guess', () => {
    expect(createHasher(KEY_A).inputFingerprint(input)).not.toBe(createHasher(KEY_B).inputFingerprint(input));
  });

  it('is none of the unkeyed hashes a careless implementation would store', () => {
    const fingerprint = createHasher(KEY_A).inputFingerprint(input);
    const texts = [JSON.stringify(input), canonicalJson(input), ADULT_ID_NUMBER];
    for (const text of texts) {
      for (const algorithm of ['sha256', 'sha1', 'md5']) {
        for (const encoding of ['hex', 'base64', 'base64url'] as const) {
          expect(fingerprint).not.toBe(createHash(algorithm).update(text).digest(encoding));
        }
      }
    }
  });

  it('never contains the ID number or any part of the input', () => {
    const fingerprint = createHasher(KEY_A).inputFingerprint(input);
    expect(fingerprint).toMatch(BASE64URL_SHA256);
    expect(fingerprint).not.toContain(ADULT_ID_NUMBER.slice(-4));
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level, keeps array order and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: undefined, b: 'x' } })).toBe(
      '{"a":{"b":"x","d":[2,1]},"b":1}',
    );
  });
});

describe('verificationCodeHash', () => {
  it('binds the code to its verification', () => {
    const hasher = createHasher(KEY_A);
    expect(hasher.verificationCodeHash('V1', '123456')).toBe(hasher.verificationCodeHash('V1', '123456'));
    expect(hasher.verificationCodeHash('V1', '123456')).not.toBe(hasher.verificationCodeHash('V2', '123456'));
    expect(hasher.verificationCodeHash('V1', '123456')).not.toBe(
      createHasher(KEY_B).verificationCodeHash('V1', '123456'),
    );
  });
});
