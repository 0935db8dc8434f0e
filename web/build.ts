/**
 * Builds the applicant pages into `outDir`: esbuild bundles the entry scripts and the stylesheet into
 * content-hashed files under assets/, and each page of shared/web/pages.ts is copied with its
 * references rewritten to those files (after checking its Chinese text matches web/src/strings.ts).
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
import { UI_STRINGS, type UiKey } from './src/strings';

const WEB_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_DIR = resolve(WEB_DIR, '..');
const PAGES_DIR = join(WEB_DIR, 'pages');

/** Old phones: Chrome 80 and the Android WebViews of its age (ES2019 syntax). */
export const BROWSER_TARGETS = ['es2019', 'chrome80'];

/** Source file (relative to web/) → the name its bundle gets under assets/. */
const ENTRY_POINTS: Record<string, string> = {
  'src/form.ts': 'form',
  'src/status.ts': 'status',
  'src/consent.ts': 'consent',
  'src/review.ts': 'review',
  'styles/app.css': 'app',
  'styles/review.css': 'console',
};

export interface BuiltFile {
  path: string;
  bytes: number;
  gzipBytes: number;
}

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

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
  /** Chunks it imports statically, to preload so a slow connection fetches them in parallel. */
  preloads: string[];
}

const bundle = (outDir: string): Map<string, BundledEntry> => {
  const result = buildSync({
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
  return entriesOf(result.metafile, outDir);
};

const entriesOf = (metafile: Metafile, outDir: string): Map<string, BundledEntry> => {
  const urlOf = (output: string) => `/${relative(outDir, join(REPO_DIR, output)).split(sep).join('/')}`;
  const entries = new Map<string, BundledEntry>();
  for (const [output, info] of Object.entries(metafile.outputs)) {
    if (!info.entryPoint) continue;
    const source = relative(WEB_DIR, join(REPO_DIR, info.entryPoint)).split(sep).join('/');
    const preloads = info.imports.filter((i) => i.kind === 'import-statement').map((i) => urlOf(i.path));
    entries.set(source, { url: urlOf(output), preloads });
  }
  return entries;
};

/**
 * The pages carry their Chinese text (so they read right before, or without, script); the runtime
 * swaps it from web/src/strings.ts. This check keeps the two identical and every key known.
 */
const checkTexts = (html: string, page: string): void => {
  const element = /<([a-z][a-z0-9]*)\b[^>]*\bdata-i18n="([^"]+)"[^>]*>([^<]*)<\/\1>/g;
  for (const [, , key = '', text = ''] of html.matchAll(element)) {
    const expected = UI_STRINGS['zh-CN'][key as UiKey];
    if (expected === undefined) throw new Error(`${page}: no UI string "${key}" in web/src/strings.ts`);
    if (text !== escapeHtml(expected)) {
      throw new Error(
        `${page}: the text of data-i18n="${key}" differs from web/src/strings.ts; it should be:\n${escapeHtml(expected)}`,
      );
    }
  }
  const marked = html.match(/\bdata-i18n="/g)?.length ?? 0;
  const checked = Array.from(html.matchAll(element)).length;
  if (marked !== checked) throw new Error(`${page}: a data-i18n element holds markup; it may only hold text`);
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

const renderPage = (file: string, entries: Map<string, BundledEntry>): string => {
  const source = readFileSync(join(PAGES_DIR, file), 'utf8');
  checkTexts(source, file);
  const html = linkAssets(source, file, entries).replaceAll(
    '{{CONSENT_VERSION}}',
    escapeHtml(CONSENT_VERSION),
  );
  const leftover = /(?:\.\.\/(?:src|styles)\/|\{\{)/.exec(html);
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

export const buildWeb = (outDir: string): { files: BuiltFile[] } => {
  assertSafeToClear(outDir);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const entries = bundle(outDir);
  for (const file of new Set(Object.values(PAGES)))
    writeFileSync(join(outDir, file), renderPage(file, entries));
  const files = listFiles(outDir).map((path) => {
    const content = readFileSync(path);
    return {
      path: relative(outDir, path).split(sep).join('/'),
      bytes: content.length,
      gzipBytes: gzipSync(content, { level: 9 }).length,
    };
  });
  return { files };
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const printSizes = (files: BuiltFile[]): void => {
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
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = join(WEB_DIR, 'dist');
  printSizes(buildWeb(outDir).files);
}
