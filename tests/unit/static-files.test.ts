import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staticFileFor } from '../../local/static-files';
import { PAGES } from '../../shared/web/pages';

const root = '/srv/web';

describe('staticFileFor', () => {
  it.each(Object.entries(PAGES))('serves the page %s from %s', (path, file) => {
    expect(staticFileFor(root, path)).toEqual({ file: join(root, file), isPage: true });
  });

  it('serves hashed assets from the assets folder', () => {
    expect(staticFileFor(root, '/assets/form-AB12CD.js')).toEqual({
      file: join(root, 'assets/form-AB12CD.js'),
      isPage: false,
    });
  });

  it.each([
    ['a traversal out of the assets folder', '/assets/../../etc/passwd'],
    ['an encoded traversal', '/assets/%2e%2e/%2e%2e/etc/passwd'],
    ['a malformed escape', '/assets/%E0%A4%A'],
    ['a path outside pages and assets', '/index.html'],
    ['the API', '/api/catalog'],
  ])('refuses %s', (_, path) => {
    expect(staticFileFor(root, path)).toBeUndefined();
  });
});
