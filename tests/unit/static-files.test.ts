import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staticFileFor } from '../../local/static-files';
import { CACHE_CONTROL, PAGES } from '../../shared/web/pages';
import { STATIC_DOCUMENTS, staticDocumentKey } from '../../shared/web/static-documents';

const root = '/srv/web';

describe('staticFileFor', () => {
  it.each(Object.entries(PAGES))('serves the page %s from %s, revalidated', (path, file) => {
    expect(staticFileFor(root, path)).toEqual({
      file: join(root, file),
      contentType: 'text/html; charset=utf-8',
      cacheControl: CACHE_CONTROL.page,
    });
  });

  it('serves hashed assets from the assets folder, kept for a year', () => {
    expect(staticFileFor(root, '/assets/form-AB12CD.js')).toEqual({
      file: join(root, 'assets/form-AB12CD.js'),
      contentType: 'text/javascript; charset=utf-8',
      cacheControl: CACHE_CONTROL.asset,
    });
  });

  it.each(STATIC_DOCUMENTS.map((d) => [d.path, d] as const))(
    'serves the static document %s from its built file, with its declared headers',
    (path, document) => {
      expect(staticFileFor(root, path)).toEqual({
        file: join(root, path),
        contentType: document.contentType,
        cacheControl: document.cacheControl,
      });
    },
  );

  it('serves the catalogue and the API description under /api/ as JSON, cacheable a few minutes', () => {
    for (const path of ['/api/catalog', '/api/openapi.json', '/catalog.json']) {
      expect(staticFileFor(root, path), path).toMatchObject({
        contentType: 'application/json; charset=utf-8',
        cacheControl: 'public, max-age=300',
      });
    }
  });

  it.each([
    ['a traversal out of the assets folder', '/assets/../../etc/passwd'],
    ['an encoded traversal', '/assets/%2e%2e/%2e%2e/etc/passwd'],
    ['a malformed escape', '/assets/%E0%A4%A'],
    ['a path outside pages and assets', '/index.html'],
    ['an API route', '/api/challenge'],
    ['another path under /api/', '/api/catalog/extra'],
  ])('refuses %s', (_, path) => {
    expect(staticFileFor(root, path)).toBeUndefined();
  });
});

describe('staticDocumentKey', () => {
  it('is the path without its leading slash', () => {
    expect(staticDocumentKey({ path: '/api/catalog' })).toBe('api/catalog');
    expect(staticDocumentKey({ path: '/catalog.json' })).toBe('catalog.json');
  });

  it.each(['/api/*', '/api/cat?log', '/api/../etc/passwd', '/api/', '/.hidden', '/'])(
    'refuses %s',
    (path) => {
      expect(() => staticDocumentKey({ path: path as `/${string}` })).toThrow(/not a plain file path/);
    },
  );
});
