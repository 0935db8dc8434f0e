import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  base64UrlEncode,
  checkCallback,
  codeChallengeS256,
  idTokenFrom,
  isCodeVerifier,
  logoutUrl,
  newCodeVerifier,
  newState,
  type OAuthConfig,
  PENDING_SIGN_IN_MAX_AGE_MS,
  parseCallback,
  parsePendingSignIn,
  parseReviewConfig,
  tokenRequestBody,
} from '../../web/src/pkce';

const config: OAuthConfig = {
  authorizeUrl: 'https://union-123.auth.ap-east-1.amazoncognito.com/oauth2/authorize',
  tokenUrl: 'https://union-123.auth.ap-east-1.amazoncognito.com/oauth2/token',
  logoutUrl: 'https://union-123.auth.ap-east-1.amazoncognito.com/logout',
  clientId: '4abc5defghij6klmnop7qrstu',
  redirectUri: 'https://join.example.org/review',
};

/** Deterministic "random" bytes: 0, 1, 2, … so the outputs can be checked exactly. */
const counting = (length: number) => Uint8Array.from({ length }, (_, i) => i);
const nodeSha256 = async (data: Uint8Array) => {
  const digest = createHash('sha256').update(data).digest();
  return digest.buffer.slice(digest.byteOffset, digest.byteOffset + digest.byteLength) as ArrayBuffer;
};

