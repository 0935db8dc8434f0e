/**
 * "Sign in with the union account" on the staff pages, with any OpenID Connect provider: the settings
 * from `/review-config.json`, what this tab remembers while the browser is at the provider
 * (sessionStorage), and which staff page to come back to. The protocol is oidc-client.ts (oauth4webapi),
 * imported only when someone actually signs in or out.
 *
 * The provider knows one address to send people back to (the console, `/review`); a sign-in started on
 * `/reports`, `/staff` or `/unions` goes on there once the token is in the tab.
 */
import { type OidcConsoleSettings, parseConsoleSignInSettings } from '../../../../shared/web/sign-in-config';
import type { SignInSecrets, Transport } from './oidc-client';
import { type KeyValueStorage, writeStored } from './session';

export const CONFIG_PATH = '/review-config.json';
/** Set before leaving for the provider's sign-out, so that the staff page it returns to can say so. */
export const SIGNED_OUT_KEY = 'gig-union.review.signedOut';
export const PENDING_SIGN_IN_KEY = 'gig-union.review.oidc';
/** A sign-in left unfinished for longer than this is not accepted any more. */
export const PENDING_SIGN_IN_MAX_AGE_MS = 10 * 60 * 1000;
/** Where the provider sends people after signing out (registered with it, like the redirect URI). */
export const POST_LOGOUT_PATH = '/review';

/** The staff pages a sign-in may return to. */
export const STAFF_PAGE_PATHS: readonly string[] = ['/review', '/reports', '/staff', '/unions'];

/** A path to go back to after signing in, or undefined for anything but a staff page. */
export const parseReturnPath = (value: unknown): string | undefined =>
  typeof value === 'string' && STAFF_PAGE_PATHS.includes(value) ? value : undefined;

/**
 * The settings from the file's body, when well-formed and safe (shared/web/sign-in-config.ts) and when
 * the provider's answer comes back to this site: the pending sign-in is in this origin's sessionStorage.
 */
export const settingsFor = (body: unknown, origin: string): OidcConsoleSettings | undefined => {
  const settings = parseConsoleSignInSettings(body)?.oidc;
  return settings && new URL(settings.redirectUri).origin === origin ? settings : undefined;
};

/** The site's sign-in settings, or undefined when it has none (or none that can be used). */
export const loadSignInSettings = async (
  origin: string = window.location.origin,
  fetchFn: typeof fetch = (...args) => fetch(...args),
): Promise<OidcConsoleSettings | undefined> => {
  try {
    const response = await fetchFn(CONFIG_PATH, { cache: 'no-store', credentials: 'omit' });
    return response.ok ? settingsFor(await response.json(), origin) : undefined;
  } catch {
    return undefined;
  }
};

export interface PendingSignIn extends SignInSecrets {
  /** Milliseconds since the epoch. */
  startedAt: number;
  /** The staff page that started it, when that is not the redirect URI's page. */
  returnTo?: string;
}

const isRandomToken = (value: unknown): value is string =>
  typeof value === 'string' && /^[A-Za-z0-9_-]{22,128}$/.test(value);

export const parsePendingSignIn = (stored: string | null | undefined): PendingSignIn | undefined => {
  if (!stored) return undefined;
  try {
    const value = JSON.parse(stored) as Partial<PendingSignIn>;
    if (
      !isRandomToken(value.state) ||
      !isRandomToken(value.nonce) ||
      !isRandomToken(value.codeVerifier) ||
      typeof value.startedAt !== 'number'
    )
      return undefined;
    const returnTo = parseReturnPath(value.returnTo);
    return {
      state: value.state,
      nonce: value.nonce,
      codeVerifier: value.codeVerifier,
      startedAt: value.startedAt,
      ...(returnTo ? { returnTo } : {}),
    };
  } catch {
    return undefined;
  }
};

export type PendingCheck = 'ok' | 'no_pending_sign_in' | 'expired';

/** A code is only exchanged when this tab started the sign-in, and recently. */
export const checkPending = (pending: PendingSignIn | undefined, now: number): PendingCheck => {
  if (!pending) return 'no_pending_sign_in';
  if (now - pending.startedAt > PENDING_SIGN_IN_MAX_AGE_MS || now < pending.startedAt) return 'expired';
  return 'ok';
};

