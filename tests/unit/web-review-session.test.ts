import { describe, expect, it } from 'vitest';
import { claimsFor } from '../../local/local-issuer';
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
  signedInFrom,
  signInMethod,
  TOKEN_STORAGE_KEY,
} from '../../web/src/review-session';

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** An unsigned-looking JWT: the console never checks signatures, the API does. */
const jwt = (payload: unknown) => `${part({ alg: 'RS256', typ: 'JWT' })}.${part(payload)}.c2lnbmF0dXJl`;

class MemoryStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

describe('reading who is signed in from the token (display only)', () => {
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

  it('reads the claims the local issuer (and Cognito) put in a token, as the API does', () => {
    const reviewer = signedInFrom({
      ...claimsFor({ role: 'reviewer', counties: 'zhaoyang, ludian', sub: 'reviewer-zhao' }),
      exp: 2_000_000_000,
    });
    expect(reviewer).toEqual({
      name: 'reviewer-zhao',
      role: 'reviewer',
      counties: ['zhaoyang', 'ludian'],
      expiresAt: 2_000_000_000_000,
    });
    expect(signedInFrom(claimsFor({ role: 'reviewer', counties: '*' })).counties).toBe('*');
    expect(signedInFrom(claimsFor({ role: 'admin', sub: 'city' }))).toEqual({
      name: 'city',
      role: 'admin',
      counties: '*',
    });
    expect(signedInFrom(claimsFor({ role: 'none', sub: 'nobody' })).role).toBe('none');
  });

  it('accepts groups the way the HTTP API authorizer passes them, and falls back for the name', () => {
    expect(signedInFrom({ sub: 's', 'cognito:groups': '[admins]' }).role).toBe('admin');
    expect(signedInFrom({ sub: 's', email: 'li@example.org', 'cognito:groups': ['reviewers'] }).name).toBe(
      'li@example.org',
    );
    expect(signedInFrom({ sub: 's' }).name).toBe('s');
    expect(signedInFrom({}).name).toBe('?');
    expect(signedInFrom({ sub: 's', 'cognito:groups': ['reviewers'] }).counties).toEqual([]);
  });

  it('knows when the token says it has expired', () => {
    expect(isExpired({ name: 'x', role: 'reviewer', counties: [], expiresAt: 1000 }, 999)).toBe(false);
    expect(isExpired({ name: 'x', role: 'reviewer', counties: [], expiresAt: 1000 }, 1000)).toBe(true);
    expect(isExpired({ name: 'x', role: 'reviewer', counties: [] }, 1e15)).toBe(false);
  });
});

describe('keeping the token for this tab', () => {
  const token = jwt({ sub: 'x' });

  it('saves, loads and clears it with how the person signed in', () => {
    const storage = new MemoryStorage();
    expect(loadToken(storage)).toBeUndefined();
    saveToken(storage, token, 'oauth');
    expect(storage.items.get(TOKEN_STORAGE_KEY)).toBe(token);
    expect(loadToken(storage)).toBe(token);
    expect(signInMethod(storage)).toBe('oauth');
    clearToken(storage);
    expect(storage.items.size).toBe(0);
    expect(loadToken(storage)).toBeUndefined();
    expect(signInMethod(storage)).toBe('token');
  });

  it('ignores a stored value that is no token', () => {
    const storage = new MemoryStorage();
    storage.setItem(TOKEN_STORAGE_KEY, 'garbage');
    storage.setItem(SIGN_IN_METHOD_KEY, 'oauth?');
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