describe('PKCE (RFC 7636)', () => {
  it('base64url-encodes without padding, with - and _', () => {
    expect(base64UrlEncode(new Uint8Array([]))).toBe('');
    expect(base64UrlEncode(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
    expect(base64UrlEncode(new TextEncoder().encode('any carnal pleas'))).toBe('YW55IGNhcm5hbCBwbGVhcw');
  });

  it('matches the example of RFC 7636 appendix B', async () => {
    const octets = [
      116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214,
      191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
    ];
    const verifier = newCodeVerifier(() => new Uint8Array(octets));
    expect(verifier).toBe('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
    expect(await codeChallengeS256(verifier, nodeSha256)).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    // The default digest is the Web Crypto API's, as in the browser.
    expect(await codeChallengeS256(verifier)).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes verifiers of 32 random octets: 43 unreserved characters', () => {
    const requested: number[] = [];
    const verifier = newCodeVerifier((length) => {
      requested.push(length);
      return counting(length);
    });
    expect(requested).toEqual([32]);
    expect(verifier).toHaveLength(43);
    expect(isCodeVerifier(verifier)).toBe(true);
    const real = new Set(Array.from({ length: 20 }, () => newCodeVerifier()));
    expect(real.size).toBe(20);
    for (const v of real) expect(isCodeVerifier(v)).toBe(true);
  });

  it('refuses to hash what is not a verifier', async () => {
    expect(isCodeVerifier('short')).toBe(false);
    expect(isCodeVerifier('a'.repeat(129))).toBe(false);
    expect(isCodeVerifier(`${'a'.repeat(42)} `)).toBe(false);
    expect(isCodeVerifier(`${'a'.repeat(42)}~`)).toBe(true);
    await expect(codeChallengeS256('short', nodeSha256)).rejects.toThrow(/verifier/);
  });

  it('makes unguessable states of 16 random octets', () => {
    expect(newState(counting)).toBe(base64UrlEncode(counting(16)));
    expect(newState()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newState()).not.toBe(newState());
  });
});

describe('the sign-in configuration (/review-config.json)', () => {
  it('accepts the five Cognito settings', () => {
    expect(parseReviewConfig({ cognito: config })).toEqual(config);
    expect(parseReviewConfig({ cognito: { ...config, extra: 'ignored' } })).toEqual(config);
  });

  it('refuses anything missing, of the wrong type or unsafe', () => {
    expect(parseReviewConfig(undefined)).toBeUndefined();
    expect(parseReviewConfig(null)).toBeUndefined();
    expect(parseReviewConfig('x')).toBeUndefined();
    expect(parseReviewConfig({})).toBeUndefined();
    expect(parseReviewConfig(config)).toBeUndefined();
    for (const key of Object.keys(config) as Array<keyof OAuthConfig>) {
      const { [key]: _dropped, ...rest } = config;
      expect(parseReviewConfig({ cognito: rest }), key).toBeUndefined();
      expect(parseReviewConfig({ cognito: { ...config, [key]: 42 } }), key).toBeUndefined();
    }
    for (const bad of [
      'javascript:alert(1)',
      'http://union.example.org/oauth2/token',
      'not a url',
      'https://user:pw@union.example.org/oauth2/token',
      'https://union.example.org/oauth2/token#x',
    ]) {
      expect(parseReviewConfig({ cognito: { ...config, tokenUrl: bad } }), bad).toBeUndefined();
    }
    expect(parseReviewConfig({ cognito: { ...config, clientId: 'a b' } })).toBeUndefined();
  });

  it('allows plain http only on this machine', () => {
    const local = {
      ...config,
      redirectUri: 'http://127.0.0.1:3000/review',
      tokenUrl: 'http://localhost:9/t',
    };
    expect(parseReviewConfig({ cognito: local })).toEqual(local);
  });
});

describe('the authorization request and the way back', () => {
  it('asks for a code with an S256 challenge, the state and the registered redirect', () => {
    const url = new URL(
      authorizeUrl(config, { state: 'st4te', codeChallenge: 'ch4llenge', locale: 'zh-CN' }),
    );
    expect(url.origin + url.pathname).toBe(config.authorizeUrl);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: config.clientId,
      redirect_uri: config.redirectUri,
      scope: 'openid email profile',
      state: 'st4te',
      code_challenge: 'ch4llenge',
      code_challenge_method: 'S256',
      lang: 'zh-CN',
    });
    expect(new URL(authorizeUrl(config, { state: 's', codeChallenge: 'c' })).searchParams.has('lang')).toBe(
      false,
    );
  });

  it('signs out of the hosted pages back to the console', () => {
    const url = new URL(logoutUrl(config));
    expect(url.origin + url.pathname).toBe(config.logoutUrl);
    expect(url.searchParams.get('client_id')).toBe(config.clientId);
    expect(url.searchParams.get('logout_uri')).toBe(config.redirectUri);
  });

  it('reads the code and state, or the error, from the query string', () => {
    expect(parseCallback('')).toEqual({ kind: 'none' });
    expect(parseCallback('?lang=en')).toEqual({ kind: 'none' });
    expect(parseCallback('?code=abc&state=xyz')).toEqual({ kind: 'code', code: 'abc', state: 'xyz' });
    expect(parseCallback('?error=access_denied&state=xyz')).toEqual({
      kind: 'error',
      error: 'access_denied',
      state: 'xyz',
    });
    expect(parseCallback('?code=abc')).toEqual({ kind: 'error', error: 'missing_state' });
  });

  it('exchanges a code only for this tab’s recent sign-in with the same state', () => {
    const pending = { state: 'xyz', codeVerifier: 'v'.repeat(43), startedAt: 1_000_000 };
    expect(checkCallback('xyz', pending, 1_000_500)).toBe('ok');
    expect(checkCallback('xyz', undefined, 1_000_500)).toBe('no_pending_sign_in');
    expect(checkCallback('xyZ', pending, 1_000_500)).toBe('state_mismatch');
    expect(checkCallback('xyz', pending, 1_000_000 + PENDING_SIGN_IN_MAX_AGE_MS + 1)).toBe('expired');
    expect(checkCallback('xyz', pending, 999_000)).toBe('expired');
  });

  it('reads back only a well-formed pending sign-in', () => {
    const pending = { state: 'xyz', codeVerifier: 'v'.repeat(43), startedAt: 5 };
    expect(parsePendingSignIn(JSON.stringify(pending))).toEqual(pending);
    expect(parsePendingSignIn(JSON.stringify({ ...pending, extra: 1 }))).toEqual(pending);
    expect(parsePendingSignIn(null)).toBeUndefined();
    expect(parsePendingSignIn('{')).toBeUndefined();
    expect(parsePendingSignIn(JSON.stringify({ ...pending, codeVerifier: 'short' }))).toBeUndefined();
    expect(parsePendingSignIn(JSON.stringify({ ...pending, startedAt: '5' }))).toBeUndefined();
  });

  it('sends the code, the verifier and the same redirect, form-encoded, with no secret', () => {
    const body = new URLSearchParams(tokenRequestBody(config, 'c&de', 'v'.repeat(43)));
    expect(Object.fromEntries(body)).toEqual({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code: 'c&de',
      redirect_uri: config.redirectUri,
      code_verifier: 'v'.repeat(43),
    });
    expect(tokenRequestBody(config, 'c&de', 'v'.repeat(43))).toContain('code=c%26de');
  });

  it('uses the ID token of the answer', () => {
    expect(idTokenFrom({ id_token: 'a.b.c', access_token: 'x.y.z' })).toBe('a.b.c');
    expect(idTokenFrom({ access_token: 'x.y.z' })).toBeUndefined();
    expect(idTokenFrom({ id_token: 'opaque' })).toBeUndefined();
    expect(idTokenFrom(null)).toBeUndefined();
  });
});
