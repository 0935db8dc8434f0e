/**
 * The local OpenID provider (issue 11): discovery, the authorization code flow with PKCE for the console's
 * public client, the login page, and an ID token the API takes — the code path the console uses on AWS.
 * One issuer: the token CLI's tokens verify against the provider's own JWKS.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CLIENT_ID } from '../../local/local-issuer';
import { createLocalOidcProvider } from '../../local/oidc/provider';
import { createHarness, type Harness } from './support/harness';
import { type HttpStack, startHttpStack } from './support/http-stack';

let harness: Harness;
let http: HttpStack;
// biome-ignore lint/suspicious/noExplicitAny: a discovery document is checked by the assertions
let discovery: any;

beforeAll(async () => {
  harness = await createHarness();
  http = await startHttpStack(harness);
  discovery = await (await fetch(`${http.issuer}/.well-known/openid-configuration`)).json();
});
afterAll(async () => {
  await http.close();
  await harness.close();
});

/** A browser's cookie jar, enough for one origin. */
const cookieJar = () => {
  const cookies = new Map<string, string>();
  return {
    header: () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
    keep(response: Response) {
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair?.indexOf('=') ?? -1;
        if (!pair || at < 0) continue;
        const value = pair.slice(at + 1);
        if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) cookies.delete(pair.slice(0, at));
        else cookies.set(pair.slice(0, at), value);
      }
    },
  };
};

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/** Signs in as `account` the way the console does, and returns the token response. */
const signIn = async (account: string, options: { verifierOverride?: string } = {}) => {
  const config = await (await fetch(`${http.url}/review-config.json`)).json();
  const jar = cookieJar();
  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(16));
  const nonce = base64url(randomBytes(16));
  const authorize = new URL(discovery.authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: config.oidc.clientId,
    redirect_uri: config.oidc.redirectUri,
    response_type: 'code',
    scope: config.oidc.scopes,
    state,
    nonce,
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  }).toString();

  const follow = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(new URL(url, http.url), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.keep(response);
    return response;
  };

  const toLogin = await follow(authorize.href);
  expect(toLogin.status).toBe(303);
  const loginUrl = toLogin.headers.get('location') as string;
  expect(loginUrl).toMatch(/^\/oidc\/interaction\/[\w-]+$/);
  const loginPage = await follow(loginUrl);
  expect(loginPage.status).toBe(200);
  expect(await loginPage.text()).toContain('name="account"');

  const loggedIn = await follow(loginUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ account }).toString(),
  });
  expect(loggedIn.status).toBe(303);
  const back = await follow(loggedIn.headers.get('location') as string);
  expect(back.status).toBe(303);
  const callback = new URL(back.headers.get('location') as string);
  expect(`${callback.origin}${callback.pathname}`).toBe(config.oidc.redirectUri);
  expect(callback.searchParams.get('state')).toBe(state);
  const code = callback.searchParams.get('code') as string;
  expect(code).toBeTruthy();

  const tokens = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(http.url).origin },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: config.oidc.redirectUri,
      client_id: config.oidc.clientId,
      code_verifier: options.verifierOverride ?? verifier,
    }).toString(),
  });
  return { tokens, body: await tokens.json(), nonce };
};

