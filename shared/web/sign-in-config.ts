/**
 * The reviewer console's sign-in settings, `/review-config.json` on AWS (REVIEW_CONFIG_FILE in pages.ts):
 * written by the CDK stack (infra/constructs/staff-sign-in.ts), read by the console in the browser. One
 * shape for every provider, Cognito on global AWS as much as the union's own OpenID Connect provider:
 *
 * ```json
 * { "oidc": { "issuer": "https://sso.example.cn/realms/union", "clientId": "review-console",
 *             "scopes": "openid profile email", "redirectUri": "https://join.example.cn/review" } }
 * ```
 *
 * The console discovers everything else (authorization, token and end-session endpoints, JWKS) from
 * `<issuer>/.well-known/openid-configuration`, and signs in with the authorization code grant and PKCE
 * (a public client: no secret). Pure and browser-safe: no Node.js imports.
 */

/** What the console asks the provider for; `openid` is required, the rest give a display name. */
export const DEFAULT_OIDC_SCOPES = 'openid profile email';

export interface OidcConsoleSettings {
  /** The provider's issuer URL, exactly as the `iss` claim of its tokens (and the API's JWT authorizer). */
  readonly issuer: string;
  /** The console's client id at the provider (a public client: authorization code with PKCE). */
  readonly clientId: string;
  /** Space-separated OAuth scopes, `openid` among them. */
  readonly scopes: string;
  /** Where the provider returns with the code: the console page, `<site>/review`. */
  readonly redirectUri: string;
}

/** The whole of `/review-config.json`. */
export interface ConsoleSignInSettings {
  readonly oidc: OidcConsoleSettings;
}

/** The file's content, with nothing but the four settings (the stack passes CloudFormation tokens). */
export const consoleSignInSettings = (oidc: OidcConsoleSettings): ConsoleSignInSettings => ({
  oidc: {
    issuer: oidc.issuer,
    clientId: oidc.clientId,
    scopes: oidc.scopes,
    redirectUri: oidc.redirectUri,
  },
});

const isLocalHost = (hostname: string): boolean =>
  hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';

/** An https URL (http only for this machine), without credentials, query or fragment. */
const secureUrl = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLocalHost(url.hostname));
    return secure && !url.username && !url.password && !url.search && !url.hash ? value : undefined;
  } catch {
    return undefined;
  }
};

/** OAuth scope tokens (RFC 6749 §3.3): printable ASCII but space, `"` and `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** Scopes as the provider expects them (single spaces), or undefined without `openid` or with a bad token. */
export const normaliseScopes = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const scopes = value.split(/\s+/).filter(Boolean);
  if (!scopes.includes('openid') || !scopes.every((scope) => SCOPE_TOKEN.test(scope))) return undefined;
  return [...new Set(scopes)].join(' ');
};

/** A client id as providers issue them: 1–256 printable ASCII characters, no spaces. */
export const isClientId = (value: unknown): value is string =>
  typeof value === 'string' && /^[\x21-\x7E]{1,256}$/.test(value);

/**
 * The settings from the body of `/review-config.json`, or undefined when anything is missing or unsafe
 * (an http issuer or redirect away from this machine, a query or fragment, no `openid` scope).
 */
export const parseConsoleSignInSettings = (body: unknown): ConsoleSignInSettings | undefined => {
  if (typeof body !== 'object' || body === null) return undefined;
  const oidc = (body as { oidc?: unknown }).oidc;
  if (typeof oidc !== 'object' || oidc === null) return undefined;
  const raw = oidc as Record<string, unknown>;
  const issuer = secureUrl(raw.issuer);
  const redirectUri = secureUrl(raw.redirectUri);
  const scopes = normaliseScopes(raw.scopes);
  if (!issuer || !redirectUri || !scopes || !isClientId(raw.clientId)) return undefined;
  return consoleSignInSettings({ issuer, clientId: raw.clientId, scopes, redirectUri });
};
