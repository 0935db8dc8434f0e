/**
 * Serves the built web pages (web/dist) the way CloudFront serves them from S3: the pages, the hashed
 * assets and the static documents (shared/web/static-documents.ts), each with the Content-Type and
 * Cache-Control the site bucket gives it.
 */
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { ASSET_PREFIX, CACHE_CONTROL, PAGES } from '../shared/web/pages';
import { staticDocumentAt, staticDocumentKey } from '../shared/web/static-documents';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticFile {
  file: string;
  contentType: string;
  cacheControl: string;
}

const byExtension = (file: string, cacheControl: string): StaticFile => ({
  file,
  contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
  cacheControl,
});

/** The file for a request path, or undefined when it is not one of ours (never escapes the web root). */
export const staticFileFor = (webRoot: string, path: string): StaticFile | undefined => {
  const page = PAGES[path as keyof typeof PAGES];
  if (page) return byExtension(join(webRoot, page), CACHE_CONTROL.page);
  const document = staticDocumentAt(path);
  if (document) {
    const { contentType, cacheControl } = document;
    return { file: join(webRoot, staticDocumentKey(document)), contentType, cacheControl };
  }
  if (!path.startsWith(ASSET_PREFIX)) return undefined;
  const decoded = decodeURIComponentSafe(path);
  if (decoded === undefined || decoded.includes('\0')) return undefined;
  const file = resolve(webRoot, `.${normalize(decoded)}`);
  return file.startsWith(resolve(webRoot, ASSET_PREFIX.slice(1)) + sep)
    ? byExtension(file, CACHE_CONTROL.asset)
    : undefined;
};

const decodeURIComponentSafe = (text: string): string | undefined => {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
};

export const serveStatic = async (
  webRoot: string,
  method: string,
  path: string,
  response: ServerResponse,
): Promise<boolean> => {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const target = staticFileFor(webRoot, path);
  if (!target) return false;
  let content: Buffer;
  try {
    content = await readFile(target.file);
  } catch {
    return false;
  }
  response.writeHead(200, {
    'content-type': target.contentType,
    'cache-control': target.cacheControl,
    'content-length': String(content.length),
  });
  response.end(method === 'HEAD' ? undefined : content);
  return true;
};
