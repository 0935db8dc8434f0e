/**
 * The local stack's OpenID provider: `oidc-provider` (OpenID Certified) mounted at `<origin>/oidc` on the
 * gateway, with discovery, JWKS, authorization code + PKCE for the console's public client, RP-initiated
 * logout, and a login page for local accounts. It signs with the key pair `npm run token` signs with, so
 * there is one issuer locally as on AWS, and the pages sign in through the code path they use there.
 * Nothing of this exists in the AWS deployment.
 */
import { createPrivateKey, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { contentSecurityPolicy } from '../../shared/web/pages';
import { DEFAULT_OIDC_SCOPES } from '../../shared/web/sign-in-config';
import {
  ensureIssuerKeys,
  LOCAL_CLIENT_ID,
  LOCAL_KEY_ID,
  localIssuerOf,
  OIDC_MOUNT_PATH,
  TOKEN_LIFETIME_SECONDS,
} from '../local-issuer';
import { fileAdapter } from './file-adapter';
import {
  errorPage,
  LOCAL_ACCOUNT,
  LOGIN_CSS,
  LOGIN_CSS_PATH,
  loggedOutPage,
  loginPage,
  logoutPage,
  onlyOnThisMachinePage,
} from './pages';

/** The console's sign-in settings, served locally where CloudFront serves them on AWS. */
export const CONSOLE_CONFIG_PATH = '/review-config.json';

const isLoopback = (address: string | undefined): boolean =>
  address === '::1' || /^(?:::ffff:)?127\./.test(address ?? '');

/** The pages a sign-in may come back to (the console remembers which one started it). */
const REDIRECT_PATHS = ['/review'];

/** The same machine answers at localhost and 127.0.0.1: the console may be opened at either. */
const loopbackOrigins = (origin: string): string[] => {
  const url = new URL(origin);
  const hosts = ['localhost', '127.0.0.1'].includes(url.hostname)
    ? ['localhost', '127.0.0.1']
    : [url.hostname];
  return hosts.map((host) => `${url.protocol}//${host}${url.port ? `:${url.port}` : ''}`);
};

const cookieKeys = (dataDir: string): string[] => {
  const file = join(dataDir, 'oidc', 'cookie-keys.json');
  if (!existsSync(file)) {
    mkdirSync(join(dataDir, 'oidc'), { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify([randomBytes(32).toString('base64url')]), { mode: 0o600 });
  }
  return JSON.parse(readFileSync(file, 'utf8')) as string[];
};

const readForm = (request: IncomingMessage): Promise<URLSearchParams> =>
  new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 4096) request.destroy();
    });
    request.on('end', () => resolve(new URLSearchParams(body)));
    request.on('error', reject);
  });

const html = (response: ServerResponse, status: number, body: string) => {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  response.end(body);
};

export interface LocalOidcProvider {
  issuer: string;
  clientId: string;
  /** Every origin the stack answers at (localhost and 127.0.0.1), the issuer's among them. */
  origins: string[];
  /** Answers `/oidc/*` and `/review-config.json`; false for any other path. */
  handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean>;
}

