import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import apiDescription from '../../shared/api/openapi.json';
import { catalog } from '../../shared/catalog/index';
import { CONSENT_VERSION } from '../../shared/domain/consent';
import { PAGES } from '../../shared/web/pages';
import { STATIC_DOCUMENTS, staticDocumentAt, staticDocumentKey } from '../../shared/web/static-documents';
import { APPLICANT_PAGES, type BuiltFile, buildWeb, gzipTotal, type PageScripts } from '../../web/build';
import { includesOf, layoutOf, renderPartial } from '../../web/page-source';

/** What the applicant pages (`/`, `/status`, `/consent`) may load, together, on a phone. */
const JS_GZIP_BUDGET = 60 * 1024;
/** The staff pages (console, dashboard, staff list, unions) before any chart: at a desk, but often on county office lines. */
const STAFF_INITIAL_JS_GZIP_BUDGET = 45 * 1024;
/** Chart.js, loaded by the dashboard after its numbers are shown. */
const CHARTS_JS_GZIP_BUDGET = 70 * 1024;
const STAFF_PAGES = ['review.html', 'reports.html', 'staff.html', 'unions.html'];

describe('the web build', () => {
  let outDir: string;
  let files: BuiltFile[];
  let scripts: Record<string, PageScripts>;
  const read = (path: string) => readFileSync(join(outDir, path), 'utf8');
  const pages = Object.values(PAGES);

  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), 'web-build-'));
    ({ files, scripts } = buildWeb(outDir));
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('writes every page and content-hashed scripts and styles under assets/', () => {
    const paths = files.map((f) => f.path);
    for (const page of pages) expect(paths).toContain(page);
    for (const name of ['form', 'status', 'consent', 'review', 'reports', 'staff', 'unions']) {
      expect(
        paths.some((p) => new RegExp(`^assets/${name}-[A-Z0-9]{8}\\.js$`).test(p)),
        name,
      ).toBe(true);
    }
    for (const name of ['app', 'console', 'dashboard', 'union-directory']) {
      expect(
        paths.some((p) => new RegExp(`^assets/${name}-[A-Z0-9]{8}\\.css$`).test(p)),
        name,
      ).toBe(true);
    }
    for (const file of files) expect(file.gzipBytes).toBeGreaterThan(0);
  });

  it('writes the catalogue and the API description at their paths, the same bytes the API answered with', () => {
    expect(read('catalog.json')).toBe(JSON.stringify(catalog));
    expect(read('api/catalog')).toBe(JSON.stringify(catalog));
    expect(read('api/openapi.json')).toBe(JSON.stringify(apiDescription));
    const paths = files.map((f) => f.path);
    for (const document of STATIC_DOCUMENTS) {
      expect(paths).toContain(staticDocumentKey(document));
      expect(read(staticDocumentKey(document)), document.path).toBe(document.body());
    }
  });

  it('knows which scripts each page loads, at once and on demand', () => {
    const js = new Set(files.filter((f) => f.path.endsWith('.js')).map((f) => f.path));
    for (const page of pages) {
      const loaded = scripts[page];
      expect(loaded?.initial.length, page).toBeGreaterThan(0);
      for (const path of [...(loaded?.initial ?? []), ...(loaded?.lazy ?? [])])
        expect(js.has(path), path).toBe(true);
      // Everything loaded at once is in the page: the entry script and a modulepreload for each chunk.
      for (const path of loaded?.initial ?? [])
        expect(read(page), `${page}: ${path}`).toContain(`"/${path}"`);
    }
  });

  it(`keeps the applicant pages' JavaScript, together, within ${JS_GZIP_BUDGET / 1024} KB gzipped`, () => {
    const applicant = APPLICANT_PAGES.flatMap((page) => [
      ...(scripts[page]?.initial ?? []),
      ...(scripts[page]?.lazy ?? []),
    ]);
    expect(applicant.length).toBeGreaterThan(0);
    expect(gzipTotal(files, new Set(applicant))).toBeLessThanOrEqual(JS_GZIP_BUDGET);
  });

  it('builds the proof-of-work solver as a same-origin worker script that the form starts on demand', () => {
    const workers = files.filter((f) => /^assets\/altcha-worker-[A-Z0-9]{8}\.js$/.test(f.path));
    expect(workers).toHaveLength(1);
    const worker = workers[0] as BuiltFile;
    // Counted in the applicant pages' budget as JavaScript the form loads later, not at once.
    expect(scripts['index.html']?.lazy).toContain(worker.path);
    expect(scripts['index.html']?.initial).not.toContain(worker.path);
    const form = scripts['index.html']?.initial.find((path) => path.startsWith('assets/form-')) ?? '';
    expect(read(form)).toContain(`"/${worker.path}"`);
    // A classic script (older WebViews start no module workers) with altcha-lib's v1 solver.
    const code = read(worker.path);
    expect(code).not.toMatch(/^\s*(?:import|export)\b/m);
    expect(code).toContain('crypto.subtle.digest');
    expect(worker.gzipBytes).toBeLessThan(1024);
  });

  it('never sends the staff pages’ text or the chart library to the applicant pages', () => {
    for (const page of APPLICANT_PAGES) {
      for (const path of [...(scripts[page]?.initial ?? []), ...(scripts[page]?.lazy ?? [])]) {
        const code = read(path);
        expect(code, `${page}: ${path}`).not.toContain('入会审核工作台');
        expect(code, `${page}: ${path}`).not.toContain('reports.stat.members');
        expect(code, `${page}: ${path}`).not.toMatch(/Canvas is already in use|\bindexAxis\b/);
      }
    }
  });

  it('sends the unions page’s text to that page only, and the report’s union text to the dashboard only', () => {
    const loaded = (page: string) =>
      [...(scripts[page]?.initial ?? []), ...(scripts[page]?.lazy ?? [])].map(read).join('\n');
    for (const page of pages) {
      expect(loaded(page).includes('unions.action.bulk'), page).toBe(page === 'unions.html');
      expect(loaded(page).includes('reports.unions.rate'), page).toBe(page === 'reports.html');
    }
  });

  it(`keeps the staff pages within ${STAFF_INITIAL_JS_GZIP_BUDGET / 1024} KB gzipped before the charts, which load on demand`, () => {
    for (const page of STAFF_PAGES) {
      expect(gzipTotal(files, scripts[page]?.initial ?? []), page).toBeLessThanOrEqual(
        STAFF_INITIAL_JS_GZIP_BUDGET,
      );
    }
    const charts = scripts['reports.html']?.lazy ?? [];
    expect(charts.length).toBeGreaterThan(0);
    expect(charts.some((path) => read(path).includes('Canvas is already in use'))).toBe(true);
    for (const path of scripts['reports.html']?.initial ?? [])
      expect(read(path), path).not.toContain('Canvas is already in use');
    expect(gzipTotal(files, charts)).toBeLessThanOrEqual(CHARTS_JS_GZIP_BUDGET);
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
        if (reference.startsWith('/assets/') || staticDocumentAt(reference))
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

  it('puts the one shared sign-in and not-on-the-roster markup into each staff page, once', () => {
    for (const page of STAFF_PAGES) {
      const html = read(page);
      expect(html.match(/<section id="sign-in"/g)?.length, page).toBe(1);
      expect(html.match(/<section id="not-staff"/g)?.length, page).toBe(1);
      expect(html.match(/id="oidc-button"/g)?.length, page).toBe(1);
      expect(html, page).not.toContain('<!-- include');
    }
    for (const page of ['index.html', 'status.html', 'consent.html'])
      expect(read(page)).not.toContain('sign-in');
  });

  it('builds every page in the one layout (<head>, header), with the staff bar and sign-in or the applicant footer', () => {
    // The integrators' API reference (/api) is English only, with no language switch: it keeps its own
    // frame until it has the layout's strings (a known gap, issue 14).
    for (const page of pages.filter((name) => name !== 'api.html')) {
      const layout = layoutOf(page);
      expect(layout?.partial, page).toBe('partials/page.html');
      const includes = includesOf(page);
      const expected = STAFF_PAGES.includes(page) ? ['staff-bar', 'staff-sign-in'] : ['footer'];
      expect(includes.map((include) => include.partial).sort(), page).toEqual(
        expect.arrayContaining(expected.map((name) => `partials/${name}.html`)),
      );
      const html = read(page);
      for (const partial of [layout, ...includes]) {
        if (!partial) continue;
        for (const line of renderPartial(partial, page).split('\n')) {
          // References to the sources become the hashed assets (checked above); slots take the page's content.
          if (!line.trim() || /\.\.\/(?:src|styles)\/|<!-- slot /.test(line)) continue;
          expect(html, `${page}: ${partial.partial}`).toContain(line.trim());
        }
      }
    }
  });

  it('links each staff page to the other three, never to itself', () => {
    const staffPaths = ['/reports', '/review', '/staff', '/unions'];
    for (const page of STAFF_PAGES) {
      const bar = read(page).match(/<div class="bar-buttons">[\s\S]*?<\/div>/)?.[0] ?? '';
      const links = Array.from(bar.matchAll(/<a [^>]*href="(\/[a-z]+)"/g), (m) => m[1]);
      expect(links.sort(), page).toEqual(staffPaths.filter((path) => `${path.slice(1)}.html` !== page));
      expect(bar.match(/id="sign-out"/g)?.length, page).toBe(1);
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
