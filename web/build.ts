/**
 * Builds the web pages into `outDir`: esbuild bundles the entry scripts and the stylesheets into
 * content-hashed files under assets/, and each page of shared/web/pages.ts, put together from its
 * source and partials (page-source.ts, which also checks its Chinese text), is written with its
 * references rewritten to those files. The static documents of shared/web/static-documents.ts (the
 * catalogue, the API description) are written beside them, each at its URL path.
 *
 * Synchronous on purpose: CDK's local bundling calls it synchronously.
 * Run directly (`node --import tsx web/build.ts`) it builds web/dist and prints the sizes.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildSync, type Metafile } from 'esbuild';
import { CONSENT_VERSION } from '../shared/domain/consent';
import { ASSET_PREFIX, PAGES } from '../shared/web/pages';
import { STATIC_DOCUMENTS, staticDocumentKey } from '../shared/web/static-documents';
import { checkTexts, escapeHtml, pageSource } from './page-source';

const WEB_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_DIR = resolve(WEB_DIR, '..');
const PAGES_DIR = join(WEB_DIR, 'pages');

/** Old phones: Chrome 80 and the Android WebViews of its age (ES2019 syntax). */
export const BROWSER_TARGETS = ['es2019', 'chrome80'];

/** Source file (relative to web/) → the name its bundle gets under assets/. */
const ENTRY_POINTS: Record<string, string> = {
  'src/apply/page.ts': 'form',
  'src/status/page.ts': 'status',
  'src/consent/page.ts': 'consent',
  'src/staff/review/page.ts': 'review',
  'src/staff/reports/page.ts': 'reports',
  'src/staff/roster/page.ts': 'staff',
  'src/staff/unions/page.ts': 'unions',
  'src/api-docs.ts': 'api-docs',
  'styles/app.css': 'app',
  'styles/review.css': 'console',
  'styles/reports.css': 'dashboard',
  'styles/unions.css': 'union-directory',
};

/**
 * Web Worker scripts (relative to web/) → the identifier the page bundles see their URL under. Each is
 * built first, as a classic script of its own (a module worker needs a newer browser than ours), and
 * its content-hashed URL is given to the page bundles with esbuild's `define`.
 */
const WORKERS: Record<string, { name: string; define: string }> = {
  'src/apply/altcha-worker.ts': { name: 'altcha-worker', define: 'ALTCHA_WORKER_URL' },
};

/** The pages people fill in on a phone, often on a slow connection: their JavaScript has a budget. */
export const APPLICANT_PAGES = ['index.html', 'status.html', 'consent.html'] as const;

export interface BuiltFile {
  path: string;
  bytes: number;
  gzipBytes: number;
}

/** The JavaScript one page loads (paths under outDir): at once, and later on demand (dynamic import). */
export interface PageScripts {
  initial: string[];
  lazy: string[];
}

/** Refuses to clear anything that holds the sources (the repository, its parents, web/ itself). */
const assertSafeToClear = (outDir: string): void => {
  const target = resolve(outDir);
  if (target === REPO_DIR || REPO_DIR.startsWith(target + sep) || target === resolve('/')) {
    throw new Error(`refusing to clear ${target}: it contains the sources`);
  }
  if (target === WEB_DIR || target === PAGES_DIR || target.startsWith(join(WEB_DIR, 'src'))) {
    throw new Error(`refusing to clear ${target}: it is a source folder`);
  }
};

interface BundledEntry {
  /** The URL the page uses, e.g. /assets/form-ABC123.js */
  url: string;
  /** Chunks it imports statically (directly or not), to preload so a slow connection fetches them in parallel. */
  preloads: string[];
  /** Chunks it may import later (`import()`), with everything they import in turn, and workers it may start. */
  lazy: string[];
}

/** Builds the worker scripts; answers each one's URL by its `define` identifier. */
const bundleWorkers = (outDir: string): Record<string, string> => {
  const urls: Record<string, string> = {};
  for (const [source, { name, define }] of Object.entries(WORKERS)) {
    const result = buildSync({
      absWorkingDir: REPO_DIR,
      entryPoints: [{ in: join(WEB_DIR, source), out: name }],
      bundle: true,
      format: 'iife',
      minify: true,
      target: BROWSER_TARGETS,
      platform: 'browser',
      outdir: join(outDir, ASSET_PREFIX),
      entryNames: '[name]-[hash]',
      legalComments: 'none',
      charset: 'utf8',
      metafile: true,
      logLevel: 'warning',
    });
    const [output] = Object.keys(result.metafile.outputs).filter((o) => o.endsWith('.js'));
    if (!output) throw new Error(`${source}: esbuild wrote no script`);
    urls[define] = `/${relative(outDir, join(REPO_DIR, output)).split(sep).join('/')}`;
  }
  return urls;
};

