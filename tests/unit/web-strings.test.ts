import { describe, expect, it } from 'vitest';
import { parseStoredLocale } from '../../web/src/common/i18n';
import { interpolate, UI_STRINGS } from '../../web/src/common/strings';
import { STAFF_STRINGS } from '../../web/src/staff/common/strings';
import { REPORTS_STRINGS } from '../../web/src/staff/reports/strings';
import { REPORT_UNIONS_STRINGS } from '../../web/src/staff/reports/union-strings';
import { REVIEW_STRINGS } from '../../web/src/staff/review/strings';
import { ROSTER_STRINGS } from '../../web/src/staff/roster/strings';
import { UNIONS_STRINGS } from '../../web/src/staff/unions/strings';

const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();

/** The staff pages' shared table and each staff page's own (the unions' and the report's union text aside). */
const STAFF_TABLES = [STAFF_STRINGS, REVIEW_STRINGS, REPORTS_STRINGS, ROSTER_STRINGS];

describe('web UI strings (applicant pages and staff pages)', () => {
  const zh: Record<string, string> = {
    ...UI_STRINGS['zh-CN'],
    ...Object.assign({}, ...STAFF_TABLES.map((table) => table['zh-CN'])),
    ...UNIONS_STRINGS['zh-CN'],
    ...REPORT_UNIONS_STRINGS['zh-CN'],
  };
  const en: Record<string, string> = {
    ...UI_STRINGS.en,
    ...Object.assign({}, ...STAFF_TABLES.map((table) => table.en)),
    ...UNIONS_STRINGS.en,
    ...REPORT_UNIONS_STRINGS.en,
  };

  it('keeps the staff pages’ text apart: no key in both tables, none of it in the applicant table', () => {
    const applicant = Object.keys(UI_STRINGS['zh-CN']);
    const staff = STAFF_TABLES.flatMap((table) => Object.keys(table['zh-CN']));
    expect(staff.filter((key) => applicant.includes(key))).toEqual([]);
    const staffKey = /^(review|reports|staff|notStaff|staffNotice)\./;
    expect(applicant.filter((key) => staffKey.test(key))).toEqual([]);
    expect(staff.every((key) => staffKey.test(key))).toBe(true);
    for (const table of STAFF_TABLES)
      expect(Object.keys(table.en).sort()).toEqual(Object.keys(table['zh-CN']).sort());
  });

  it('keeps the unions page’s and the report’s union text in tables of their own, each key in one table', () => {
    const tables = [UI_STRINGS, ...STAFF_TABLES, UNIONS_STRINGS, REPORT_UNIONS_STRINGS].map((table) =>
      Object.keys(table['zh-CN']),
    );
    const all = tables.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(Object.keys(UNIONS_STRINGS['zh-CN']).every((key) => key.startsWith('unions.'))).toBe(true);
    expect(
      Object.keys(REPORT_UNIONS_STRINGS['zh-CN']).every((key) => key.startsWith('reports.unions.')),
    ).toBe(true);
    expect(Object.keys(UNIONS_STRINGS.en).sort()).toEqual(Object.keys(UNIONS_STRINGS['zh-CN']).sort());
    expect(Object.keys(REPORT_UNIONS_STRINGS.en).sort()).toEqual(
      Object.keys(REPORT_UNIONS_STRINGS['zh-CN']).sort(),
    );
  });

  it('names the kinds of union the same on the unions page and in the report', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const kind of ['platform', 'industry', 'joint', 'fallback']) {
        expect(REPORT_UNIONS_STRINGS[locale][`reports.unions.kind.${kind}` as never], kind).toBe(
          UNIONS_STRINGS[locale][`unions.kind.${kind}` as never],
        );
      }
    }
  });

  it('has every key in both languages, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const [key, text] of [...Object.entries(zh), ...Object.entries(en)]) {
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of Object.keys(zh)) {
      expect(placeholders(en[key] ?? ''), key).toEqual(placeholders(zh[key] ?? ''));
    }
  });

  it('really is Chinese in zh-CN and not Chinese in en (except the switch back to Chinese)', () => {
    const han = /\p{Script=Han}/u;
    for (const [key, text] of Object.entries(zh)) {
      if (key !== 'language.switch') expect(han.test(text), key).toBe(true);
    }
    for (const [key, text] of Object.entries(en)) {
      if (key !== 'language.switch') expect(han.test(text), key).toBe(false);
    }
    expect(zh['language.switch']).toBe('English');
    expect(en['language.switch']).toBe('中文');
  });

  it('shows the consent version in both languages', () => {
    expect(zh['consent.version']).toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(en['consent.version']).toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('fills placeholders and leaves unknown ones alone', () => {
    expect(interpolate('还有 {count} 处', { count: 3 })).toBe('还有 3 处');
    expect(interpolate('{a} and {b}', { a: 'x' })).toBe('x and {b}');
  });

  it('remembers only a supported language, Chinese otherwise', () => {
    expect(parseStoredLocale('en')).toBe('en');
    expect(parseStoredLocale('zh-CN')).toBe('zh-CN');
    expect(parseStoredLocale(null)).toBe('zh-CN');
    expect(parseStoredLocale('fr')).toBe('zh-CN');
    expect(parseStoredLocale('EN')).toBe('zh-CN');
  });
});
