/**
 * What CloudFront does at the edge, derived from shared/web/pages.ts (the declaration the local gateway
 * serves from too): the viewer-request function that maps clean URLs to their HTML files, and the
 * response headers policy settings for the security headers.
 */
import { Duration } from 'aws-cdk-lib';
import {
  HeadersFrameOption,
  HeadersReferrerPolicy,
  type ResponseCustomHeader,
  type ResponseSecurityHeadersBehavior,
} from 'aws-cdk-lib/aws-cloudfront';

/** CloudFront Functions reject code larger than this. */
const MAX_FUNCTION_CODE_BYTES = 10_240;

/**
 * The code of a viewer-request CloudFront Function (cloudfront-js-2.0) that rewrites each clean URL of
 * `pages` to `/<file>` and passes every other request through unchanged (assets, the API, misses).
 */
export const cleanUrlFunctionCode = (pages: Readonly<Record<string, string>>): string => {
  const rewrites: Record<string, string> = {};
  for (const [url, file] of Object.entries(pages)) {
    if (!/^\/[A-Za-z0-9._~/-]*$/.test(url))
      throw new Error(`page URL ${JSON.stringify(url)} is not a plain path`);
    if (!/^[A-Za-z0-9._-]+\.html$/.test(file)) {
      throw new Error(`page file ${JSON.stringify(file)} (for ${url}) is not an HTML file at the web root`);
    }
    rewrites[url] = `/${file}`;
  }
  const code = [
    `var PAGES = ${JSON.stringify(rewrites)};`,
    'function handler(event) {',
    '  var request = event.request;',
    '  if (Object.prototype.hasOwnProperty.call(PAGES, request.uri)) request.uri = PAGES[request.uri];',
    '  return request;',
    '}',
    '',
  ].join('\n');
  if (Buffer.byteLength(code) > MAX_FUNCTION_CODE_BYTES) {
    throw new Error(`the clean-URL function is ${Buffer.byteLength(code)} bytes, over CloudFront's limit`);
  }
  return code;
};

export interface ResponseHeaders {
  readonly securityHeadersBehavior: ResponseSecurityHeadersBehavior;
  readonly customHeaders: ResponseCustomHeader[];
}

const FRAME_OPTIONS: Record<string, HeadersFrameOption> = {
  DENY: HeadersFrameOption.DENY,
  SAMEORIGIN: HeadersFrameOption.SAMEORIGIN,
};

const REFERRER_POLICIES = new Set<string>(Object.values(HeadersReferrerPolicy));

const parseHsts = (value: string): ResponseSecurityHeadersBehavior['strictTransportSecurity'] => {
  const directives = value.split(';').map((directive) => directive.trim().toLowerCase());
  const maxAge = directives.find((directive) => directive.startsWith('max-age='))?.slice('max-age='.length);
  if (maxAge === undefined || !/^\d+$/.test(maxAge))
    throw new Error(`HSTS ${JSON.stringify(value)} has no max-age`);
  const known = new Set(['includesubdomains', 'preload']);
  const unknown = directives.filter(
    (directive) => directive && !directive.startsWith('max-age=') && !known.has(directive),
  );
  if (unknown.length > 0) throw new Error(`HSTS ${JSON.stringify(value)}: unsupported ${unknown.join(', ')}`);
  return {
    accessControlMaxAge: Duration.seconds(Number(maxAge)),
    includeSubdomains: directives.includes('includesubdomains'),
    preload: directives.includes('preload'),
    override: true,
  };
};

/**
 * Maps header name → value onto CloudFront's security-header settings; any header CloudFront has no
 * security setting for (Permissions-Policy) becomes a custom header. Every one overrides what the
 * origin sends, so S3 or the API can never weaken them. Throws on a value CloudFront cannot express.
 */
export const responseHeadersFrom = (headers: Readonly<Record<string, string>>): ResponseHeaders => {
  const behavior: {
    -readonly [K in keyof ResponseSecurityHeadersBehavior]: ResponseSecurityHeadersBehavior[K];
  } = {};
  const customHeaders: ResponseCustomHeader[] = [];
  for (const [name, value] of Object.entries(headers)) {
    switch (name.toLowerCase()) {
      case 'content-security-policy':
        behavior.contentSecurityPolicy = { contentSecurityPolicy: value, override: true };
        break;
      case 'strict-transport-security':
        behavior.strictTransportSecurity = parseHsts(value);
        break;
      case 'x-frame-options': {
        const frameOption = FRAME_OPTIONS[value.toUpperCase()];
        if (!frameOption)
          throw new Error(`X-Frame-Options ${JSON.stringify(value)} is not DENY or SAMEORIGIN`);
        behavior.frameOptions = { frameOption, override: true };
        break;
      }
      case 'x-content-type-options':
        if (value.toLowerCase() !== 'nosniff') throw new Error(`X-Content-Type-Options must be nosniff`);
        behavior.contentTypeOptions = { override: true };
        break;
      case 'referrer-policy':
        if (!REFERRER_POLICIES.has(value))
          throw new Error(`Referrer-Policy ${JSON.stringify(value)} is unknown`);
        behavior.referrerPolicy = { referrerPolicy: value as HeadersReferrerPolicy, override: true };
        break;
      case 'x-xss-protection':
        throw new Error('X-XSS-Protection is obsolete: rely on the Content-Security-Policy');
      default:
        customHeaders.push({ header: name, value, override: true });
    }
  }
  return { securityHeadersBehavior: behavior, customHeaders };
};
