/**
 * The browser side of "Sign in with the union account" (AWS only): reads `/review-config.json`, sends the
 * browser to the hosted sign-in page with a PKCE challenge and state, and on the way back exchanges the
 * code at the token endpoint (form-encoded fetch) for the ID token the API accepts.
 */
import {
  authorizeUrl,
  type Callback,
  checkCallback,
  codeChallengeS256,
  idTokenFrom,
  logoutUrl,
  newCodeVerifier,
  newState,
  type OAuthConfig,
  type PendingSignIn,
  parseCallback,
  parsePendingSignIn,
  parseReviewConfig,
  tokenRequestBody,
} from './pkce';
import type { KeyValueStorage } from './review-session';

export const PENDING_SIGN_IN_KEY = 'gig-union.review.pkce';
export const RETURN_PATH_KEY = 'gig-union.review.returnTo';
export const CONFIG_PATH = '/review-config.json';

/** The staff pages a sign-in may return to (the union account only knows the console's address). */
export const STAFF_PAGE_PATHS: readonly string[] = ['/review', '/reports'];

/** A path to go back to after signing in, or undefined for anything but a staff page. */
export const parseReturnPath = (value: string | null | undefined): string | undefined =>
  value && STAFF_PAGE_PATHS.includes(value) ? value : undefined;

/** Remembers which staff page started the sign-in, when it is not the page the sign-in comes back to. */
export const rememberReturnPath = (
  storage: KeyValueStorage | undefined,
  path: string,
  config: OAuthConfig,
): void => {
  try {
    const redirectPath = new URL(config.redirectUri).pathname;
    const back = parseReturnPath(path);
    if (back && back !== redirectPath) storage?.setItem(RETURN_PATH_KEY, back);
    else storage?.removeItem(RETURN_PATH_KEY);
  } catch {
    // Without sessionStorage the sign-in simply ends on the console.
  }
};

/** The remembered staff page (once: it is forgotten as it is read). */
export const takeReturnPath = (storage: KeyValueStorage | undefined): string | undefined => {
  try {
    const back = parseReturnPath(storage?.getItem(RETURN_PATH_KEY));
    storage?.removeItem(RETURN_PATH_KEY);
    return back;
  } catch {
    return undefined;
  }
};

/** The Cognito settings, or undefined when the site has none (the local stack answers 404). */
export const loadOAuthConfig = async (): Promise<OAuthConfig | undefined> => {
  try {
    const response = await fetch(CONFIG_PATH, { cache: 'no-store', credentials: 'omit' });
    if (!response.ok) return undefined;
    return parseReviewConfig(await response.json());
  } catch {
    return undefined;
  }
};

export const startOAuthSignIn = async (
  config: OAuthConfig,
  storage: KeyValueStorage | undefined,
  locale: string,
): Promise<void> => {
  const codeVerifier = newCodeVerifier();
  const state = newState();
  const codeChallenge = await codeChallengeS256(codeVerifier);
  try {
    storage?.setItem(PENDING_SIGN_IN_KEY, JSON.stringify({ state, codeVerifier, startedAt: Date.now() }));
  } catch {
    // Without sessionStorage the way back is refused (no pending sign-in) and says so.
  }
  window.location.assign(authorizeUrl(config, { state, codeChallenge, locale }));
};

export type OAuthReturn =
  | { kind: 'none' }
  | { kind: 'signed-in'; token: string }
  | { kind: 'failed'; reason: string };

/** Finishes a sign-in when the page was opened by the hosted sign-in page (`?code=…&state=…`). */
export const finishOAuthSignIn = async (
  config: OAuthConfig | undefined,
  storage: KeyValueStorage | undefined,
): Promise<OAuthReturn> => {
  const callback: Callback = parseCallback(window.location.search);
  if (callback.kind === 'none') return { kind: 'none' };
  // The code is single-use, but keep it out of the address bar, history and bookmarks all the same.
  window.history.replaceState(null, '', window.location.pathname);
  let pending: PendingSignIn | undefined;
  try {
    pending = parsePendingSignIn(storage?.getItem(PENDING_SIGN_IN_KEY) ?? null);
    storage?.removeItem(PENDING_SIGN_IN_KEY);
  } catch {
    pending = undefined;
  }
  if (callback.kind === 'error') return { kind: 'failed', reason: callback.error };
  if (!config) return { kind: 'failed', reason: 'no_config' };
  const check = checkCallback(callback.state, pending, Date.now());
  if (check !== 'ok' || !pending) return { kind: 'failed', reason: check };
  try {
    const response = await fetch(config.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: tokenRequestBody(config, callback.code, pending.codeVerifier),
      credentials: 'omit',
      cache: 'no-store',
    });
    const token = response.ok ? idTokenFrom(await response.json()) : undefined;
    return token ? { kind: 'signed-in', token } : { kind: 'failed', reason: `token_${response.status}` };
  } catch {
    return { kind: 'failed', reason: 'offline' };
  }
};

export const signOutOfHostedPages = (config: OAuthConfig): void => window.location.assign(logoutUrl(config));