export const createLocalOidcProvider = (options: { origin: string; dataDir: string }): LocalOidcProvider => {
  const issuer = localIssuerOf(options.origin);
  const origins = loopbackOrigins(options.origin);
  const { privatePem } = ensureIssuerKeys(options.dataDir);
  const signingKey = {
    ...(createPrivateKey(privatePem).export({ format: 'jwk' }) as Record<string, string>),
    kid: LOCAL_KEY_ID,
    alg: 'RS256',
    use: 'sig',
  };

  const configuration: Configuration = {
    adapter: fileAdapter(join(options.dataDir, 'oidc', 'store.json')) as unknown as Configuration['adapter'],
    clients: [
      {
        client_id: LOCAL_CLIENT_ID,
        client_name: '工会审核台 · Union staff console',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: origins.flatMap((origin) => REDIRECT_PATHS.map((path) => `${origin}${path}`)),
        post_logout_redirect_uris: origins.map((origin) => `${origin}/review`),
        id_token_signed_response_alg: 'RS256',
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: cookieKeys(options.dataDir) },
    scopes: DEFAULT_OIDC_SCOPES.split(' '),
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'] },
    // The console shows who is signed in from the ID token, the one token the API takes.
    conformIdTokenClaims: false,
    findAccount: async (_ctx, sub) =>
      LOCAL_ACCOUNT.test(sub)
        ? { accountId: sub, claims: async () => ({ sub, name: sub, preferred_username: sub }) }
        : undefined,
    // The console is the provider's own first-party client: no consent screen.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const existing = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
      if (existing) return existing;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(DEFAULT_OIDC_SCOPES);
      await grant.save();
      return grant;
    },
    interactions: { url: async (_ctx, interaction) => `${OIDC_MOUNT_PATH}/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.type = 'html';
          ctx.body = logoutPage(form);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = 'html';
          ctx.body = loggedOutPage();
        },
      },
    },
    pkce: { required: () => true },
    // The console may be opened at localhost or 127.0.0.1 while the issuer names one of them.
    clientBasedCORS: (_ctx, origin) => origins.includes(origin),
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(out);
    },
    ttl: {
      IdToken: TOKEN_LIFETIME_SECONDS,
      AccessToken: TOKEN_LIFETIME_SECONDS,
      Session: TOKEN_LIFETIME_SECONDS,
      Grant: 14 * 86_400,
      Interaction: 3600,
      AuthorizationCode: 60,
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  const interaction = async (request: IncomingMessage, response: ServerResponse, uid: string) => {
    // `HOST=0.0.0.0` lets phones on the network reach the form; it must not let them sign in as staff.
    if (!isLoopback(request.socket.remoteAddress)) return html(response, 403, onlyOnThisMachinePage());
    const details = await provider.interactionDetails(request, response);
    if (details.uid !== uid) return html(response, 400, errorPage({ error: 'interaction mismatch' }));
    const action = `${OIDC_MOUNT_PATH}/interaction/${uid}`;
    if (request.method !== 'POST') return html(response, 200, loginPage({ action }));
    const account = (await readForm(request)).get('account')?.trim() ?? '';
    if (!LOCAL_ACCOUNT.test(account)) return html(response, 400, loginPage({ action, account, error: true }));
    await provider.interactionFinished(
      request,
      response,
      { login: { accountId: account } },
      { mergeWithLastSubmission: false },
    );
  };

  return {
    issuer,
    clientId: LOCAL_CLIENT_ID,
    origins,
    async handle(request, response, url) {
      if (url.pathname === CONSOLE_CONFIG_PATH && request.method === 'GET') {
        response.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-cache',
        });
        response.end(
          JSON.stringify({
            oidc: {
              issuer,
              clientId: LOCAL_CLIENT_ID,
              scopes: DEFAULT_OIDC_SCOPES,
              redirectUri: `${url.protocol}//${request.headers.host ?? new URL(options.origin).host}/review`,
            },
          }),
        );
        return true;
      }
      if (url.pathname !== OIDC_MOUNT_PATH && !url.pathname.startsWith(`${OIDC_MOUNT_PATH}/`)) return false;
      // The login and sign-out pages post to the provider, which answers with a redirect back to the
      // console, at whichever loopback name it was opened: form-action must allow those origins.
      response.setHeader('content-security-policy', contentSecurityPolicy(origins, origins));
      if (url.pathname === LOGIN_CSS_PATH) {
        response.writeHead(200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' });
        response.end(LOGIN_CSS);
        return true;
      }
      const uid = /^\/oidc\/interaction\/([A-Za-z0-9_-]+)$/.exec(url.pathname)?.[1];
      if (uid) {
        await interaction(request, response, uid);
        return true;
      }
      // Mounted as connect/express mount it: the provider sees its own paths and works out the prefix.
      const mounted = request as IncomingMessage & { originalUrl?: string };
      mounted.originalUrl = request.url;
      request.url = (request.url ?? '/').slice(OIDC_MOUNT_PATH.length) || '/';
      await callback(request, response);
      return true;
    },
  };
};
