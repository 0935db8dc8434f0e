import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { PAGES } from '../../shared/web/pages';
import { pageSource, TEXT_SOURCES } from '../../web/page-source';

const WEB_SRC = join('web', 'src');

/** The source modules a page's script loads, at once or on demand (paths from the repository root). */
const modulesOf = (entry: string): string[] => {
  const { metafile } = buildSync({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'browser',
    logLevel: 'silent',
    define: { ALTCHA_WORKER_URL: '""' },
  });
  return Object.keys(metafile.inputs).map((input) => relative('.', input));
};

const allKeys = TEXT_SOURCES.flatMap((source) => Object.keys(source.texts));

describe('the UI text each page loads', () => {
  /**
   * The text tables are split by page so that a page downloads only its own: this keeps each key that a
   * page's scripts or markup name in a table the page loads (a key missing would show as itself).
   */
  it.each(Object.values(PAGES))(
    '%s: every key its scripts and markup name is in a table it loads',
    (page) => {
      const markup = pageSource(page);
      const script = /<script type="module" src="\.\.\/src\/([^"]+)"><\/script>/.exec(markup)?.[1];
      expect(script, page).toBeDefined();
      const modules = modulesOf(join(WEB_SRC, script ?? ''));
      const loaded = TEXT_SOURCES.filter((source) => modules.includes(source.file));
      const code = modules
        .filter((path) => path.startsWith(WEB_SRC) && !TEXT_SOURCES.some((source) => source.file === path))
        .map((path) => readFileSync(path, 'utf8'))
        .join('\n');
      const named = allKeys.filter(
        (key) => code.includes(`'${key}'`) || markup.includes(`data-i18n="${key}"`),
      );
      const missing = named.filter((key) => !loaded.some((source) => Object.hasOwn(source.texts, key)));
      expect(missing, page).toEqual([]);
    },
  );

  it('finds the keys a page names, in its scripts and in its markup', () => {
    expect(pageSource('review.html')).toContain('data-i18n="review.heading"');
    expect(readFileSync(join(WEB_SRC, 'staff', 'review', 'queue.ts'), 'utf8')).toContain(
      "'review.queue.empty'",
    );
  });
});
