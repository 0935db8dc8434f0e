/** Serves the built web pages (web/dist) the way CloudFront serves them from S3. */
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { ASSET_PREFIX, CACHE_CONTROL, PAGES } from '../shared/web/pages';

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

/** The file for a request path, or undefined when it is not one of ours (never escapes the web root). */
export const staticFileFor = (
  webRoot: string,
  path: string,
): { file: string; isPage: boolean } | undefined => {
  const page = PAGES[path as keyof typeof PAGES];
  if (page) return { file: join(webRoot, page), isPage: true };
  if (!path.startsWith(ASSET_PREFIX)) return undefined;
  const decoded = decodeURIComponentSafe(path);
  if (decoded === undefined || decoded.includes('\0')) return undefined;
  const file = resolve(webRoot, `.${normalize(decoded)}`);
  return file.startsWith(resolve(webRoot, ASSET_PREFIX.slice(1)) + sep) ? { file, isPage: false } : undefined;
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
    'content-type': CONTENT_TYPES[extname(target.file)] ?? 'application/octet-stream',
    'cache-control': target.isPage ? CACHE_CONTROL.page : CACHE_CONTROL.asset,
    'content-length': String(content.length),
  });
  response.end(method === 'HEAD' ? undefined : content);
  return true;
};