const bundle = (outDir: string): Map<string, BundledEntry> => {
  const workers = bundleWorkers(outDir);
  const result = buildSync({
    define: Object.fromEntries(Object.entries(workers).map(([name, url]) => [name, JSON.stringify(url)])),
    absWorkingDir: REPO_DIR,
    entryPoints: Object.entries(ENTRY_POINTS).map(([source, out]) => ({ in: join(WEB_DIR, source), out })),
    bundle: true,
    format: 'esm',
    splitting: true,
    minify: true,
    target: BROWSER_TARGETS,
    platform: 'browser',
    outdir: join(outDir, ASSET_PREFIX),
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    legalComments: 'none',
    charset: 'utf8',
    metafile: true,
    logLevel: 'warning',
  });
  return entriesOf(result.metafile, outDir, Object.values(workers));
};

const entriesOf = (
  metafile: Metafile,
  outDir: string,
  workerUrls: readonly string[],
): Map<string, BundledEntry> => {
  const urlOf = (output: string) => `/${relative(outDir, join(REPO_DIR, output)).split(sep).join('/')}`;
  /** Every output reachable from `start` through imports of the given kind (static ones in between). */
  const reachable = (start: string[], kind: 'import-statement' | 'dynamic-import'): string[] => {
    const seen = new Set<string>();
    const visit = (output: string, kinds: string[]) => {
      for (const i of metafile.outputs[output]?.imports ?? []) {
        if (!kinds.includes(i.kind) || i.external || seen.has(i.path)) continue;
        seen.add(i.path);
        visit(i.path, ['import-statement']);
      }
    };
    for (const output of start) visit(output, [kind]);
    return [...seen];
  };
  const entries = new Map<string, BundledEntry>();
  for (const [output, info] of Object.entries(metafile.outputs)) {
    if (!info.entryPoint) continue;
    const source = relative(WEB_DIR, join(REPO_DIR, info.entryPoint)).split(sep).join('/');
    const initial = reachable([output], 'import-statement');
    const lazy = reachable([output, ...initial], 'dynamic-import').filter((o) => !initial.includes(o));
    // A worker the page may start is JavaScript it loads later, on demand.
    const code = [output, ...initial, ...lazy].map((o) => readFileSync(join(REPO_DIR, o), 'utf8')).join('\n');
    const workers = workerUrls.filter((url) => code.includes(JSON.stringify(url)));
    entries.set(source, {
      url: urlOf(output),
      preloads: initial.map(urlOf),
      lazy: [...lazy.map(urlOf), ...workers],
    });
  }
  return entries;
};

/** Points the page's source references (../src/*.ts, ../styles/*.css) at the hashed bundles. */
const linkAssets = (html: string, page: string, entries: Map<string, BundledEntry>): string => {
  const built = (reference: string) => {
    const source = relative(WEB_DIR, join(PAGES_DIR, reference)).split(sep).join('/');
    const entry = entries.get(source);
    if (!entry) throw new Error(`${page}: ${reference} is not one of the bundled entry points`);
    return entry;
  };
  return html
    .replace(/<script type="module" src="([^"]+)"><\/script>/g, (_whole, reference: string) => {
      const entry = built(reference);
      const preloads = entry.preloads.map((url) => `<link rel="modulepreload" href="${url}">\n  `).join('');
      return `${preloads}<script type="module" src="${entry.url}"></script>`;
    })
    .replace(/<link rel="stylesheet" href="([^"]+)">/g, (_whole, reference: string) => {
      return `<link rel="stylesheet" href="${built(reference).url}">`;
    });
};

