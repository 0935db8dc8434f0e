/**
 * "Sign in with the union account" without a browser: the settings file, what the tab remembers across
 * the round trip to the provider, and the whole authorization code flow (PKCE, state, nonce, the ID token's
 * issuer and audience) through oauth4webapi, against a provider played by a fetch function.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { OidcConsoleSettings } from '../../shared/web/sign-in-config';
import {
  CONFIG_PATH,
  checkPending,
  completeSignIn,
  isProviderAnswer,
  loadSignInSettings,
  PENDING_SIGN_IN_KEY,
  PENDING_SIGN_IN_MAX_AGE_MS,
  parsePendingSignIn,
  parseReturnPath,
  prepareSignIn,
  providerSignOutUrl,
  settingsFor,
} from '../../web/src/staff/common/oidc';
import type { KeyValueStorage } from '../../web/src/staff/common/session';

class MemoryStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

const SETTINGS: OidcConsoleSettings = {
  issuer: 'https://sso.example.cn/realms/union',
  clientId: 'review-console',
  scopes: 'openid profile email',
  redirectUri: 'https://join.example.cn/review',
};
const SITE = 'https://join.example.cn';
const NOW = Date.UTC(2026, 10, 30, 2, 0, 0);

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

interface Provider {
  fetch: typeof fetch;
  /** The token requests it answered, as posted. */
  exchanges: URLSearchParams[];
  /** What the authorization request asked for, once the test "visits" it. */
  asked?: URLSearchParams;
}

/** A provider that issues an ID token for `sub`, with whatever claims a test spoils. */
const fakeProvider = (
  options: { spoil?: Record<string, unknown>; endSession?: boolean; discoveryIssuer?: string } = {},
): Provider => {
  const provider: Provider = {
    exchanges: [],
    fetch: async (input, init) => {
      const url = new URL(String(input instanceof Request ? input.url : input));
      if (url.pathname === '/realms/union/.well-known/openid-configuration') {
        return json({
          issuer: options.discoveryIssuer ?? SETTINGS.issuer,
          authorization_endpoint: `${SETTINGS.issuer}/protocol/openid-connect/auth`,
          token_endpoint: `${SETTINGS.issuer}/protocol/openid-connect/token`,
          jwks_uri: `${SETTINGS.issuer}/protocol/openid-connect/certs`,
          ...(options.endSession === false
            ? {}
            : { end_session_endpoint: `${SETTINGS.issuer}/protocol/openid-connect/logout` }),
          authorization_response_iss_parameter_supported: true,
          code_challenge_methods_supported: ['S256'],
        });
      }
      if (url.pathname === '/realms/union/protocol/openid-connect/token') {
        const form = new URLSearchParams(String(init?.body ?? ''));
        provider.exchanges.push(form);
        const challenge = createHash('sha256')
          .update(form.get('code_verifier') ?? '')
          .digest('base64url');
        if (form.get('code') !== 'the-code' || challenge !== provider.asked?.get('code_challenge'))
          return json({ error: 'invalid_grant' }, 400);
        const now = Math.floor(Date.now() / 1000);
        const idToken = await new SignJWT({
          sub: 'li',
          name: '李审核',
          nonce: provider.asked?.get('nonce'),
          ...options.spoil,
        })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setIssuer(String(options.spoil?.iss ?? SETTINGS.issuer))
          .setAudience(String(options.spoil?.aud ?? SETTINGS.clientId))
          .setIssuedAt(now)
          .setExpirationTime(now + 3600)
          .sign(await importPKCS8(privateKey, 'RS256'));
        return json({ access_token: 'opaque', token_type: 'Bearer', expires_in: 3600, id_token: idToken });
      }
      return new Response('not found', { status: 404 });
    },
  };
  return provider;
};

/** Starts a sign-in from `path` and plays the provider's login page: answers the callback address. */
const startAt = async (provider: Provider, storage: KeyValueStorage, path = '/review') => {
  const url = new URL(
    await prepareSignIn(
      SETTINGS,
      storage,
      { path, locale: 'zh-CN', now: Date.now() },
      { fetch: provider.fetch },
    ),
  );
  provider.asked = url.searchParams;
  const state = url.searchParams.get('state') ?? '';
  return {
    url,
    callback: `${SETTINGS.redirectUri}?code=the-code&state=${state}&iss=${encodeURIComponent(SETTINGS.issuer)}`,
  };
};