/** Whether the address is the provider's answer (`?code=…&state=…`, or `?error=…`). */
export const isProviderAnswer = (search: string): boolean => {
  const parameters = new URLSearchParams(search);
  return parameters.has('code') || parameters.has('error');
};

const oidcClient = () => import('./oidc-client');

/**
 * Starts a sign-in: discovers the provider, remembers the request's secrets and the page to come back
 * to in this tab, and answers the URL to send the browser to.
 */
export const prepareSignIn = async (
  settings: OidcConsoleSettings,
  storage: KeyValueStorage | undefined,
  from: { path: string; locale: string; now: number },
  transport: Transport = {},
): Promise<string> => {
  const { discover, signInRequest } = await oidcClient();
  const request = await signInRequest(await discover(settings, transport), settings, from.locale);
  const returnTo = parseReturnPath(from.path);
  const pending: PendingSignIn = {
    state: request.state,
    nonce: request.nonce,
    codeVerifier: request.codeVerifier,
    startedAt: from.now,
    ...(returnTo && returnTo !== new URL(settings.redirectUri).pathname ? { returnTo } : {}),
  };
  try {
    storage?.setItem(PENDING_SIGN_IN_KEY, JSON.stringify(pending));
  } catch {
    // Without sessionStorage the way back is refused (no pending sign-in) and says so.
  }
  return request.url;
};

export type ProviderReturn =
  | { kind: 'signed-in'; token: string; returnTo?: string }
  | { kind: 'failed'; reason: string };

const takePending = (storage: KeyValueStorage | undefined): PendingSignIn | undefined => {
  try {
    const pending = parsePendingSignIn(storage?.getItem(PENDING_SIGN_IN_KEY));
    storage?.removeItem(PENDING_SIGN_IN_KEY);
    return pending;
  } catch {
    return undefined;
  }
};

/**
 * Finishes a sign-in when the provider sent the browser back (`callback` is the full address). The
 * pending request is used once: forgotten whatever the outcome.
 */
export const completeSignIn = async (
  settings: OidcConsoleSettings | undefined,
  storage: KeyValueStorage | undefined,
  callback: string,
  now: number,
  transport: Transport = {},
): Promise<ProviderReturn> => {
  const pending = takePending(storage);
  if (!settings) return { kind: 'failed', reason: 'no_config' };
  const check = checkPending(pending, now);
  if (check !== 'ok' || !pending) return { kind: 'failed', reason: check };
  try {
    const { discover, finishSignIn } = await oidcClient();
    const as = await discover(settings, transport);
    const signedIn = await finishSignIn(as, settings, new URL(callback), pending, transport);
    return {
      kind: 'signed-in',
      token: signedIn.idToken,
      ...(pending.returnTo ? { returnTo: pending.returnTo } : {}),
    };
  } catch (error) {
    const reason = (error as { reason?: unknown } | null)?.reason;
    return { kind: 'failed', reason: typeof reason === 'string' ? reason : 'failed' };
  }
};

/**
 * Where to send the browser to end the provider's session too (RP-initiated logout), coming back to
 * the console; undefined when the provider offers none or cannot be reached (this tab is cleared anyway).
 */
export const providerSignOutUrl = async (
  settings: OidcConsoleSettings,
  idToken: string,
  origin: string,
  transport: Transport = {},
): Promise<string | undefined> => {
  try {
    const { discover, endSessionUrl } = await oidcClient();
    return endSessionUrl(await discover(settings, transport), settings, idToken, origin + POST_LOGOUT_PATH);
  } catch {
    return undefined;
  }
};

/**
 * A deliberate sign-out ends the provider's session too, so that the next person at this computer must
 * sign in: the browser leaves for the provider's sign-out page (nothing happens when it has none).
 */
export const leaveForProviderSignOut = async (
  settings: OidcConsoleSettings,
  idToken: string,
  storage: KeyValueStorage | undefined,
): Promise<void> => {
  const url = await providerSignOutUrl(settings, idToken, window.location.origin);
  if (!url) return;
  writeStored(storage, SIGNED_OUT_KEY, '1');
  window.location.assign(url);
};
