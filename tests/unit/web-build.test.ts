import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_VERSION } from '../../shared/domain/consent';
import { PAGES } from '../../shared/web/pages';
import { type BuiltFile, buildWeb } from '../../web/build';

const JS_GZIP_BUDGET = 60 * 1024;

describe('the web build', () => {
  let outDir: string;
  let files: BuiltFile[];
  const read = (path: string) => readFileSync(join(outDir, path), 'utf8');
  const pages = Object.values(PAGES);

  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), 'web-build-'));
    files = buildWeb(outDir).files;
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('writes every page and content-hashed scripts and styles under assets/', () => {
    const paths = files.map((f) => f.path);
    for (const page of pages) expect(paths).toContain(page);
    for (const name of ['form', 'status', 'consent']) {
      expect(
        paths.some((p) => new RegExp(`^assets/${name}-[A-Z0-9]{8}\\.js$`).test(p)),
        name,
      ).toBe(true);
    }
    expect(paths.some((p) => /^assets\/app-[A-Z0-9]{8}\.css$/.test(p))).toBe(true);
    for (const file of files) expect(file.gzipBytes).toBeGreaterThan(0);
  });

  it(`keeps all JavaScript within ${JS_GZIP_BUDGET / 1024} KB gzipped`, () => {
    const total = files.filter((f) => f.path.endsWith('.js')).reduce((sum, f) => sum + f.gzipBytes, 0);
    expect(total).toBeLessThanOrEqual(JS_GZIP_BUDGET);
  });

  it('points each page at built files that exist, on its own origin only', () => {
    for (const page of pages) {
      const html = read(page);
      const references = Array.from(html.matchAll(/\b(?:src|href)="([^"]+)"/g), (m) => m[1] ?? '');
      expect(
        references.some((r) => r.endsWith('.js')),
        page,
      ).toBe(true);
      for (const reference of references) {
        expect(reference, `${page}: ${reference}`).not.toMatch(/^(?:https?:)?\/\//);
        if (reference.startsWith('/assets/'))
          expect(existsSync(join(outDir, reference)), reference).toBe(true);
      }
      expect(html).not.toContain('../src/');
      expect(html).not.toContain('{{');
    }
  });

  it('needs nothing the Content-Security-Policy forbids: no inline script, style or handler', () => {
    for (const page of pages) {
      const html = read(page);
      for (const script of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
        expect(script[1], page).toMatch(/\bsrc="/);
        expect(script[2]?.trim(), page).toBe('');
      }
      expect(html, page).not.toMatch(/<style\b/);
      expect(html, page).not.toMatch(/\sstyle="/);
      expect(html, page).not.toMatch(/\son[a-z]+="/);
      expect(html, page).not.toMatch(/href="javascript:/);
    }
  });

  it('gives every page a language, a viewport and exactly one h1', () => {
    for (const page of pages) {
      const html = read(page);
      expect(html, page).toMatch(/<html lang="zh-CN">/);
      expect(html, page).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1">/);
      expect(html.match(/<h1\b/g)?.length, page).toBe(1);
    }
  });

  it('names the form controls after the API fields', () => {
    const html = read('index.html');
    for (const field of [
      'fullName',
      'phone',
      'idNumber',
      'county',
      'workplace',
      'consent',
      'platformOther',
    ]) {
      expect(html, field).toMatch(new RegExp(`name="${field}"`));
      expect(html, field).toMatch(new RegExp(`<label for="${field}"`));
    }
    expect(html.match(/type="submit"/g)?.length).toBe(1);
    expect(html).toMatch(/<input type="checkbox" id="consent" name="consent" value="yes"(?![^>]*checked)/);
  });

  it('shows the consent version on the form and the notice', () => {
    expect(read('index.html')).toContain(CONSENT_VERSION);
    expect(read('consent.html')).toContain(`版本：${CONSENT_VERSION}`);
    expect(read('consent.html')).toContain(`Version: ${CONSENT_VERSION}`);
  });

  it('gives the same names for the same sources', () => {
    const again = mkdtempSync(join(tmpdir(), 'web-build-'));
    try {
      const names = buildWeb(again).files.map((f) => f.path);
      expect(names).toEqual(files.map((f) => f.path));
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });

  it('refuses to clear a folder that holds the sources', () => {
    expect(() => buildWeb(resolve('.'))).toThrow(/refusing/);
    expect(() => buildWeb(resolve('web'))).toThrow(/refusing/);
  });
});
