/**
 * Documents served as static files beside the pages, declared once: the catalogue of trades, platforms
 * and counties, and under /api/ the catalogue again and the API description (a function used to answer
 * those two). Each is the same bytes for everyone until the next deployment, so no function runs for it:
 * - web/build.ts writes each body to its path under the build output;
 * - the CDK stack deploys them to the site bucket with this Content-Type and Cache-Control, and puts a
 *   CloudFront behaviour for each one under /api/ ahead of /api/* (which goes to the HTTP API), so that
 *   S3 answers them (infra/constructs/web-hosting.ts);
 * - the local gateway serves the built files with the same headers (local/static-files.ts);
 * - the API description documents those under /api/ (shared/api/openapi.ts).
 */
import apiDescription from '../api/openapi.json';
import { catalog } from '../catalog/index';

export interface StaticDocument {
  /** The URL path, and the file's path under the build output (its S3 key: staticDocumentKey). */
  readonly path: `/${string}`;
  /** What the file holds, computed when the pages are built. */
  readonly body: () => string;
  readonly contentType: string;
  readonly cacheControl: string;
}

/**
 * JSON that browsers and CloudFront may keep a few minutes: a deployment that changes it invalidates
 * CloudFront's copies, so a browser shows the old one for at most 5 more minutes.
 */
const JSON_DOCUMENT = {
  contentType: 'application/json; charset=utf-8',
  cacheControl: 'public, max-age=300',
} as const;

const catalogBody = () => JSON.stringify(catalog);

export const STATIC_DOCUMENTS: readonly StaticDocument[] = [
  // The pages' own origin: what a page or another system reads the catalogue from.
  { path: '/catalog.json', body: catalogBody, ...JSON_DOCUMENT },
  { path: '/api/catalog', body: catalogBody, ...JSON_DOCUMENT },
  { path: '/api/openapi.json', body: () => JSON.stringify(apiDescription), ...JSON_DOCUMENT },
];

/** The documents under /api/: CloudFront would send them to the HTTP API but for their own behaviours. */
export type ApiDocument = StaticDocument & { readonly path: `/api/${string}` };
export const API_DOCUMENTS: readonly ApiDocument[] = STATIC_DOCUMENTS.filter(
  (document): document is ApiDocument => document.path.startsWith('/api/'),
);

/**
 * `/api/catalog` → `api/catalog`: the document's file under the build output and its key in the site
 * bucket. Only plain file paths: no wildcard CloudFront would read in a path pattern, no `..`, no
 * trailing slash.
 */
export const staticDocumentKey = (document: Pick<StaticDocument, 'path'>): string => {
  const key = document.path.slice(1);
  if (!key.split('/').every((segment) => /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(segment))) {
    throw new Error(`static document ${JSON.stringify(document.path)} is not a plain file path`);
  }
  return key;
};

/** The declared document at this URL path, if any. */
export const staticDocumentAt = (path: string): StaticDocument | undefined =>
  STATIC_DOCUMENTS.find((document) => document.path === path);
