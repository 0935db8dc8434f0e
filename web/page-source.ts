/**
 * What a page of web/pages becomes before its scripts and stylesheets are linked: put in its layout,
 * with the partials it includes (the markup the pages share, web/pages/partials), and its Chinese text
 * checked against the string tables the scripts use.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UI_STRINGS } from './src/common/strings';
import { STAFF_STRINGS } from './src/staff/common/strings';
import { REPORTS_STRINGS } from './src/staff/reports/strings';
import { REPORT_UNIONS_STRINGS } from './src/staff/reports/union-strings';
import { REVIEW_STRINGS } from './src/staff/review/strings';
import { ROSTER_STRINGS } from './src/staff/roster/strings';
import { UNIONS_STRINGS } from './src/staff/unions/strings';

const PAGES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'pages');

export const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Where the pages' Chinese text comes from: the applicant pages' table, the staff pages' and each staff page's own. */
export const TEXT_SOURCES: Array<{ file: string; texts: Record<string, string> }> = [
  { file: 'web/src/common/strings.ts', texts: UI_STRINGS['zh-CN'] },
  { file: 'web/src/staff/common/strings.ts', texts: STAFF_STRINGS['zh-CN'] },
  { file: 'web/src/staff/review/strings.ts', texts: REVIEW_STRINGS['zh-CN'] },
  { file: 'web/src/staff/reports/strings.ts', texts: REPORTS_STRINGS['zh-CN'] },
  { file: 'web/src/staff/reports/union-strings.ts', texts: REPORT_UNIONS_STRINGS['zh-CN'] },
  { file: 'web/src/staff/roster/strings.ts', texts: ROSTER_STRINGS['zh-CN'] },
  { file: 'web/src/staff/unions/strings.ts', texts: UNIONS_STRINGS['zh-CN'] },
];

/**
 * The pages carry their Chinese text (so they read right before, or without, script); the runtime
 * swaps it from the tables of TEXT_SOURCES. This check keeps them identical and every key known.
 */
export const checkTexts = (html: string, page: string): void => {
  const element = /<([a-z][a-z0-9]*)\b[^>]*\bdata-i18n="([^"]+)"[^>]*>([^<]*)<\/\1>/g;
  for (const [, , key = '', text = ''] of html.matchAll(element)) {
    const source = TEXT_SOURCES.find((s) => Object.hasOwn(s.texts, key));
    const expected = source?.texts[key];
    if (!source || expected === undefined) {
      throw new Error(`${page}: no UI string "${key}" in ${TEXT_SOURCES.map((s) => s.file).join(' or ')}`);
    }
    if (text !== escapeHtml(expected)) {
      throw new Error(
        `${page}: the text of data-i18n="${key}" differs from ${source.file}; it should be:\n${escapeHtml(expected)}`,
      );
    }
  }
  const marked = html.match(/\bdata-i18n="/g)?.length ?? 0;
  const checked = Array.from(html.matchAll(element)).length;
  if (marked !== checked) throw new Error(`${page}: a data-i18n element holds markup; it may only hold text`);
};

/** What a page's `<!-- include partials/x.html name="value" … -->` line asks for. */
export interface Include {
  partial: string;
  params: Record<string, string>;
}

/** `<!-- include partials/x.html name="value" … -->`, on a line of its own. */
const INCLUDE = /^[ \t]*<!-- include (partials\/[\w-]+\.html)((?: [\w-]+="[^"]*")*) -->\n/gm;

const includeOf = (partial: string, attributes: string): Include => ({
  partial,
  params: Object.fromEntries(
    Array.from(attributes.matchAll(/([\w-]+)="([^"]*)"/g), ([, name, value]) => [name, value]),
  ),
});

/** The includes of a page's source, in order. */
export const includesOf = (file: string): Include[] =>
  Array.from(
    readFileSync(join(PAGES_DIR, file), 'utf8').matchAll(INCLUDE),
    ([, partial = '', attributes = '']) => includeOf(partial, attributes),
  );

/** A line of a partial that ends in `<!-- when name=value -->` or `name!=value` (a parameter not given is ''). */
const WHEN = /\s*<!-- when ([\w-]+)(!?=)([\w-]*) -->$/;

/**
 * A partial as a page includes it: its opening comment (what it is, its parameters) dropped, a line with a
 * `when` condition kept only when the condition holds, each `{{name}}` replaced by the value given (an
 * attribute whose whole value is a parameter not given is left out), and the text of an element marked
 * `data-i18n` that reads `{{text}}` taken from the string tables (checkTexts then checks it).
 */
export const renderPartial = ({ partial, params }: Include, page: string): string => {
  const lines = readFileSync(join(PAGES_DIR, partial), 'utf8')
    .replace(/^<!--[\s\S]*?-->\n/, '')
    .split('\n');
  const kept = lines.flatMap((line) => {
    const when = WHEN.exec(line);
    if (!when) return [line];
    const [marker, name = '', test, value] = when;
    const holds = ((params[name] ?? '') === value) === (test === '=');
    return holds ? [line.slice(0, line.length - marker.length)] : [];
  });
  return kept
    .join('\n')
    .replace(/ [\w-]+="\{\{([\w-]+)\}\}"/g, (whole, name: string) => (params[name] ? whole : ''))
    .replace(/\{\{([\w-]+)\}\}/g, (whole, name: string) => {
      if (name === 'text') return whole;
      const value = params[name];
      if (value === undefined) throw new Error(`${page}: ${partial} needs ${name}="…"`);
      return escapeHtml(value).replace(/"/g, '&quot;');
    })
    .replace(
      /(<([a-z][a-z0-9]*)\b[^>]*\bdata-i18n="([^"]+)"[^>]*>)\{\{text\}\}(<\/\2>)/g,
      (_, open: string, _tag, key: string, close: string) => {
        const text = TEXT_SOURCES.find((source) => Object.hasOwn(source.texts, key))?.texts[key];
        if (text === undefined) throw new Error(`${page}: ${partial}: no UI string "${key}"`);
        return `${open}${escapeHtml(text)}${close}`;
      },
    );
};

/** A page's first line: the partial it goes into, with its parameters. */
const LAYOUT = /^<!-- layout (partials\/[\w-]+\.html)((?: [\w-]+="[^"]*")*) -->\n/;
/** In a page, the line after which comes what goes after `</main>`. */
const AFTER_MAIN = /^<!-- after main -->\n/m;

/** The layout a page names on its first line, if any. */
export const layoutOf = (file: string): Include | undefined => {
  const [, partial = '', attributes = ''] = LAYOUT.exec(readFileSync(join(PAGES_DIR, file), 'utf8')) ?? [];
  return partial ? includeOf(partial, attributes) : undefined;
};

/**
 * A page's source as built: put in its layout (its content at the layout's `<!-- slot main -->`, what
 * follows its `<!-- after main -->` at `<!-- slot after-main -->`), then each include replaced by its
 * partial (the markup pages share).
 */
export const pageSource = (file: string): string => {
  const source = readFileSync(join(PAGES_DIR, file), 'utf8');
  const layout = layoutOf(file);
  const [main = '', afterMain = ''] = source.replace(LAYOUT, '').split(AFTER_MAIN);
  const framed = layout
    ? renderPartial(layout, file)
        .replace(/^<!-- slot main -->\n/m, () => main)
        .replace(/^<!-- slot after-main -->\n/m, () => afterMain)
    : source;
  return framed.replace(INCLUDE, (_, partial: string, attributes: string) =>
    renderPartial(includeOf(partial, attributes), file),
  );
};