describe('the settings (/review-config.json)', () => {
  it('are used only when the provider comes back to this site', () => {
    const body = { oidc: SETTINGS };
    expect(settingsFor(body, SITE)).toEqual(SETTINGS);
    expect(settingsFor(body, 'https://elsewhere.example.cn')).toBeUndefined();
    expect(settingsFor({ oidc: { ...SETTINGS, issuer: 'http://sso.example.cn' } }, SITE)).toBeUndefined();
    expect(settingsFor({ cognito: {} }, SITE)).toBeUndefined();
  });

  it('are read from the site, and missing (not an error) when the file is absent or unreadable', async () => {
    const asked: string[] = [];
    const serve = (response: Response | Error) => async (input: RequestInfo | URL) => {
      asked.push(String(input));
      if (response instanceof Error) throw response;
      return response;
    };
    expect(await loadSignInSettings(SITE, serve(json({ oidc: SETTINGS })))).toEqual(SETTINGS);
    expect(asked).toEqual([CONFIG_PATH]);
    expect(await loadSignInSettings(SITE, serve(new Response('', { status: 404 })))).toBeUndefined();
    expect(await loadSignInSettings(SITE, serve(new Response('<html>', { status: 200 })))).toBeUndefined();
    expect(await loadSignInSettings(SITE, serve(new TypeError('offline')))).toBeUndefined();
  });
});

describe('what the tab remembers while at the provider', () => {
  const pending = {
    state: 's'.repeat(43),
    nonce: 'n'.repeat(43),
    codeVerifier: 'v'.repeat(43),
    startedAt: NOW,
  };

  it('reads back only a well-formed pending sign-in, and a staff page to return to', () => {
    expect(parsePendingSignIn(JSON.stringify(pending))).toEqual(pending);
    expect(parsePendingSignIn(JSON.stringify({ ...pending, returnTo: '/reports' }))?.returnTo).toBe(
      '/reports',
    );
    expect(parsePendingSignIn(JSON.stringify({ ...pending, returnTo: 'https://evil.example' }))).toEqual(
      pending,
    );
    expect(parsePendingSignIn(JSON.stringify({ ...pending, state: 'short' }))).toBeUndefined();
    expect(parsePendingSignIn(JSON.stringify({ ...pending, startedAt: 'then' }))).toBeUndefined();
    expect(parsePendingSignIn('{not json')).toBeUndefined();
    expect(parsePendingSignIn(null)).toBeUndefined();
  });

  it('accepts a sign-in only from this tab, and only for ten minutes', () => {
    expect(checkPending(pending, NOW + 1000)).toBe('ok');
    expect(checkPending(pending, NOW + PENDING_SIGN_IN_MAX_AGE_MS + 1)).toBe('expired');
    expect(checkPending(pending, NOW - 1)).toBe('expired');
    expect(checkPending(undefined, NOW)).toBe('no_pending_sign_in');
  });

  it('returns only to a staff page, and knows the provider’s answer in the address', () => {
    for (const path of ['/review', '/reports', '/staff', '/unions']) expect(parseReturnPath(path)).toBe(path);
    for (const path of ['/', '/status', '//evil.example/review', 'https://evil.example', 42])
      expect(parseReturnPath(path)).toBeUndefined();
    expect(isProviderAnswer('?code=abc&state=x')).toBe(true);
    expect(isProviderAnswer('?error=access_denied&state=x')).toBe(true);
    expect(isProviderAnswer('')).toBe(false);
    expect(isProviderAnswer('?report=1')).toBe(false);
  });
});

