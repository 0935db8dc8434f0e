import { describe, expect, it } from 'vitest';
import {
  bodyFingerprint,
  createHasher,
  hashStatusToken,
  statusTokenMatches,
} from '../../shared/privacy/hashing';
import { ADULT_ID_NUMBER } from '../support/id-numbers';

const KEY_A = new Uint8Array(32).fill(1);
const KEY_B = new Uint8Array(32).fill(2);
const BASE64URL_SHA256 = /^[A-Za-z0-9_-]{43}$/;
const purposes = ['idHash', 'phoneHash', 'statusToken'] as const;

describe('createHasher (HMAC-SHA-256, DESIGN §6)', () => {
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

describe('bodyFingerprint', () => {
  it('is stable for the same body and differs for another', () => {
    const body = JSON.stringify({ fullName: '王小明' });
    expect(bodyFingerprint(body)).toBe(bodyFingerprint(body));
    expect(bodyFingerprint(body)).not.toBe(bodyFingerprint(JSON.stringify({ fullName: '王小明 ' })));
    expect(bodyFingerprint(body)).not.toContain('王小明');
  });
});
