/**
 * Who is signed in to the reviewer console. The bearer token lives in sessionStorage (one browser tab,
 * gone when it closes: union offices share computers), never in localStorage.
 *
 * The token's payload is decoded here only to SHOW who is signed in (name, role, counties) and to shape
 * the page (an administrator sees the export button). The API checks the signature and decides;
 * nothing here is trusted for access.
 */
import {
  ADMINS_GROUP,
  countiesFromClaim,
  groupsFromClaim,
  REVIEWERS_GROUP,
} from '../../shared/domain/caller';

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const TOKEN_STORAGE_KEY = 'gig-union.review.token';
export const SIGN_IN_METHOD_KEY = 'gig-union.review.method';

export type Role = 'admin' | 'reviewer' | 'none';

export interface SignedIn {
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

/** The claims of a JWT, unverified (for display only), or undefined when it is not a readable JWT. */
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

/** Who the claims describe, the way the API reads them (shared/domain/caller.ts). */
export const signedInFrom = (claims: Record<string, unknown>): SignedIn => {
  const groups = groupsFromClaim(claims['cognito:groups']);
  const nameClaim = claims['cognito:username'] ?? claims.email ?? claims.username ?? claims.sub;
  const name = typeof nameClaim === 'string' && nameClaim.trim() ? nameClaim.trim() : '?';
  const expiresAt = typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  const base = expiresAt === undefined ? {} : { expiresAt };
  if (groups.includes(ADMINS_GROUP)) return { name, role: 'admin', counties: '*', ...base };
  if (groups.includes(REVIEWERS_GROUP)) {
    return { name, role: 'reviewer', counties: countiesFromClaim(claims['custom:counties']), ...base };
  }
  return { name, role: 'none', counties: [], ...base };
};

export const isExpired = (who: SignedIn, now: number): boolean =>
  who.expiresAt !== undefined && who.expiresAt <= now;

/** sessionStorage, or undefined where the browser refuses it. */
export const sessionStore = (): KeyValueStorage | undefined => {
  try {
    return window.sessionStorage ?? undefined;
  } catch {
    return undefined;
  }
};

const read = (storage: KeyValueStorage | undefined, key: string): string | undefined => {
  try {
    return storage?.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
};

const write = (storage: KeyValueStorage | undefined, key: string, value: string | undefined): void => {
  try {
    if (value === undefined) storage?.removeItem(key);
    else storage?.setItem(key, value);
  } catch {
    // Storage refused: the token still works until the page is reloaded.
  }
};

export type SignInMethod = 'token' | 'oauth';

let memoryToken: string | undefined;

export const loadToken = (storage: KeyValueStorage | undefined): string | undefined => {
  const token = read(storage, TOKEN_STORAGE_KEY) ?? memoryToken;
  return token && looksLikeJwt(token) ? token : undefined;
};

export const saveToken = (
  storage: KeyValueStorage | undefined,
  token: string,
  method: SignInMethod,
): void => {
  memoryToken = token;
  write(storage, TOKEN_STORAGE_KEY, token);
  write(storage, SIGN_IN_METHOD_KEY, method);
};

export const signInMethod = (storage: KeyValueStorage | undefined): SignInMethod =>
  read(storage, SIGN_IN_METHOD_KEY) === 'oauth' ? 'oauth' : 'token';

export const clearToken = (storage: KeyValueStorage | undefined): void => {
  memoryToken = undefined;
  write(storage, TOKEN_STORAGE_KEY, undefined);
  write(storage, SIGN_IN_METHOD_KEY, undefined);
};