/** The scripts a page's source refers to (`<script type="module" src="../src/x.ts">`), as entries. */
const scriptsOf = (file: string, entries: Map<string, BundledEntry>): PageScripts => {
  const source = pageSource(file);
  const initial = new Set<string>();
  const lazy = new Set<string>();
  for (const [, reference = ''] of source.matchAll(/<script type="module" src="([^"]+)"><\/script>/g)) {
    const entry = entries.get(relative(WEB_DIR, join(PAGES_DIR, reference)).split(sep).join('/'));
    if (!entry) continue;
    for (const url of [entry.url, ...entry.preloads]) initial.add(url.replace(/^\//, ''));
    for (const url of entry.lazy) lazy.add(url.replace(/^\//, ''));
  }
  return { initial: [...initial], lazy: [...lazy].filter((path) => !initial.has(path)) };
};

const renderPage = (file: string, entries: Map<string, BundledEntry>): string => {
  const source = pageSource(file);
  checkTexts(source, file);
  const html = linkAssets(source, file, entries).replaceAll(
    '{{CONSENT_VERSION}}',
    escapeHtml(CONSENT_VERSION),
  );
  const leftover = /(?:\.\.\/(?:src|styles)\/|\{\{|<!-- (?:include|layout|slot|after main|when)\b)/.exec(
    html,
  );
  if (leftover)
    throw new Error(
      `${file}: unresolved reference near "${html.slice(leftover.index, leftover.index + 40)}"`,
    );
  return html;
};

const listFiles = (dir: string): string[] => {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else found.push(path);
    }
  };
  walk(dir);
  return found.sort();
};

/** Writes each static document at its key; none may stand where a page or the assets are. */
const writeStaticDocuments = (outDir: string): void => {
  for (const document of STATIC_DOCUMENTS) {
    const key = staticDocumentKey(document);
    if (Object.values<string>(PAGES).includes(key) || `/${key}`.startsWith(ASSET_PREFIX)) {
      throw new Error(`the static document ${document.path} would stand where a page or the assets are`);
    }
    const file = join(outDir, key);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, document.body());
  }
};

export const buildWeb = (outDir: string): { files: BuiltFile[]; scripts: Record<string, PageScripts> } => {
  assertSafeToClear(outDir);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const entries = bundle(outDir);
  const scripts: Record<string, PageScripts> = {};
  for (const file of new Set(Object.values(PAGES))) {
    writeFileSync(join(outDir, file), renderPage(file, entries));
    scripts[file] = scriptsOf(file, entries);
  }
  writeStaticDocuments(outDir);
  const files = listFiles(outDir).map((path) => {
    const content = readFileSync(path);
    return {
      path: relative(outDir, path).split(sep).join('/'),
      bytes: content.length,
      gzipBytes: gzipSync(content, { level: 9 }).length,
    };
  });
  return { files, scripts };
};

/** Gzipped bytes of these built files together. */
export const gzipTotal = (files: BuiltFile[], paths: Iterable<string>): number => {
  const wanted = new Set(paths);
  return files.filter((f) => wanted.has(f.path)).reduce((sum, f) => sum + f.gzipBytes, 0);
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const printSizes = (files: BuiltFile[], scripts: Record<string, PageScripts>): void => {
  const width = Math.max(...files.map((f) => f.path.length));
  for (const file of files) {
    console.log(
      `${file.path.padEnd(width)}  ${kb(file.bytes).padStart(9)}  gzip ${kb(file.gzipBytes).padStart(8)}`,
    );
  }
  const js = files.filter((f) => f.path.endsWith('.js'));
  const total = js.reduce((sum, f) => sum + f.gzipBytes, 0);
  console.log(
    `${'all JavaScript'.padEnd(width)}  ${kb(js.reduce((s, f) => s + f.bytes, 0)).padStart(9)}  gzip ${kb(total).padStart(8)}`,
  );
  console.log('\nJavaScript per page (gzip): loaded at once + loaded later on demand');
  for (const [page, { initial, lazy }] of Object.entries(scripts)) {
    const later = lazy.length > 0 ? ` + ${kb(gzipTotal(files, lazy))}` : '';
    console.log(`  ${page.padEnd(14)} ${kb(gzipTotal(files, initial)).padStart(9)}${later}`);
  }
  const applicant = new Set(
    APPLICANT_PAGES.flatMap((page) => [...(scripts[page]?.initial ?? []), ...(scripts[page]?.lazy ?? [])]),
  );
  console.log(`  applicant pages together: ${kb(gzipTotal(files, applicant))}`);
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = join(WEB_DIR, 'dist');
  const { files, scripts } = buildWeb(outDir);
  printSizes(files, scripts);
}
