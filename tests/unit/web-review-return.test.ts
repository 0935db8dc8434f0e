import { describe, expect, it } from 'vitest';
import type { OAuthConfig } from '../../web/src/pkce';
import {
  parseReturnPath,
  RETURN_PATH_KEY,
  rememberReturnPath,
  takeReturnPath,
} from '../../web/src/review-oauth';
import type { KeyValueStorage } from '../../web/src/review-session';

const memory = (): KeyValueStorage & { values: Map<string, string> } => {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
};

const config: OAuthConfig = {
  authorizeUrl: 'https://auth.example.cn/oauth2/authorize',
  tokenUrl: 'https://auth.example.cn/oauth2/token',
  logoutUrl: 'https://auth.example.cn/logout',
  clientId: 'console',
  redirectUri: 'https://join.example.cn/review',
};

describe('coming back to the staff page that started a sign-in with the union account', () => {
  it('accepts only the staff pages as places to return to', () => {
    expect(parseReturnPath('/reports')).toBe('/reports');
    expect(parseReturnPath('/review')).toBe('/review');
    for (const other of [
      '/',
      '/status',
      'https://evil.example/reports',
      '//evil.example',
      '/reports?x',
      null,
      '',
    ])
      expect(parseReturnPath(other), String(other)).toBeUndefined();
  });

  it('remembers the dashboard, and forgets it once read', () => {
    const storage = memory();
    rememberReturnPath(storage, '/reports', config);
    expect(storage.values.get(RETURN_PATH_KEY)).toBe('/reports');
    expect(takeReturnPath(storage)).toBe('/reports');
    expect(takeReturnPath(storage)).toBeUndefined();
  });

  it('remembers nothing when the sign-in comes back to the same page anyway, or from elsewhere', () => {
    const storage = memory();
    storage.setItem(RETURN_PATH_KEY, '/reports');
    rememberReturnPath(storage, '/review', config);
    expect(storage.values.has(RETURN_PATH_KEY)).toBe(false);
    rememberReturnPath(storage, '/status', config);
    expect(storage.values.has(RETURN_PATH_KEY)).toBe(false);
  });

  it('ignores something else stored under the key', () => {
    const storage = memory();
    storage.setItem(RETURN_PATH_KEY, 'https://evil.example/');
    expect(takeReturnPath(storage)).toBeUndefined();
    expect(storage.values.has(RETURN_PATH_KEY)).toBe(false);
  });

  it('does without storage', () => {
    expect(() => rememberReturnPath(undefined, '/reports', config)).not.toThrow();
    expect(takeReturnPath(undefined)).toBeUndefined();
  });
});
