/**
 * The staff pages' session: the bearer token lives in sessionStorage (one browser tab, gone when it
 * closes: union offices share computers), never in localStorage, under one key for `/review`,
 * `/reports`, `/staff` and `/unions`, so signing in on one holds on the others in the same tab.
 *
 * Who someone is and what they may do come from the roster (`GET /api/staff/me`), never from the
 * token's claims: the token is read here only for its expiry, to clear the screen when it runs out.
 */
import type { Role } from '../../../../shared/api/staff';

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const TOKEN_STORAGE_KEY = 'gig-union.review.token';
export const SIGN_IN_METHOD_KEY = 'gig-union.review.method';

export type { Role };

/** A signed-in member of staff, as the roster has them. */
export interface SignedIn {
  staffId: string;
  name: string;
  role: Role;
  /** County codes, or '*' for every county. */
  counties: '*' | string[];
  /** Milliseconds since the epoch, when the token says it expires. */
  expiresAt?: number;
}

/** What someone pasted, made into a bare token: no "Bearer ", no line breaks or spaces. */
export const normaliseToken = (text: string): string =>
  text.replace(/^\s*Bearer\s+/i, '').replace(/\s+/g, '');

export const looksLikeJwt = (token: string): boolean =>
  /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);

const base64UrlDecode = (text: string): Uint8Array => {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
};

/** The claims of a JWT, unverified, or undefined when it is not a readable JWT. */
export const decodeJwtPayload = (token: string): Record<string, unknown> | undefined => {
  if (!looksLikeJwt(token)) return undefined;
  try {
    const json = new TextDecoder('utf-8', { fatal: true }).decode(base64UrlDecode(token.split('.')[1] ?? ''));
    const payload: unknown = JSON.parse(json);
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
};

/** When the token runs out (milliseconds since the epoch), if it says. */
export const tokenExpiresAt = (token: string): number | undefined => {
  const exp = decodeJwtPayload(token)?.exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
};

export const isExpired = (expiresAt: number | undefined, now: number): boolean =>
  expiresAt !== undefined && expiresAt <= now;

/** What is wrong with a pasted token (a key of the staff strings), or undefined when it may be tried. */
export const pastedTokenProblem = (
  pasted: string,
  now: number,
): 'review.token.required' | 'review.token.notJwt' | 'review.token.expired' | undefined =>
  !pasted
    ? 'review.token.required'
    : !looksLikeJwt(pasted)
      ? 'review.token.notJwt'
      : isExpired(tokenExpiresAt(pasted), now)
        ? 'review.token.expired'
        : undefined;

/** sessionStorage, or undefined where the browser refuses it. */
export const sessionStore = (): KeyValueStorage | undefined => {
  try {
    return window.sessionStorage ?? undefined;
  } catch {
    return undefined;
  }
};

export const readStored = (storage: KeyValueStorage | undefined, key: string): string | undefined => {
  try {
    return storage?.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
};

export const writeStored = (
  storage: KeyValueStorage | undefined,
  key: string,
  value: string | undefined,
): void => {
  try {
    if (value === undefined) storage?.removeItem(key);
    else storage?.setItem(key, value);
  } catch {
    // Storage refused: what was kept still works until the page is reloaded.
  }
};

/** A pasted token, or the ID token from the union account (which signing out also ends at the provider). */
export type SignInMethod = 'token' | 'oidc';

let memoryToken: string | undefined;

export const loadToken = (storage: KeyValueStorage | undefined): string | undefined => {
  const token = readStored(storage, TOKEN_STORAGE_KEY) ?? memoryToken;
  return token && looksLikeJwt(token) ? token : undefined;
};

export const saveToken = (
  storage: KeyValueStorage | undefined,
  token: string,
  method: SignInMethod,
): void => {
  memoryToken = token;
  writeStored(storage, TOKEN_STORAGE_KEY, token);
  writeStored(storage, SIGN_IN_METHOD_KEY, method);
};

export const signInMethod = (storage: KeyValueStorage | undefined): SignInMethod =>
  readStored(storage, SIGN_IN_METHOD_KEY) === 'oidc' ? 'oidc' : 'token';

export const clearToken = (storage: KeyValueStorage | undefined): void => {
  memoryToken = undefined;
  writeStored(storage, TOKEN_STORAGE_KEY, undefined);
  writeStored(storage, SIGN_IN_METHOD_KEY, undefined);
};
