import { describe, expect, it } from 'vitest';
import {
  clearToken,
  decodeJwtPayload,
  isExpired,
  type KeyValueStorage,
  loadToken,
  looksLikeJwt,
  normaliseToken,
  SIGN_IN_METHOD_KEY,
  saveToken,
  signInMethod,
  TOKEN_STORAGE_KEY,
  tokenExpiresAt,
} from '../../web/src/staff/common/session';

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** An unsigned-looking JWT: the console never checks signatures, the API does. */
const jwt = (payload: unknown) => `${part({ alg: 'RS256', typ: 'JWT' })}.${part(payload)}.c2lnbmF0dXJl`;

class MemoryStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

describe('reading a token (for its expiry only)', () => {
  it('cleans up what was pasted', () => {
    expect(normaliseToken('  Bearer aaa.bbb.ccc \n')).toBe('aaa.bbb.ccc');
    expect(normaliseToken('aaa.bb\nb.ccc')).toBe('aaa.bbb.ccc');
    expect(looksLikeJwt('aaa.bbb.ccc')).toBe(true);
    expect(looksLikeJwt('aaa.bbb')).toBe(false);
    expect(looksLikeJwt('aaa.bbb.')).toBe(false);
    expect(looksLikeJwt('a+a.bbb.ccc')).toBe(false);
  });

  it('decodes the payload, UTF-8 and base64url included', () => {
    const payload = { sub: 'x', 'cognito:username': '李审核', note: '??>>' };
    expect(decodeJwtPayload(jwt(payload))).toEqual(payload);
  });

  it('gives undefined for anything that is not a readable JWT payload object', () => {
    expect(decodeJwtPayload('not a token')).toBeUndefined();
    expect(decodeJwtPayload(`${part({})}.${Buffer.from('{').toString('base64url')}.sig`)).toBeUndefined();
    expect(decodeJwtPayload(`${part({})}.${part([1, 2])}.sig`)).toBeUndefined();
    expect(decodeJwtPayload(`${part({})}.${part('text')}.sig`)).toBeUndefined();
    expect(
      decodeJwtPayload(`${part({})}.${Buffer.from([0xff, 0xfe]).toString('base64url')}.sig`),
    ).toBeUndefined();
  });

  it('reads only the expiry from a token: who may do what is the roster’s to say', () => {
    expect(tokenExpiresAt(jwt({ sub: 'x', exp: 2_000_000_000, 'cognito:groups': ['admins'] }))).toBe(
      2_000_000_000_000,
    );
    expect(tokenExpiresAt(jwt({ sub: 'x' }))).toBeUndefined();
    expect(tokenExpiresAt(jwt({ sub: 'x', exp: '2000000000' }))).toBeUndefined();
    expect(tokenExpiresAt('not a token')).toBeUndefined();
  });

  it('knows when the token says it has expired', () => {
    expect(isExpired(1000, 999)).toBe(false);
    expect(isExpired(1000, 1000)).toBe(true);
    expect(isExpired(undefined, 1e15)).toBe(false);
  });
});

describe('keeping the token for this tab', () => {
  const token = jwt({ sub: 'x' });

  it('saves, loads and clears it with how the person signed in', () => {
    const storage = new MemoryStorage();
    expect(loadToken(storage)).toBeUndefined();
    saveToken(storage, token, 'oidc');
    expect(storage.items.get(TOKEN_STORAGE_KEY)).toBe(token);
    expect(loadToken(storage)).toBe(token);
    expect(signInMethod(storage)).toBe('oidc');
    clearToken(storage);
    expect(storage.items.size).toBe(0);
    expect(loadToken(storage)).toBeUndefined();
    expect(signInMethod(storage)).toBe('token');
  });

  it('ignores a stored value that is no token', () => {
    const storage = new MemoryStorage();
    storage.setItem(TOKEN_STORAGE_KEY, 'garbage');
    storage.setItem(SIGN_IN_METHOD_KEY, 'oauth');
    expect(loadToken(storage)).toBeUndefined();
    expect(signInMethod(storage)).toBe('token');
  });

  it('keeps working (for this page) when the browser refuses storage', () => {
    const refusing: KeyValueStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(() => saveToken(refusing, token, 'token')).not.toThrow();
    expect(loadToken(refusing)).toBe(token);
    expect(() => clearToken(refusing)).not.toThrow();
    expect(loadToken(refusing)).toBeUndefined();
    saveToken(undefined, token, 'token');
    expect(loadToken(undefined)).toBe(token);
    clearToken(undefined);
  });
});
