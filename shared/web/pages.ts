/**
 * The web pages and the security headers they are served with, declared once: the CloudFront
 * distribution (infra/) and the local gateway (local/) both read this.
 */

/** Clean URL → the built HTML file under web/dist. */
export const PAGES = {
  '/': 'index.html',
  '/status': 'status.html',
  '/consent': 'consent.html',
  '/review': 'review.html',
  '/reports': 'reports.html',
  '/staff': 'staff.html',
  '/unions': 'unions.html',
  '/api': 'api.html',
} as const satisfies Record<string, string>;

/** Built assets live under this prefix with content hashes in their names, so they can be cached for a year. */
export const ASSET_PREFIX = '/assets/';

/**
 * The CSP; `connectSources` adds origins the pages may call (on AWS: the sign-in provider's origins);
 * `formTargets` adds origins a form's answer may redirect to (browsers apply form-action to the redirects
 * after a post too): only the local stack's own sign-in pages need it, to return to the staff pages.
 */
export const contentSecurityPolicy = (
  connectSources: readonly string[] = [],
  formTargets: readonly string[] = [],
): string =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    ["connect-src 'self'", ...connectSources].join(' '),
    "object-src 'none'",
    "base-uri 'self'",
    ["form-action 'self'", ...formTargets].join(' '),
    "frame-ancestors 'none'",
  ].join('; ');

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

export const securityHeaders = (connectSources: readonly string[] = []) =>
  ({
    'content-security-policy': contentSecurityPolicy(connectSources),
    'strict-transport-security': 'max-age=63072000; includeSubDomains',
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  }) as const;

export const SECURITY_HEADERS = securityHeaders();

/**
 * Where the staff pages find their sign-in settings (the OpenID Connect issuer, client id, scopes and
 * redirect URI); its shape is ConsoleSignInSettings (sign-in-config.ts). Written to the site bucket by
 * the CDK stack on AWS; served by the local stack's own provider (local/oidc/provider.ts) on `npm start`.
 */
export const REVIEW_CONFIG_FILE = 'review-config.json';

export const CACHE_CONTROL = {
  page: 'no-cache',
  asset: 'public, max-age=31536000, immutable',
} as const;