describe('the authorization code flow with PKCE, state and nonce', () => {
  it('asks the discovered endpoint with a fresh challenge, state and nonce, remembered in the tab', async () => {
    const storage = new MemoryStorage();
    const { url } = await startAt(fakeProvider(), storage, '/staff');
    expect(url.origin + url.pathname).toBe(`${SETTINGS.issuer}/protocol/openid-connect/auth`);
    const asked = url.searchParams;
    expect(asked.get('response_type')).toBe('code');
    expect(asked.get('client_id')).toBe('review-console');
    expect(asked.get('redirect_uri')).toBe(SETTINGS.redirectUri);
    expect(asked.get('scope')).toBe('openid profile email');
    expect(asked.get('code_challenge_method')).toBe('S256');
    expect(asked.get('ui_locales')).toBe('zh-CN');
    const pending = parsePendingSignIn(storage.getItem(PENDING_SIGN_IN_KEY));
    expect(pending?.state).toBe(asked.get('state'));
    expect(pending?.nonce).toBe(asked.get('nonce'));
    expect(
      createHash('sha256')
        .update(pending?.codeVerifier ?? '')
        .digest('base64url'),
    ).toBe(asked.get('code_challenge'));
    expect(pending?.returnTo).toBe('/staff');
    // A second sign-in gets new secrets.
    const again = await startAt(fakeProvider(), new MemoryStorage());
    expect(again.url.searchParams.get('state')).not.toBe(asked.get('state'));
    expect(again.url.searchParams.get('nonce')).not.toBe(asked.get('nonce'));
  });

  it('exchanges the code with the verifier and answers the checked ID token, once', async () => {
    const provider = fakeProvider();
    const storage = new MemoryStorage();
    const { callback } = await startAt(provider, storage, '/reports');
    const returned = await completeSignIn(SETTINGS, storage, callback, Date.now(), { fetch: provider.fetch });
    expect(returned.kind).toBe('signed-in');
    if (returned.kind !== 'signed-in') return;
    expect(returned.returnTo).toBe('/reports');
    const claims = JSON.parse(Buffer.from(returned.token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    expect(claims).toMatchObject({ sub: 'li', aud: 'review-console', nonce: provider.asked?.get('nonce') });
    const exchange = provider.exchanges[0];
    expect(exchange?.get('grant_type')).toBe('authorization_code');
    expect(exchange?.get('client_id')).toBe('review-console');
    expect(exchange?.get('redirect_uri')).toBe(SETTINGS.redirectUri);
    // The pending sign-in is used once: the same answer again is refused without asking the provider.
    expect(storage.getItem(PENDING_SIGN_IN_KEY)).toBeNull();
    expect(await completeSignIn(SETTINGS, storage, callback, Date.now(), { fetch: provider.fetch })).toEqual({
      kind: 'failed',
      reason: 'no_pending_sign_in',
    });
    expect(provider.exchanges).toHaveLength(1);
  });

  it('never exchanges a code that comes back with another state', async () => {
    const provider = fakeProvider();
    const storage = new MemoryStorage();
    const { callback } = await startAt(provider, storage);
    const forged = callback.replace(/state=[^&]+/, 'state=forged');
    const returned = await completeSignIn(SETTINGS, storage, forged, Date.now(), { fetch: provider.fetch });
    expect(returned.kind).toBe('failed');
    expect(provider.exchanges).toHaveLength(0);
  });

  it('says why the provider refused, and refuses an answer from another issuer', async () => {
    const provider = fakeProvider();
    const storage = new MemoryStorage();
    const { callback } = await startAt(provider, storage);
    const state = new URL(callback).searchParams.get('state');
    const denied = `${SETTINGS.redirectUri}?error=access_denied&state=${state}&iss=${encodeURIComponent(SETTINGS.issuer)}`;
    expect(await completeSignIn(SETTINGS, storage, denied, Date.now(), { fetch: provider.fetch })).toEqual({
      kind: 'failed',
      reason: 'access_denied',
    });
    const other = new MemoryStorage();
    const second = await startAt(provider, other);
    const mixedUp = second.callback.replace(/iss=[^&]+/, `iss=${encodeURIComponent('https://evil.example')}`);
    expect((await completeSignIn(SETTINGS, other, mixedUp, Date.now(), { fetch: provider.fetch })).kind).toBe(
      'failed',
    );
    expect(provider.exchanges).toHaveLength(0);
  });

  it.each([
    ['another nonce', { nonce: 'x'.repeat(43) }],
    ['another audience', { aud: 'someone-else' }],
    ['another issuer', { iss: 'https://evil.example' }],
  ])('refuses an ID token with %s', async (_name, spoil) => {
    const provider = fakeProvider({ spoil });
    const storage = new MemoryStorage();
    const { callback } = await startAt(provider, storage);
    const returned = await completeSignIn(SETTINGS, storage, callback, Date.now(), { fetch: provider.fetch });
    expect(returned.kind).toBe('failed');
    expect(provider.exchanges).toHaveLength(1);
  });

  it('refuses a provider whose discovery document names another issuer', async () => {
    const provider = fakeProvider({ discoveryIssuer: 'https://evil.example' });
    await expect(
      prepareSignIn(
        SETTINGS,
        new MemoryStorage(),
        { path: '/review', locale: 'en', now: NOW },
        { fetch: provider.fetch },
      ),
    ).rejects.toMatchObject({ reason: 'discovery' });
  });

  it('refuses an answer that is too old, or without settings', async () => {
    const provider = fakeProvider();
    const storage = new MemoryStorage();
    const { callback } = await startAt(provider, storage);
    const late = Date.now() + PENDING_SIGN_IN_MAX_AGE_MS + 1000;
    expect(await completeSignIn(SETTINGS, storage, callback, late, { fetch: provider.fetch })).toEqual({
      kind: 'failed',
      reason: 'expired',
    });
    expect(await completeSignIn(undefined, storage, callback, Date.now())).toEqual({
      kind: 'failed',
      reason: 'no_config',
    });
    expect(provider.exchanges).toHaveLength(0);
  });
});

describe('signing out at the provider too (RP-initiated logout)', () => {
  it('sends the ID token as the hint and comes back to the console', async () => {
    const url = await providerSignOutUrl(SETTINGS, 'the.id.token', SITE, { fetch: fakeProvider().fetch });
    const parsed = new URL(url ?? '');
    expect(parsed.origin + parsed.pathname).toBe(`${SETTINGS.issuer}/protocol/openid-connect/logout`);
    expect(Object.fromEntries(parsed.searchParams)).toEqual({
      client_id: 'review-console',
      id_token_hint: 'the.id.token',
      post_logout_redirect_uri: `${SITE}/review`,
    });
  });

  it('only clears the tab when the provider offers no end-session endpoint or cannot be reached', async () => {
    expect(
      await providerSignOutUrl(SETTINGS, 't', SITE, { fetch: fakeProvider({ endSession: false }).fetch }),
    ).toBeUndefined();
    const offline = async () => {
      throw new TypeError('offline');
    };
    expect(await providerSignOutUrl(SETTINGS, 't', SITE, { fetch: offline })).toBeUndefined();
  });
});
