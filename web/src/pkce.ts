/**
 * Sign-in with the union account on AWS: the OAuth 2.0 authorization code flow with PKCE (RFC 7636,
 * S256) against the Cognito hosted pages. Everything here is pure (randomness and hashing are passed
 * in), so it is unit-tested without a browser; review-oauth.ts does the redirects and the fetch.
 */

/** `GET /review-config.json` on AWS; absent (404) on the local stack. */
export interface OAuthConfig {
  authorizeUrl: string;
  tokenUrl: string;
  logoutUrl: string;
  clientId: string;
  redirectUri: string;
}

/** What is kept in sessionStorage between leaving for the sign-in page and coming back. */
export interface PendingSignIn {
  state: string;
  codeVerifier: string;
  /** Milliseconds since the epoch; an old pending sign-in is refused. */
  startedAt: number;
}

export type RandomBytes = (length: number) => Uint8Array;
export type Sha256 = (data: Uint8Array<ArrayBuffer>) => Promise<ArrayBuffer>;

/** A sign-in left unfinished for longer than this is not accepted any more. */
export const PENDING_SIGN_IN_MAX_AGE_MS = 10 * 60 * 1000;
export const OAUTH_SCOPE = 'openid email profile';

export const base64UrlEncode = (bytes: Uint8Array): string => {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i] as number);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

export const browserRandom: RandomBytes = (length) => crypto.getRandomValues(new Uint8Array(length));
export const browserSha256: Sha256 = (data) => crypto.subtle.digest('SHA-256', data);

/** RFC 7636 §4.1: 32 random octets, base64url-encoded: 43 characters from the unreserved set. */
export const newCodeVerifier = (random: RandomBytes = browserRandom): string => base64UrlEncode(random(32));

export const isCodeVerifier = (value: string): boolean => /^[A-Za-z0-9\-._~]{43,128}$/.test(value);

/** RFC 7636 §4.2, S256: BASE64URL(SHA256(ASCII(code_verifier))). */
export const codeChallengeS256 = async (
  verifier: string,
  sha256: Sha256 = browserSha256,
): Promise<string> => {
  if (!isCodeVerifier(verifier)) throw new Error('not a PKCE code verifier');
  return base64UrlEncode(new Uint8Array(await sha256(new TextEncoder().encode(verifier))));
};

/** An unguessable `state` that ties the answer to this browser tab's request (CSRF). */
export const newState = (random: RandomBytes = browserRandom): string => base64UrlEncode(random(16));

const isLocalHost = (host: string) => host === 'localhost' || host === '127.0.0.1' || host === '[::1]';

/** A URL the console may send people or codes to: https (plain http only for this machine). */
const safeUrl = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLocalHost(url.hostname));
    return secure && !url.username && !url.password && !url.hash ? url.href : undefined;
  } catch {
    return undefined;
  }
};

/** The Cognito settings from `/review-config.json`, or undefined when anything is missing or unsafe. */
export const parseReviewConfig = (body: unknown): OAuthConfig | undefined => {
  if (typeof body !== 'object' || body === null) return undefined;
  const cognito = (body as { cognito?: unknown }).cognito;
  if (typeof cognito !== 'object' || cognito === null) return undefined;
  const raw = cognito as Record<string, unknown>;
  const authorizeUrl = safeUrl(raw.authorizeUrl);
  const tokenUrl = safeUrl(raw.tokenUrl);
  const logoutUrl = safeUrl(raw.logoutUrl);
  const redirectUri = safeUrl(raw.redirectUri);
  const clientId =
    typeof raw.clientId === 'string' && /^[\w-]{1,128}$/.test(raw.clientId) ? raw.clientId : '';
  if (!authorizeUrl || !tokenUrl || !logoutUrl || !redirectUri || !clientId) return undefined;
  return { authorizeUrl, tokenUrl, logoutUrl, clientId, redirectUri };
};

const withParams = (base: string, params: Record<string, string>): string => {
  const url = new URL(base);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.href;
};

/** Where to send the browser to sign in. */
export const authorizeUrl = (
  config: OAuthConfig,
  request: { state: string; codeChallenge: string; locale?: string },
): string =>
  withParams(config.authorizeUrl, {
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: OAUTH_SCOPE,
    state: request.state,
    code_challenge: request.codeChallenge,
    code_challenge_method: 'S256',
    ...(request.locale ? { lang: request.locale === 'en' ? 'en' : 'zh-CN' } : {}),
  });

/** Where to send the browser to sign out of the hosted pages too, coming back to the console. */
export const logoutUrl = (config: OAuthConfig): string =>
  withParams(config.logoutUrl, { client_id: config.clientId, logout_uri: config.redirectUri });

export type Callback =
  | { kind: 'code'; code: string; state: string }
  | { kind: 'error'; error: string; state?: string }
  | { kind: 'none' };

/** What the sign-in page sent back in the query string (`?code=…&state=…` or `?error=…`). */
export const parseCallback = (search: string): Callback => {
  const params = new URLSearchParams(search);
  const error = params.get('error');
  const state = params.get('state') ?? undefined;
  if (error) return { kind: 'error', error, ...(state ? { state } : {}) };
  const code = params.get('code');
  if (code && state) return { kind: 'code', code, state };
  if (code) return { kind: 'error', error: 'missing_state' };
  return { kind: 'none' };
};

export type CallbackCheck = 'ok' | 'no_pending_sign_in' | 'state_mismatch' | 'expired';

/** A code is only exchanged when this tab started the sign-in, recently, with the same state. */
export const checkCallback = (
  state: string,
  pending: PendingSignIn | undefined,
  now: number,
): CallbackCheck => {
  if (!pending) return 'no_pending_sign_in';
  if (pending.state !== state) return 'state_mismatch';
  if (now - pending.startedAt > PENDING_SIGN_IN_MAX_AGE_MS || now < pending.startedAt) return 'expired';
  return 'ok';
};

export const parsePendingSignIn = (stored: string | null): PendingSignIn | undefined => {
  if (!stored) return undefined;
  try {
    const value = JSON.parse(stored) as Partial<PendingSignIn>;
    if (
      typeof value.state === 'string' &&
      typeof value.codeVerifier === 'string' &&
      isCodeVerifier(value.codeVerifier) &&
      typeof value.startedAt === 'number'
    ) {
      return { state: value.state, codeVerifier: value.codeVerifier, startedAt: value.startedAt };
    }
  } catch {
    // unreadable: treated as absent
  }
  return undefined;
};

/** The form-encoded body of the code exchange at the token endpoint (a public client: no secret). */
export const tokenRequestBody = (config: OAuthConfig, code: string, codeVerifier: string): string =>
  new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: config.clientId,
    code,
    redirect_uri: config.redirectUri,
    code_verifier: codeVerifier,
  }).toString();

/** The ID token of a token endpoint answer (the API's authorizer accepts the console client's ID tokens). */
export const idTokenFrom = (body: unknown): string | undefined => {
  const token = (body as { id_token?: unknown } | null)?.id_token;
  return typeof token === 'string' && token.split('.').length === 3 ? token : undefined;
};
