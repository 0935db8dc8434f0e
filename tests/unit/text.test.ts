import { describe, expect, it } from 'vitest';
import { charLength, hasUnsafeCharacters, nameProblem } from '../../shared/domain/text';

describe('nameProblem (fullName: 2–40 characters, no digits, control characters or <>)', () => {
  it.each([
    ['a two-character Chinese name', '王明'],
    ['a three-character Chinese name', '王小明'],
    ['an Uyghur name with a middle dot', '买买提·艾力'],
    ['a name with the katakana middle dot', '阿依古丽・买买提'],
    ['a Latin name with a space', 'Li Ming'],
    ['an apostrophe and a hyphen', "Anne-Marie O'Neil"],
    ['Chinese numeral characters (not digits)', '王三'],
    ['two astral-plane CJK characters (4 UTF-16 units)', '𠮷𠮷'],
    ['exactly 40 CJK characters', '王'.repeat(40)],
    ['exactly 40 Latin letters', 'a'.repeat(40)],
  ])('accepts %s', (_case, name) => {
    expect(nameProblem(name)).toBeNull();
  });

  it.each([
    ['one CJK character', '王', 'length'],
    ['one astral-plane CJK character (2 UTF-16 units)', '𠮷', 'length'],
    ['an empty string', '', 'length'],
    ['41 CJK characters', '王'.repeat(41), 'length'],
    ['41 Latin letters', 'a'.repeat(41), 'length'],
    ['an ASCII digit', '王小明2', 'characters'],
    ['a full-width digit', '王１', 'characters'],
    ['an Arabic-Indic digit', 'Ali ٣', 'characters'],
    ['a newline', '王\n明', 'characters'],
    ['a tab', '王\t明', 'characters'],
    ['a NUL', '王\u0000明', 'characters'],
    ['a zero-width space', '王\u200b明', 'characters'],
    ['a right-to-left override', '王\u202e明', 'characters'],
    ['an opening angle bracket', '王<明', 'characters'],
    ['a closing angle bracket', '王>明', 'characters'],
    ['a script tag', '<script>', 'characters'],
  ])('refuses %s (%s)', (_case, name, problem) => {
    expect(nameProblem(name)).toBe(problem);
  });
});

describe('charLength counts code points, not UTF-16 units', () => {
  it.each([
    ['ASCII', 'abc', 3],
    ['BMP CJK', '王小明', 3],
    ['astral CJK', '𠮷野家', 3],
    ['empty', '', 0],
  ])('%s', (_case, text, length) => {
    expect(charLength(text)).toBe(length);
  });
});

describe('hasUnsafeCharacters', () => {
  it.each([
    ['plain Chinese text', '昭阳区美团站点', false],
    ['punctuation and spaces', '站点 No.3（北门）', false],
    ['an angle bracket', 'a<b', true],
    ['a DEL control character', 'a\u007fb', true],
    ['a soft hyphen (format character)', 'a\u00adb', true],
  ])('%s → %s', (_case, text, unsafe) => {
    expect(hasUnsafeCharacters(text)).toBe(unsafe);
  });
});

describe('characters that must never reach a reviewer’s screen', () => {
  it.each([
    ['a lone high surrogate', '王\ud800明'],
    ['a lone low surrogate', '王\udc00明'],
    ['a line separator', '王\u2028明'],
    ['a paragraph separator', '王\u2029明'],
  ])('refuses %s in a name', (_, name) => {
    expect(nameProblem(name)).toBe('characters');
  });

  it('still accepts characters outside the BMP written as surrogate pairs', () => {
    expect(nameProblem('𠮷野家')).toBeNull();
  });
});