describe('the local OpenID provider', () => {
  it('publishes discovery and JWKS for the issuer the API checks', async () => {
    expect(discovery.issuer).toBe(http.issuer);
    expect(discovery.issuer).toBe(`${http.url}/oidc`);
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    expect(discovery.end_session_endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oidc\//);
    const jwks = await (await fetch(discovery.jwks_uri)).json();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', kid: 'local', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d'); // the public half only
  });

  it('tells the console where to sign in', async () => {
    const config = await (await fetch(`${http.url}/review-config.json`)).json();
    expect(config).toEqual({
      oidc: {
        issuer: http.issuer,
        clientId: LOCAL_CLIENT_ID,
        scopes: 'openid profile email',
        redirectUri: `${http.url}/review`,
      },
    });
  });

  it('signs a local account in with code + PKCE, and the API takes its ID token; the roster decides', async () => {
    const { tokens, body, nonce } = await signIn('zhou-new');
    expect(tokens.status).toBe(200);
    const jwks = createLocalJWKSet(await (await fetch(discovery.jwks_uri)).json());
    const { payload } = await jwtVerify(body.id_token, jwks, {
      issuer: http.issuer,
      audience: LOCAL_CLIENT_ID,
      algorithms: ['RS256'],
    });
    expect(payload).toMatchObject({ sub: 'zhou-new', name: 'zhou-new', nonce });

    const me = await http.call('GET', '/api/staff/me', { token: body.id_token });
    expect(me.status).toBe(200);
    expect(me.body.identity).toMatchObject({ issuer: http.issuer, subject: 'zhou-new' });
    expect(me.body.staff).toBeNull();
    expect((await http.call('GET', '/api/review/applications', { token: body.id_token })).status).toBe(403);

    const admin = await http.token({ role: 'admin', sub: 'oidc-admin' });
    const added = await http.call('POST', '/api/staff', {
      token: admin,
      body: { subject: 'zhou-new', displayName: '周', role: 'reviewer', counties: ['zhaoyang', 'ludian'] },
    });
    expect(added.status).toBe(201);
    expect(added.body.issuer).toBe(http.issuer);
    expect((await http.call('GET', '/api/review/applications', { token: body.id_token })).status).toBe(200);
  });

  it('issues CLI tokens under the same issuer and key as its own', async () => {
    const cliToken = await http.token({ role: 'reviewer', counties: 'zhaoyang', sub: 'cli-person' });
    const jwks = createLocalJWKSet(await (await fetch(discovery.jwks_uri)).json());
    expect(decodeProtectedHeader(cliToken).kid).toBe('local');
    const { payload } = await jwtVerify(cliToken, jwks, { issuer: http.issuer, audience: LOCAL_CLIENT_ID });
    expect(payload.sub).toBe('cli-person');
  });

  it('refuses a code redeemed without its PKCE verifier', async () => {
    const { tokens, body } = await signIn('pkce-check', { verifierOverride: base64url(randomBytes(32)) });
    expect(tokens.status).toBe(400);
    expect(body.error).toBe('invalid_grant');
  });

  it('refuses an authorization request without PKCE, or for a redirect it does not know', async () => {
    const request = (params: Record<string, string>) => {
      const url = new URL(discovery.authorization_endpoint);
      url.search = new URLSearchParams({
        client_id: LOCAL_CLIENT_ID,
        response_type: 'code',
        scope: 'openid',
        redirect_uri: `${http.url}/review`,
        ...params,
      }).toString();
      return fetch(url, { redirect: 'manual' });
    };
    const withoutPkce = await request({});
    expect(withoutPkce.status).toBe(303);
    expect(withoutPkce.headers.get('location')).toContain('error=invalid_request');
    const elsewhere = await request({
      redirect_uri: 'https://attacker.example/review',
      code_challenge: base64url(randomBytes(32)),
      code_challenge_method: 'S256',
    });
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain('redirect_uri');
  });

  it('refuses an account name it would not issue, on its own page', async () => {
    const authorize = new URL(discovery.authorization_endpoint);
    authorize.search = new URLSearchParams({
      client_id: LOCAL_CLIENT_ID,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: `${http.url}/review`,
      code_challenge: base64url(randomBytes(32)),
      code_challenge_method: 'S256',
    }).toString();
    const jar = cookieJar();
    const toLogin = await fetch(authorize, { redirect: 'manual' });
    jar.keep(toLogin);
    const response = await fetch(new URL(toLogin.headers.get('location') as string, http.url), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'account=%3Cscript%3E',
    });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('role="alert"');
    expect(page).not.toContain('<script>');
  });
});

describe('the local provider reached from another machine (HOST=0.0.0.0)', () => {
  it('will not sign anyone in: local accounts have no password', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'oidc-lan-'));
    let provider: ReturnType<typeof createLocalOidcProvider> | undefined;
    // A phone on the network, as the provider sees it: its own address on the socket.
    const server: Server = createServer((request, response) => {
      Object.defineProperty(request.socket, 'remoteAddress', { value: '192.168.1.23', configurable: true });
      void provider?.handle(request, response, new URL(request.url ?? '/', 'http://127.0.0.1'));
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    provider = createLocalOidcProvider({ origin, dataDir });
    try {
      const authorize = new URL(`${provider.issuer}/auth`);
      authorize.search = new URLSearchParams({
        client_id: LOCAL_CLIENT_ID,
        response_type: 'code',
        scope: 'openid',
        redirect_uri: `${origin}/review`,
        code_challenge: base64url(randomBytes(32)),
        code_challenge_method: 'S256',
      }).toString();
      const jar = cookieJar();
      const toLogin = await fetch(authorize, { redirect: 'manual' });
      expect(toLogin.status).toBe(303);
      jar.keep(toLogin);
      const loginUrl = new URL(toLogin.headers.get('location') as string, origin);
      const page = await fetch(loginUrl, { headers: { cookie: jar.header() } });
      expect(page.status).toBe(403);
      expect(await page.text()).not.toContain('name="account"');
      const posted = await fetch(loginUrl, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
        body: 'account=ann',
      });
      expect(posted.status).toBe(403);
      expect(posted.headers.get('location')).toBeNull();
    } finally {
      await new Promise((closed) => server.close(closed));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
